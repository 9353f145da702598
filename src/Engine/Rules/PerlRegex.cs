using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Rules;

/// <summary>A Perl regex rewritten for .NET: the pattern, its options, or why it could not be translated.</summary>
public sealed record RegexTranslation(string Pattern, RegexOptions Options, string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Translates SpamAssassin rule regexes (Perl, compiled with <c>/aa</c>) into .NET regexes with the same meaning
/// over a one-char-per-byte (Latin-1) view of the text:
/// <c>\w \d \s \b</c> and POSIX classes become explicit ASCII sets, possessive quantifiers atomic groups,
/// <c>\Q..\E</c> escaped literals, <c>(?^..)</c> and Perl-only flags are rewritten, and escapes .NET lacks
/// (<c>\h \v \R \N \x{..} \g \k{..}</c>) get their equivalents. Unsupported constructs yield an error.
/// </summary>
public static class PerlRegex
{
    private const string Word = "A-Za-z0-9_";
    private const string Space = @"\t\n\x0B\f\r ";
    private const string NotWordInClass = @"\x00-/:-@\[-\^`{-\uFFFF";
    private const string NotDigitInClass = @"\x00-/:-\uFFFF";
    private const string NotSpaceInClass = @"\x00-\x08\x0E-\x1F!-\uFFFF";
    private const string HorizontalSpace = @"\t \xA0";
    private const string VerticalSpace = @"\n\x0B\f\r\x85";

    private const string WordBoundary = "(?:(?<=[" + Word + "])(?![" + Word + "])|(?<![" + Word + "])(?=[" + Word + "]))";
    private const string NotWordBoundary = "(?:(?<=[" + Word + "])(?=[" + Word + "])|(?<![" + Word + "])(?![" + Word + "]))";

    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alpha"] = "A-Za-z",
        ["digit"] = "0-9",
        ["alnum"] = "A-Za-z0-9",
        ["upper"] = "A-Z",
        ["lower"] = "a-z",
        ["space"] = Space,
        ["blank"] = @"\t ",
        ["punct"] = @"!-/:-@\[-`{-~",
        ["xdigit"] = "0-9A-Fa-f",
        ["cntrl"] = @"\x00-\x1F\x7F",
        ["print"] = @" -~",
        ["graph"] = @"!-~",
        ["word"] = Word,
        ["ascii"] = @"\x00-\x7F",
    };

    /// <summary>
    /// Splits a rule's regex text (<c>/re/flags</c>, <c>m{re}flags</c>, <c>m!re!flags</c> ...) into pattern and flags,
    /// the way SpamAssassin's compile_regexp accepts it.
    /// </summary>
    public static bool TryParseDelimited(string text, out string pattern, out string flags, out string error)
    {
        pattern = flags = error = "";
        text = text.Trim();
        if (text.Length < 2)
        {
            error = "empty regex";
            return false;
        }
        char open;
        int start;
        if (text[0] == '/') { open = '/'; start = 1; }
        else if (text[0] == 'm' && text.Length >= 3 && !char.IsLetterOrDigit(text[1]) && text[1] != '_' && text[1] != '\\' && !char.IsWhiteSpace(text[1]))
        {
            open = text[1];
            start = 2;
        }
        else
        {
            error = "missing delimiters";
            return false;
        }
        char close = open switch { '{' => '}', '(' => ')', '<' => '>', '[' => ']', _ => open };
        int end = text.LastIndexOf(close);
        if (end < start)
        {
            error = "missing closing delimiter";
            return false;
        }
        pattern = text[start..end];
        flags = text[(end + 1)..];
        foreach (char f in flags)
        {
            if (f < 'a' || f > 'z' || f == 'e')
            {
                error = $"invalid regex flags '{flags}'";
                return false;
            }
        }
        if (pattern.Contains("(?{") || pattern.Contains("(??{"))
        {
            error = "code blocks are not allowed";
            return false;
        }
        return true;
    }

    /// <summary>Parses a delimited rule regex and translates it.</summary>
    public static RegexTranslation TranslateDelimited(string text)
    {
        if (!TryParseDelimited(text, out var pattern, out var flags, out var error))
            return new RegexTranslation("", RegexOptions.None, error);
        return Translate(pattern, flags);
    }

    /// <summary>
    /// The same translation for .NET's ECMAScript mode, whose <c>\w \d \s \b</c> are already ASCII-only: those
    /// stay native (much faster than the explicit forms), and <c>/s</c> <c>/x</c> become inline flags because
    /// ECMAScript mode only combines with IgnoreCase and Multiline. Callers fall back to <see cref="Translate"/>
    /// when .NET refuses the pattern in this mode.
    /// </summary>
    public static RegexTranslation TranslateEcmaScript(string pattern, string flags = "")
    {
        var options = RegexOptions.ECMAScript;
        if (flags.Contains('i')) options |= RegexOptions.IgnoreCase;
        if (flags.Contains('m')) options |= RegexOptions.Multiline;
        string inline = (flags.Contains('s') ? "s" : "") + (flags.Contains('x') ? "x" : "");
        try
        {
            var translator = new Translator(pattern, flags.Contains('x'), nativeClasses: true);
            string translated = translator.Run();
            return new RegexTranslation(inline.Length > 0 ? "(?" + inline + ")" + translated : translated, options, null);
        }
        catch (FormatException e)
        {
            return new RegexTranslation("", options, e.Message);
        }
    }

    /// <summary>
    /// A relaxed translation that matches a superset of the original: word boundaries and lookarounds are dropped,
    /// atomic groups and possessive quantifiers become plain ones. Such a pattern suits the linear-time
    /// non-backtracking engine, as a gate: where it does not match, the original cannot either.
    /// Patterns with back-references have no relaxed form (error).
    /// </summary>
    public static RegexTranslation TranslateRelaxed(string pattern, string flags = "")
    {
        var strict = Translate(pattern, flags);
        if (!strict.Succeeded) return strict;
        try
        {
            var translator = new Translator(pattern, flags.Contains('x'), relaxed: true);
            return strict with { Pattern = translator.Run() };
        }
        catch (FormatException e)
        {
            return new RegexTranslation("", strict.Options, e.Message);
        }
    }

    /// <summary>Translates a bare Perl pattern with its flags (i m s x honoured; a g o p d u l ignored).</summary>
    public static RegexTranslation Translate(string pattern, string flags = "")
    {
        var options = RegexOptions.CultureInvariant;
        if (flags.Contains('i')) options |= RegexOptions.IgnoreCase;
        if (flags.Contains('m')) options |= RegexOptions.Multiline;
        if (flags.Contains('s')) options |= RegexOptions.Singleline;
        if (flags.Contains('x')) options |= RegexOptions.IgnorePatternWhitespace;
        try
        {
            var translator = new Translator(pattern, flags.Contains('x'));
            return new RegexTranslation(translator.Run(), options, null);
        }
        catch (FormatException e)
        {
            return new RegexTranslation("", options, e.Message);
        }
    }

    /// <summary>Perl's quotemeta over a Latin-1 string: backslash before every non-word character.</summary>
    public static string QuoteMeta(string text)
    {
        var result = new StringBuilder(text.Length * 2);
        foreach (char c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c > 0x7F)) result.Append('\\');
            result.Append(c);
        }
        return result.ToString();
    }

    private sealed class Translator(string pattern, bool extended, bool nativeClasses = false, bool relaxed = false)
    {
        private readonly StringBuilder output = new(pattern.Length + 16);
        private readonly Stack<int> groupStarts = new();
        private int position;
        private int lastAtomStart = -1;

        public string Run()
        {
            while (position < pattern.Length)
            {
                char c = pattern[position];
                switch (c)
                {
                    case '\\':
                        Atom(() => Escape(inClass: false));
                        break;
                    case '[':
                        Atom(Class);
                        break;
                    case '(':
                        OpenGroup();
                        break;
                    case ')':
                        position++;
                        if (groupStarts.Count == 0) throw new FormatException("unmatched )");
                        output.Append(')');
                        lastAtomStart = groupStarts.Pop();
                        break;
                    case '*':
                    case '+':
                    case '?':
                        position++;
                        output.Append(c);
                        QuantifierSuffix();
                        break;
                    case '{':
                        Brace();
                        break;
                    case '#' when extended:
                        int newline = pattern.IndexOf('\n', position);
                        position = newline < 0 ? pattern.Length : newline + 1;
                        break;
                    case '^':
                    case '$':
                        position++;
                        output.Append(c);
                        lastAtomStart = -1;
                        break;
                    default:
                        position++;
                        if (extended && char.IsWhiteSpace(c)) break;
                        lastAtomStart = output.Length;
                        output.Append(c);
                        break;
                }
            }
            if (groupStarts.Count > 0) throw new FormatException("unmatched (");
            return output.ToString();
        }

        private void Atom(Action emit)
        {
            int start = output.Length;
            emit();
            lastAtomStart = start;
        }

        /// <summary>After a quantifier: keep a lazy '?', turn a possessive '+' into an atomic group.</summary>
        private void QuantifierSuffix()
        {
            if (position >= pattern.Length) return;
            if (pattern[position] == '?')
            {
                output.Append('?');
                position++;
            }
            else if (pattern[position] == '+')
            {
                position++;
                if (relaxed) return;
                if (lastAtomStart < 0) throw new FormatException("possessive quantifier without an atom");
                output.Insert(lastAtomStart, "(?>");
                output.Append(')');
            }
            lastAtomStart = -1;
        }

        /// <summary>A '{' is a quantifier only in the forms {n} {n,} {n,m} {,m}; otherwise a literal brace.</summary>
        private void Brace()
        {
            var match = QuantifierBrace.Match(pattern, position);
            if (match.Success && match.Index == position)
            {
                string min = match.Groups[1].Value.Trim();
                string rest = match.Groups[2].Value.Replace(" ", "");
                if (min.Length == 0 && !rest.Any(char.IsAsciiDigit))
                {
                    position++;
                    lastAtomStart = output.Length;
                    output.Append(@"\{");
                    return;
                }
                output.Append('{').Append(min.Length == 0 ? "0" : min).Append(rest).Append('}');
                position += match.Length;
                QuantifierSuffix();
                return;
            }
            position++;
            lastAtomStart = output.Length;
            output.Append(@"\{");
        }

        private static readonly Regex QuantifierBrace = new(@"\{\s*(\d*)\s*((?:,\s*\d*\s*)?)\}", RegexOptions.CultureInvariant);

        private void OpenGroup()
        {
            int start = output.Length;
            position++;
            if (position < pattern.Length && pattern[position] == '*') throw new FormatException("backtracking verbs are not supported");
            if (position >= pattern.Length || pattern[position] != '?')
            {
                output.Append('(');
                groupStarts.Push(start);
                return;
            }
            // (? constructs
            var rest = pattern.AsSpan(position);
            if (rest.StartsWith("?#", StringComparison.Ordinal))
            {
                int close = pattern.IndexOf(')', position);
                if (close < 0) throw new FormatException("unterminated comment");
                position = close + 1;
                return;
            }
            if (rest.StartsWith("?P<", StringComparison.Ordinal))
            {
                output.Append("(?<");
                position += 3;
                groupStarts.Push(start);
                return;
            }
            if (rest.StartsWith("?P=", StringComparison.Ordinal))
            {
                if (relaxed) throw new FormatException("back-references have no relaxed form");
                int close = pattern.IndexOf(')', position);
                if (close < 0) throw new FormatException("unterminated (?P=");
                output.Append(@"\k<").Append(pattern, position + 3, close - position - 3).Append('>');
                lastAtomStart = start;
                position = close + 1;
                return;
            }
            if (relaxed && (rest.StartsWith("?=", StringComparison.Ordinal) || rest.StartsWith("?!", StringComparison.Ordinal) ||
                            rest.StartsWith("?<=", StringComparison.Ordinal) || rest.StartsWith("?<!", StringComparison.Ordinal)))
            {
                SkipGroupAndQuantifier();
                return;
            }
            if (relaxed && rest.StartsWith("?>", StringComparison.Ordinal))
            {
                output.Append("(?:");
                position += 2;
                groupStarts.Push(start);
                return;
            }
            if (rest.StartsWith("?<=", StringComparison.Ordinal) || rest.StartsWith("?<!", StringComparison.Ordinal))
            {
                output.Append("(?").Append(pattern, position + 1, 2);
                position += 3;
                groupStarts.Push(start);
                return;
            }
            if (rest.StartsWith("?<", StringComparison.Ordinal) || rest.StartsWith("?'", StringComparison.Ordinal) ||
                rest.StartsWith("?:", StringComparison.Ordinal) || rest.StartsWith("?=", StringComparison.Ordinal) ||
                rest.StartsWith("?!", StringComparison.Ordinal) || rest.StartsWith("?>", StringComparison.Ordinal))
            {
                output.Append("(?").Append(pattern[position + 1]);
                position += 2;
                groupStarts.Push(start);
                return;
            }
            var flags = InlineFlags.Match(pattern, position);
            if (flags.Success && flags.Index == position)
            {
                bool caret = flags.Groups[1].Success;
                string on = Keep(flags.Groups[2].Value);
                string off = Keep(flags.Groups[3].Value);
                if (caret)
                {
                    // (?^...) resets to the defaults (no i m s x) before applying its own flags.
                    off = new string("imsx".Where(f => !on.Contains(f)).ToArray());
                }
                string text = on + (off.Length > 0 ? "-" + off : "");
                bool scoped = flags.Groups[4].Value == ":";
                position += flags.Length;
                if (scoped)
                {
                    output.Append(text.Length > 0 ? "(?" + text + ":" : "(?:");
                    groupStarts.Push(start);
                }
                else if (text.Length > 0)
                {
                    output.Append("(?").Append(text).Append(')');
                }
                return;
            }
            throw new FormatException($"unsupported group construct '({rest[..Math.Min(4, rest.Length)].ToString()}'");
        }

        /// <summary>Skips a whole group (position just after its '(') and any quantifier that follows it.</summary>
        private void SkipGroupAndQuantifier()
        {
            int depth = 1;
            bool inClass = false;
            while (position < pattern.Length && depth > 0)
            {
                char c = pattern[position++];
                if (c == '\\') position++;
                else if (inClass) inClass = c != ']';
                else if (c == '[')
                {
                    inClass = true;
                    if (position < pattern.Length && pattern[position] == '^') position++;
                    if (position < pattern.Length && pattern[position] == ']') position++;
                }
                else if (c == '(') depth++;
                else if (c == ')') depth--;
            }
            if (depth > 0) throw new FormatException("unmatched (");
            if (position < pattern.Length && pattern[position] is '*' or '+' or '?') position++;
            else if (position < pattern.Length && pattern[position] == '{')
            {
                var brace = QuantifierBrace.Match(pattern, position);
                if (brace.Success && brace.Index == position) position += brace.Length;
            }
            if (position < pattern.Length && pattern[position] is '?' or '+') position++;
        }

        private static readonly Regex InlineFlags = new(@"\?(\^)?([a-z]*)(?:-([a-z]*))?([:)])", RegexOptions.CultureInvariant);

        private static string Keep(string flags) => new(flags.Where(f => f is 'i' or 'm' or 's' or 'x' or 'n').Distinct().ToArray());

        private void Class()
        {
            position++; // [
            output.Append('[');
            if (position < pattern.Length && pattern[position] == '^')
            {
                output.Append('^');
                position++;
            }
            bool first = true;
            while (true)
            {
                if (position >= pattern.Length) throw new FormatException("unterminated character class");
                char c = pattern[position];
                if (c == ']' && !first)
                {
                    position++;
                    output.Append(']');
                    return;
                }
                first = false;
                if (c == '\\')
                {
                    Escape(inClass: true);
                }
                else if (c == '[' && position + 1 < pattern.Length && pattern[position + 1] is ':' or '.' or '=')
                {
                    PosixClass();
                }
                else
                {
                    position++;
                    if (c is '[' or ']' or '^') output.Append('\\').Append(c);
                    else if (c == '-' && position < pattern.Length && pattern[position] == '[') output.Append(@"\-");
                    else output.Append(c);
                }
            }
        }

        private void PosixClass()
        {
            int close = pattern.IndexOf(":]", position + 2, StringComparison.Ordinal);
            if (pattern[position + 1] != ':' || close < 0 || pattern.AsSpan(position + 2, close - position - 2).ContainsAny("[]"))
            {
                // Not a POSIX class: a literal '['.
                position++;
                output.Append(@"\[");
                return;
            }
            string name = pattern[(position + 2)..close];
            bool negated = name.StartsWith('^');
            if (negated) name = name[1..];
            if (!PosixClasses.TryGetValue(name, out var ranges)) throw new FormatException($"unknown POSIX class [:{name}:]");
            if (negated)
            {
                ranges = name switch
                {
                    "digit" => NotDigitInClass,
                    "space" => NotSpaceInClass,
                    "word" => NotWordInClass,
                    _ => throw new FormatException($"negated POSIX class [:^{name}:] is not supported"),
                };
            }
            output.Append(ranges);
            position = close + 2;
        }

        /// <summary>Handles a backslash sequence at <see cref="position"/>.</summary>
        private void Escape(bool inClass)
        {
            if (position + 1 >= pattern.Length) throw new FormatException("trailing backslash");
            char c = pattern[position + 1];
            position += 2;
            if (nativeClasses && (c is 'w' or 'W' or 'd' or 'D' or 's' or 'S' || (!inClass && c is 'b' or 'B')))
            {
                output.Append('\\').Append(c);
                return;
            }
            switch (c)
            {
                case 'w': output.Append(inClass ? Word : "[" + Word + "]"); return;
                case 'W': output.Append(inClass ? NotWordInClass : "[^" + Word + "]"); return;
                case 'd': output.Append(inClass ? "0-9" : "[0-9]"); return;
                case 'D': output.Append(inClass ? NotDigitInClass : "[^0-9]"); return;
                case 's': output.Append(inClass ? Space : "[" + Space + "]"); return;
                case 'S': output.Append(inClass ? NotSpaceInClass : "[^" + Space + "]"); return;
                case 'h': output.Append(inClass ? HorizontalSpace : "[" + HorizontalSpace + "]"); return;
                case 'H':
                    if (inClass) throw new FormatException(@"\H inside a class is not supported");
                    output.Append("[^" + HorizontalSpace + "]");
                    return;
                case 'v': output.Append(inClass ? VerticalSpace : "[" + VerticalSpace + "]"); return;
                case 'V':
                    if (inClass) throw new FormatException(@"\V inside a class is not supported");
                    output.Append("[^" + VerticalSpace + "]");
                    return;
                case 'b': output.Append(inClass ? @"\x08" : relaxed ? "" : WordBoundary); return;
                case 'B':
                    if (inClass) throw new FormatException(@"\B inside a class");
                    output.Append(relaxed ? "" : NotWordBoundary);
                    return;
                case 'R':
                    if (inClass) throw new FormatException(@"\R inside a class");
                    output.Append(@"(?:\r\n|[" + VerticalSpace + "])");
                    return;
                case 'N':
                    if (position < pattern.Length && pattern[position] == '{') throw new FormatException(@"\N{...} is not supported");
                    if (inClass) throw new FormatException(@"\N inside a class");
                    output.Append(@"[^\n]");
                    return;
                case 'Q':
                    int end = pattern.IndexOf(@"\E", position, StringComparison.Ordinal);
                    string literal = end < 0 ? pattern[position..] : pattern[position..end];
                    position = end < 0 ? pattern.Length : end + 2;
                    foreach (char ch in literal) AppendLiteral(ch, inClass);
                    return;
                case 'E': return;
                case 'x': HexEscape(inClass); return;
                case 'o':
                    var octal = Regex.Match(pattern[position..], @"^\{([0-7]+)\}");
                    if (!octal.Success) throw new FormatException(@"bad \o{...}");
                    position += octal.Length;
                    AppendLiteral((char)Convert.ToInt32(octal.Groups[1].Value, 8), inClass);
                    return;
                case 'g': BackReference(); return;
                case 'k': NamedBackReference(); return;
                case 'K': case 'X': case 'C': case 'l': case 'u': case 'L': case 'U': case 'G':
                    throw new FormatException($@"\{c} is not supported");
                case 'z': case 'Z': case 'A':
                    if (inClass) throw new FormatException($@"\{c} inside a class");
                    output.Append('\\').Append(c);
                    return;
                case 'a': case 'e': case 'f': case 'n': case 'r': case 't':
                    output.Append('\\').Append(c);
                    return;
                case 'c':
                    if (position >= pattern.Length) throw new FormatException(@"bad \c");
                    AppendLiteral((char)(char.ToUpperInvariant(pattern[position++]) ^ 0x40), inClass);
                    return;
                case 'p': case 'P':
                    throw new FormatException($@"\{c}{{...}} Unicode properties are not supported");
            }
            if (char.IsAsciiDigit(c))
            {
                // \0.. is octal in both engines; inside a class digits are octal; \1..\9 are back-references,
                // longer all-octal runs octal (Perl decides by the group count; rules never need that case).
                int start = position - 1, length = 1;
                while (length < 3 && start + length < pattern.Length && char.IsAsciiDigit(pattern[start + length])) length++;
                string digits = pattern.Substring(start, length);
                if (c == '0' || inClass || (length >= 2 && digits.All(d => d < '8')))
                {
                    string octal = new(digits.TakeWhile(d => d < '8').ToArray());
                    if (octal.Length == 0)
                    {
                        AppendLiteral(c, inClass);
                        return;
                    }
                    position = start + octal.Length;
                    AppendLiteral((char)(Convert.ToInt32(octal, 8) & 0xFF), inClass);
                    return;
                }
                if (relaxed) throw new FormatException("back-references have no relaxed form");
                output.Append('\\').Append(c);
                return;
            }
            // Perl treats an unknown escaped letter as the letter itself; any other escaped char is literal.
            AppendLiteral(c, inClass);
        }

        private void HexEscape(bool inClass)
        {
            int value;
            if (position < pattern.Length && pattern[position] == '{')
            {
                int close = pattern.IndexOf('}', position);
                if (close < 0) throw new FormatException(@"unterminated \x{");
                string hex = pattern[(position + 1)..close].Trim();
                position = close + 1;
                if (!int.TryParse(hex.Length == 0 ? "0" : hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value) || value > 0xFFFF)
                    throw new FormatException($@"bad \x{{{hex}}}");
            }
            else
            {
                int digits = 0;
                while (digits < 2 && position + digits < pattern.Length && char.IsAsciiHexDigit(pattern[position + digits])) digits++;
                value = digits == 0 ? 0 : int.Parse(pattern.AsSpan(position, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                position += digits;
            }
            AppendLiteral((char)value, inClass);
        }

        private void BackReference()
        {
            if (relaxed) throw new FormatException("back-references have no relaxed form");
            var match = Regex.Match(pattern[position..], @"^(?:\{(-?\w+)\}|(-?\d+))");
            if (!match.Success) throw new FormatException(@"bad \g");
            string target = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
            position += match.Length;
            if (target.StartsWith('-')) throw new FormatException(@"relative back-references are not supported");
            output.Append(target.All(char.IsAsciiDigit) ? @"\" + target : @"\k<" + target + ">");
        }

        private void NamedBackReference()
        {
            if (relaxed) throw new FormatException("back-references have no relaxed form");
            var match = Regex.Match(pattern[position..], @"^(?:<(\w+)>|\{(\w+)\}|'(\w+)')");
            if (!match.Success) throw new FormatException(@"bad \k");
            string name = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Value;
            position += match.Length;
            output.Append(@"\k<").Append(name).Append('>');
        }

        private void AppendLiteral(char c, bool inClass)
        {
            if (c < 0x20 || c >= 0x7F)
            {
                output.Append(c <= 0xFF ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}");
                return;
            }
            if (char.IsAsciiLetterOrDigit(c) || c == '_' || (c == ' ' && !extended)) output.Append(c);
            else if (inClass && c is not ('\\' or ']' or '[' or '^' or '-')) output.Append(c);
            else output.Append('\\').Append(c);
        }
    }
}
