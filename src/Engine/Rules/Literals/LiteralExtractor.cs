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
    /// <summary>Shortest literal worth prefiltering on; shorter ones match almost every text.</summary>
    public const int MinimumLength = 3;

    private const int MaximumAlternatives = 512;

    private const int MaximumNesting = 100;

    /// <summary>Longer patterns (ReplaceTags expansions of look-alike characters) carry no usable literal.</summary>
    private const int MaximumPatternLength = 16384;

    public static string[]? Extract(string pattern, string flags)
    {
        if (pattern.Length > MaximumPatternLength) return null;
        try
        {
            var parser = new Parser(pattern, flags.Contains('x'));
            var result = parser.ParseAlternation();
            if (result.Required is not { } required) return null;
            if (required.Count == 0 || required.Count > MaximumAlternatives) return null;
            if (required.Min(s => s.Length) < MinimumLength) return null;
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

    /// <summary>How many spelled-out variants a run may branch into (x? and small alternations multiply it).</summary>
    private const int MaximumVariants = 16;

    private static int Quality(List<string>? set) => set is null || set.Count == 0 || set.Count > MaximumAlternatives ? 0 : set.Min(s => s.Length);

    private sealed class Parser(string pattern, bool extended)
    {
        private int position;

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
            if (exact is { Count: > MaximumAlternatives }) exact = null;
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
            void Consider(List<string>? candidate)
            {
                if (candidate is null || candidate.Count == 0) return;
                if (best is null || Quality(candidate) > Quality(best) ||
                    (Quality(candidate) == Quality(best) && candidate.Count < best.Count))
                    best = candidate;
            }
            void Append(IReadOnlyList<string> options)
            {
                if (runs.Count * options.Count > MaximumVariants)
                {
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
                List<string>? spellings = atom.Literal is { } literal ? [literal] : atom.Group?.Exact;
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

        private Atom ParseClass()
        {
            int start = position;
            position++;
            bool negated = position < pattern.Length && pattern[position] == '^';
            if (negated) position++;
            var members = new List<char>();
            bool simple = !negated;
            bool first = true;
            while (true)
            {
                if (position >= pattern.Length) throw new FormatException("unterminated class");
                char c = pattern[position];
                if (c == ']' && !first) break;
                first = false;
                if (c == '\\')
                {
                    var escaped = ParseEscape();
                    if (escaped.Literal is { } l) members.Add(l[0]);
                    else simple = false;
                    continue;
                }
                if (c == '[' && position + 1 < pattern.Length && pattern[position + 1] == ':')
                {
                    int close = pattern.IndexOf(":]", position, StringComparison.Ordinal);
                    if (close < 0) throw new FormatException("bad POSIX class");
                    position = close + 2;
                    simple = false;
                    continue;
                }
                if (c == '-' && members.Count > 0 && position + 1 < pattern.Length && pattern[position + 1] != ']')
                {
                    simple = false; // a range
                }
                members.Add(c);
                position++;
            }
            position++; // ]
            if (!simple || members.Count == 0) return default;
            var folded = members.Select(Fold).Distinct().ToList();
            _ = start;
            return folded.Count == 1 ? new Atom(folded[0].ToString(), null, false) : default;
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
                case 'x':
                    if (position < pattern.Length && pattern[position] == '{')
                    {
                        int close = pattern.IndexOf('}', position);
                        if (close < 0) throw new FormatException("bad \\x{");
                        int value = int.Parse(pattern.AsSpan(position + 1, close - position - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        position = close + 1;
                        return Literal((char)value);
                    }
                    int digits = 0;
                    while (digits < 2 && position + digits < pattern.Length && char.IsAsciiHexDigit(pattern[position + digits])) digits++;
                    int hex = digits == 0 ? 0 : int.Parse(pattern.AsSpan(position, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    position += digits;
                    return Literal((char)hex);
                case 'Q':
                    int end = pattern.IndexOf("\\E", position, StringComparison.Ordinal);
                    string text = end < 0 ? pattern[position..] : pattern[position..end];
                    position = end < 0 ? pattern.Length : end + 2;
                    // Returned as a group so the whole text joins the run.
                    return new Atom(null, new Info([Fold(text)], text.Length > 0 ? [Fold(text)] : null), false);
                case 'E':
                    return new Atom(null, null, true);
            }
            if (char.IsAsciiLetterOrDigit(c)) return default; // classes, back-references, octal: not literal
            return Literal(c);
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
