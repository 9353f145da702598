using System.Globalization;
using System.Text;

namespace Spamd.Engine.Rules.Literals;

/// <summary>
/// Finds literals a Perl regex cannot match without: a set of case-folded strings, one of which must occur in
/// any text the regex matches. Conservative by construction: anything it does not understand breaks the
/// current literal run, so the answer may be weaker than possible but is never wrong. Null means "no useful
/// literal" and the rule is always a candidate.
/// </summary>
public static class LiteralExtractor
{
    /// <summary>Shortest literal worth prefiltering on, unless made of uncommon symbols (see LiteralSelectivity.IsUsable).</summary>
    public const int MinimumLength = 3;

    private const int MaximumNesting = 100;

    /// <summary>How far the extraction may go: pattern length, spellings per run and per set, class sizes.</summary>
    private sealed record Limits(int PatternLength, int Variants, int Alternatives, int ClassSpellings, bool AsciiText, bool Squeezed = false);

    /// <summary>Longer Perl patterns (ReplaceTags expansions of look-alike characters) carry no usable literal.</summary>
    private static readonly Limits PerlLimits = new(16384, 16, 512, 4, AsciiText: false);

    /// <summary>
    /// The ASCII forms of the look-alike rules spell each letter a few ways ([yj] [o0] [il1|!]): more spellings
    /// are worth following, and their members 0x80-0xFF cannot occur in the texts these literals are for.
    /// </summary>
    private static readonly Limits AsciiLimits = new(65536, 64, 1024, 8, AsciiText: true);

    /// <summary>
    /// For texts read as their letters and digits only (<see cref="Squeeze"/>): the look-alike rules that allow
    /// any punctuation between letters (<c>v[_\W]?i[_\W]?a...</c>) require their word there.
    /// </summary>
    private static readonly Limits SqueezedLimits = AsciiLimits with { Squeezed = true };

    /// <summary>Required literals of a Perl pattern (with its flags), valid for any text.</summary>
    public static string[]? Extract(string pattern, string flags) => Extract(pattern, flags.Contains('x'), PerlLimits);

    /// <summary>
    /// Required literals of a translated (.NET syntax) pattern, valid only for texts made of ASCII characters:
    /// class members 0x80-0xFF are ignored, and small classes expand into their spellings. Meant for the ASCII
    /// forms of <see cref="AsciiPattern"/>, where the look-alike letters have shrunk to a few ASCII spellings.
    /// </summary>
    public static string[]? ExtractForAsciiText(string dotnetPattern) => Extract(dotnetPattern, extended: false, AsciiLimits);

    /// <summary>
    /// Required literals of a translated (.NET syntax) pattern in the squeezed form of all-ASCII texts: one of them
    /// occurs in <see cref="Squeeze"/>(text) whenever the pattern matches the text. Pieces that can only match
    /// characters other than ASCII letters and digits (<c>[_\W]{0,3}</c>, <c>\s</c>, <c>-</c>) vanish there.
    /// </summary>
    public static string[]? ExtractForSqueezedText(string dotnetPattern) => Extract(dotnetPattern, extended: false, SqueezedLimits);

    /// <summary>Whether a character is kept by <see cref="Squeeze"/>.</summary>
    public static bool IsKeptWhenSqueezed(char c) => char.IsAsciiLetterOrDigit(c);

    /// <summary>The text's ASCII letters and digits, in order (everything else removed), into <paramref name="destination"/>.</summary>
    public static int Squeeze(ReadOnlySpan<char> text, Span<char> destination)
    {
        int length = 0;
        foreach (char c in text)
            if (IsKeptWhenSqueezed(c)) destination[length++] = c;
        return length;
    }

    private static string Squeeze(string text) => string.Concat(text.Where(IsKeptWhenSqueezed));

    private static string[]? Extract(string pattern, bool extended, Limits limits)
    {
        if (pattern.Length > limits.PatternLength) return null;
        try
        {
            var parser = new Parser(pattern, extended, limits);
            var result = parser.ParseAlternation();
            if (parser.Position != pattern.Length) return null;
            if (result.Required is not { } required) return null;
            if (required.Count == 0 || required.Count > limits.Alternatives) return null;
            if (!required.All(LiteralSelectivity.IsUsable)) return null;
            return required.Distinct(StringComparer.Ordinal).ToArray();
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            // Only an optimisation: a pattern we cannot read simply has no prefilter.
            return null;
        }
    }

    /// <summary>The fold used on both literals and scanned text: ASCII and Latin-1 upper case to lower case.</summary>
    public static char Fold(char c) =>
        c is >= 'A' and <= 'Z' || (c is >= '\u00C0' and <= '\u00DE' && c != '\u00D7') ? (char)(c + 32) : c;

    public static string Fold(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (int i = 0; i < source.Length; i++) span[i] = Fold(source[i]);
    });

    /// <summary>
    /// What a node guarantees: <see cref="Exact"/> when it always matches exactly one of those strings, and
    /// <see cref="Required"/>, a set one of whose members occurs in any match.
    /// </summary>
    private readonly record struct Info(List<string>? Exact, List<string>? Required);

    private sealed class Parser(string pattern, bool extended, Limits limits)
    {
        private int position;

        public int Position => position;

        /// <summary>Lower is better: the estimated chance a text holds one of the literals (see LiteralSelectivity).</summary>
        private double Cost(List<string> set) => set.Count > limits.Alternatives ? double.MaxValue : LiteralSelectivity.Cost(set);

        public Info ParseAlternation()
        {
            var branches = new List<Info> { ParseSequence() };
            while (position < pattern.Length && pattern[position] == '|')
            {
                position++;
                branches.Add(ParseSequence());
            }
            if (branches.Count == 1) return branches[0];
            List<string>? exact = branches.All(b => b.Exact is not null)
                ? branches.SelectMany(b => b.Exact!).Distinct().ToList()
                : null;
            if (exact is { Count: var count } && count > limits.Alternatives) exact = null;
            List<string>? required = branches.Any(b => b.Required is null) ? null : branches.SelectMany(b => b.Required!).Distinct().ToList();
            return new Info(exact, required);
        }

        private Info ParseSequence()
        {
            // Every way the text read so far can be spelled, as long as it stays contiguous and few.
            var runs = new List<string> { "" };
            List<string>? best = null;
            bool exact = true;

            void Flush()
            {
                if (runs.All(r => r.Length > 0)) Consider(runs.Distinct().ToList());
                runs = [""];
            }
            double bestCost = double.MaxValue;
            void Consider(List<string>? candidate)
            {
                if (candidate is null || candidate.Count == 0) return;
                double candidateCost = Cost(candidate);
                if (best is null || candidateCost < bestCost || (candidateCost == bestCost &&
                    (candidate.Count < best.Count || (candidate.Count == best.Count && candidate.Min(s => s.Length) > best.Min(s => s.Length)))))
                {
                    best = candidate;
                    bestCost = candidateCost;
                }
            }
            void Append(IReadOnlyList<string> options)
            {
                if (runs.Count * options.Count > limits.Variants)
                {
                    // The runs no longer spell the whole sequence: only a later part of it.
                    exact = false;
                    Flush();
                    if (options.All(o => o.Length > 0)) Consider(options.ToList());
                    return;
                }
                runs = runs.SelectMany(r => options.Select(o => r + o)).ToList();
            }

            while (position < pattern.Length && pattern[position] is not ('|' or ')'))
            {
                var atom = ParseAtom();
                if (atom.ZeroWidth) continue;
                var (min, max) = ParseQuantifier();
                List<string>? spellings = atom.Literal is { } literal ? [SpellingOf(literal)] : atom.Group?.Exact;
                // Only ever empty (a piece that vanishes from squeezed text): however repeated, it adds nothing.
                if (spellings is not null && spellings.All(s => s.Length == 0)) continue;
                if (spellings is not null)
                {
                    if (min == 1 && max == 1)
                    {
                        Append(spellings);
                        continue;
                    }
                    exact = false;
                    if (min == 0 && max == 1)
                    {
                        Append([.. spellings, ""]);
                        continue;
                    }
                    if (min >= 1)
                    {
                        // The first copy joins the run; repeats break contiguity, so a new run starts with one copy.
                        Append(spellings);
                        Flush();
                        Append(spellings);
                        continue;
                    }
                    Flush();
                    continue;
                }
                exact = false;
                Flush();
                if (atom.Group is { } group && min >= 1) Consider(group.Required);
            }
            List<string>? exactSpellings = exact ? runs.Distinct().ToList() : null;
            Flush();
            return new Info(exactSpellings, best);
        }

        private readonly record struct Atom(string? Literal, Info? Group, bool ZeroWidth);

        /// <summary>A literal as it appears in the texts read: squeezed text has no punctuation or spaces.</summary>
        private string SpellingOf(string literal) => limits.Squeezed ? Squeeze(literal) : literal;

        /// <summary>An atom matching only characters that squeezed text drops.</summary>
        private static Atom Vanishing() => new(null, new Info([""], null), false);

        private Atom ParseAtom()
        {
            char c = pattern[position];
            if (extended && char.IsWhiteSpace(c))
            {
                position++;
                return new Atom(null, null, true);
            }
            if (extended && c == '#')
            {
                int newline = pattern.IndexOf('\n', position);
                position = newline < 0 ? pattern.Length : newline + 1;
                return new Atom(null, null, true);
            }
            switch (c)
            {
                case '^':
                case '$':
                    position++;
                    return new Atom(null, null, true);
                case '.':
                    position++;
                    return default;
                case '[':
                    return ParseClass();
                case '(':
                    return ParseGroup();
                case '\\':
                    return ParseEscape();
                case '*':
                case '+':
                case '?':
                case '{' when IsQuantifierBrace():
                    throw new FormatException("quantifier without atom");
                default:
                    position++;
                    return new Atom(Fold(c).ToString(), null, false);
            }
        }

        private int depth;

        private Atom ParseGroup()
        {
            // Bounded recursion: a hostile pattern must not exhaust the stack.
            if (++depth > MaximumNesting) throw new FormatException("groups nested too deeply");
            try
            {
                return ParseGroupBody();
            }
            finally
            {
                depth--;
            }
        }

        private Atom ParseGroupBody()
        {
            position++; // (
            bool lookaround = false;
            if (position < pattern.Length && pattern[position] == '?')
            {
                var rest = pattern.AsSpan(position);
                if (rest.StartsWith("?#", StringComparison.Ordinal))
                {
                    position = pattern.IndexOf(')', position) + 1;
                    if (position == 0) throw new FormatException("unterminated comment");
                    return new Atom(null, null, true);
                }
                if (rest.StartsWith("?=") || rest.StartsWith("?!")) { lookaround = true; position += 2; }
                else if (rest.StartsWith("?<=") || rest.StartsWith("?<!")) { lookaround = true; position += 3; }
                else if (rest.StartsWith("?:") || rest.StartsWith("?>")) position += 2;
                else if (rest.StartsWith("?P<") || rest.StartsWith("?<") || rest.StartsWith("?'"))
                {
                    int close = pattern.IndexOfAny(['>', '\''], position + 2);
                    if (close < 0) throw new FormatException("bad group name");
                    position = close + 1;
                }
                else
                {
                    // Inline flags: (?i) alone is zero-width; (?i:...) is a group.
                    int end = position + 1;
                    while (end < pattern.Length && (char.IsAsciiLetter(pattern[end]) || pattern[end] is '-' or '^')) end++;
                    if (end >= pattern.Length) throw new FormatException("bad inline flags");
                    // Pattern whitespace switched on inside the pattern would change what is literal: give up.
                    if (pattern.AsSpan(position + 1, end - position - 1).Contains('x')) throw new FormatException("inline x flag");
                    position = end + 1;
                    if (pattern[end] == ')') return new Atom(null, null, true);
                    if (pattern[end] != ':') throw new FormatException("unsupported group");
                }
            }
            var inner = ParseAlternation();
            if (position >= pattern.Length || pattern[position] != ')') throw new FormatException("unterminated group");
            position++;
            if (lookaround)
            {
                // A lookaround consumes nothing; a quantifier on it is odd but harmless.
                ParseQuantifier();
                return new Atom(null, null, true);
            }
            return new Atom(null, inner, false);
        }

        /// <summary>
        /// A class of a few members (after folding) stands for their spellings, like a small alternation; members
        /// 0x80-0xFF are dropped when the literals are for ASCII texts. Anything else in a class (ranges, class
        /// escapes, negation, members above 0xFF when some are dropped) makes it a non-literal atom.
        /// </summary>
        private Atom ParseClass()
        {
            position++;
            bool negated = position < pattern.Length && pattern[position] == '^';
            if (negated) position++;
            var members = new List<char>();
            bool simple = !negated;
            bool first = true;
            bool vanishes = false; // a member squeezed text drops: the class may add nothing there
            while (true)
            {
                if (position >= pattern.Length) throw new FormatException("unterminated class");
                char c = pattern[position];
                if (c == ']' && !first) break;
                first = false;
                if (c == '[' && position + 1 < pattern.Length && pattern[position + 1] == ':')
                {
                    int close = pattern.IndexOf(":]", position, StringComparison.Ordinal);
                    if (close < 0) throw new FormatException("bad POSIX class");
                    position = close + 2;
                    simple = false;
                    continue;
                }
                if (c == '[') throw new FormatException("nested class"); // .NET class subtraction
                if (limits.Squeezed && c == '\\' && position + 1 < pattern.Length && pattern[position + 1] is 'W' or 's')
                {
                    position += 2;
                    vanishes = true;
                    continue;
                }
                int low = ClassMember();
                if (low < 0)
                {
                    simple = false;
                    continue;
                }
                if (position + 1 < pattern.Length && pattern[position] == '-' && pattern[position + 1] != ']')
                {
                    position++;
                    int high = ClassMember();
                    // Only a range made of octets the ASCII texts cannot hold is harmless (it is dropped), or in
                    // squeezed text one of ASCII characters other than letters and digits (it vanishes).
                    if (limits.AsciiText && IsHighOctet(low) && IsHighOctet(high)) continue;
                    if (limits.Squeezed && low >= 0 && high <= 0x7F && low <= high &&
                        !Enumerable.Range(low, high - low + 1).Any(m => IsKeptWhenSqueezed((char)m)))
                    {
                        vanishes = true;
                        continue;
                    }
                    simple = false;
                    continue;
                }
                if (limits.AsciiText && IsHighOctet(low)) continue;
                if (limits.Squeezed && low <= 0x7F && !IsKeptWhenSqueezed((char)low))
                {
                    vanishes = true;
                    continue;
                }
                members.Add((char)low);
            }
            position++; // ]
            if (!simple || (members.Count == 0 && !vanishes)) return default;
            var spellings = members.Select(Fold).Distinct().Select(m => m.ToString()).ToList();
            if (vanishes) spellings.Add("");
            if (spellings.Count == 1) return new Atom(spellings[0], null, false);
            if (spellings.Count > limits.ClassSpellings) return default;
            return new Atom(null, new Info(spellings, null), false);
        }

        private static bool IsHighOctet(int c) => c is >= 0x80 and <= 0xFF;

        /// <summary>A class member as its character, or -1 for anything that is not one character (\w, \p{..}).</summary>
        private int ClassMember()
        {
            if (pattern[position] != '\\') return pattern[position++];
            var escaped = ParseEscape();
            // In a class \b is a backspace; other zero-width escapes make no sense there.
            return escaped.Literal is { Length: 1 } literal ? literal[0] : -1;
        }

        private Atom ParseEscape()
        {
            if (position + 1 >= pattern.Length) throw new FormatException("trailing backslash");
            char c = pattern[position + 1];
            position += 2;
            switch (c)
            {
                case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G':
                    return new Atom(null, null, true);
                case 't': return Literal('\t');
                case 'n': return Literal('\n');
                case 'r': return Literal('\r');
                case 'f': return Literal('\f');
                case 'e': return Literal('\x1B');
                case 'a': return Literal('\a');
                case 'v' when limits.AsciiText: return Literal('\v'); // .NET: vertical tab; Perl: a class
                case 'W' or 's' when limits.Squeezed: return Vanishing();
                case 'x':
                    if (position < pattern.Length && pattern[position] == '{')
                    {
                        int close = pattern.IndexOf('}', position);
                        if (close < 0) throw new FormatException("bad \\x{");
                        int value = int.Parse(pattern.AsSpan(position + 1, close - position - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        position = close + 1;
                        return value > 0xFFFF ? default : Literal((char)value);
                    }
                    int digits = 0;
                    while (digits < 2 && position + digits < pattern.Length && char.IsAsciiHexDigit(pattern[position + digits])) digits++;
                    int hex = digits == 0 ? 0 : int.Parse(pattern.AsSpan(position, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    position += digits;
                    return Literal((char)hex);
                case 'u' when limits.AsciiText: // .NET's \uhhhh
                    if (position + 4 > pattern.Length) throw new FormatException("bad \\u");
                    int code = int.Parse(pattern.AsSpan(position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    position += 4;
                    return Literal((char)code);
                case 'c':
                    // A control character: \cX.
                    if (position >= pattern.Length) throw new FormatException("bad \\c");
                    return Literal((char)(pattern[position++] & 0x1F));
                case 'p': case 'P': case 'g': case 'k':
                    // \p{..} \g{..} \k<..>: whatever they stand for, not a literal; skip the name.
                    SkipName();
                    return default;
                case 'N': case 'o':
                    // \N{U+..} and \o{..} are characters, bare \N any but a newline: never taken as a literal.
                    if (position < pattern.Length && pattern[position] == '{') SkipName();
                    return default;
                case 'Q':
                    int end = pattern.IndexOf("\\E", position, StringComparison.Ordinal);
                    string text = end < 0 ? pattern[position..] : pattern[position..end];
                    if (limits.Squeezed) text = Squeeze(text);
                    position = end < 0 ? pattern.Length : end + 2;
                    // Returned as a group so the whole text joins the run.
                    return new Atom(null, new Info([Fold(text)], text.Length > 0 ? [Fold(text)] : null), false);
                case 'E':
                    return new Atom(null, null, true);
            }
            if (char.IsAsciiDigit(c))
            {
                // Back-references and octal escapes: consume every digit, never take one as a literal.
                while (position < pattern.Length && char.IsAsciiDigit(pattern[position])) position++;
                return default;
            }
            if (char.IsAsciiLetter(c)) return default; // \w \d \s \h \R ...: classes, not literals
            return Literal(c);
        }

        /// <summary>Skips the {..}, &lt;..&gt; or '..' after \p \N \g \k, or the one letter of \pL, or the number of \g1.</summary>
        private void SkipName()
        {
            if (position >= pattern.Length) return;
            char open = pattern[position];
            char close = open switch { '{' => '}', '<' => '>', '\'' => '\'', _ => '\0' };
            if (close == '\0')
            {
                // \pL, \g1, \g-1: one letter or a number.
                if (pattern[position] == '-') position++;
                if (position < pattern.Length && char.IsAsciiDigit(pattern[position]))
                    while (position < pattern.Length && char.IsAsciiDigit(pattern[position])) position++;
                else if (position < pattern.Length) position++;
                return;
            }
            int end = pattern.IndexOf(close, position + 1);
            if (end < 0) throw new FormatException("unterminated name");
            position = end + 1;
        }

        private static Atom Literal(char c) => new(Fold(c).ToString(), null, false);

        private bool IsQuantifierBrace()
        {
            int close = pattern.IndexOf('}', position);
            if (close < 0) return false;
            var body = pattern.AsSpan(position + 1, close - position - 1);
            if (body.IsEmpty) return false;
            bool digit = false;
            foreach (char ch in body)
            {
                if (char.IsAsciiDigit(ch)) digit = true;
                else if (ch is not (',' or ' ')) return false;
            }
            return digit;
        }

        private (int Min, int Max) ParseQuantifier()
        {
            if (position >= pattern.Length) return (1, 1);
            int min, max;
            switch (pattern[position])
            {
                case '*': min = 0; max = int.MaxValue; position++; break;
                case '+': min = 1; max = int.MaxValue; position++; break;
                case '?': min = 0; max = 1; position++; break;
                case '{' when IsQuantifierBrace():
                    int close = pattern.IndexOf('}', position);
                    var parts = pattern[(position + 1)..close].Replace(" ", "").Split(',');
                    min = parts[0].Length == 0 ? 0 : int.Parse(parts[0], CultureInfo.InvariantCulture);
                    max = parts.Length == 1 ? min : parts[1].Length == 0 ? int.MaxValue : int.Parse(parts[1], CultureInfo.InvariantCulture);
                    position = close + 1;
                    break;
                default:
                    return (1, 1);
            }
            if (position < pattern.Length && pattern[position] is '?' or '+') position++;
            // An exact {1} stays a plain atom; every other count breaks contiguity after the first copy.
            return (min, max);
        }
    }
}
