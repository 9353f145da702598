using System.Globalization;
using System.Text;

namespace Spamd.Engine.Rules;

/// <summary>
/// Derives, from a translated (.NET syntax) rule pattern, the equivalent pattern for texts made only of ASCII
/// characters: every piece that needs an octet 0x80-0xFF is removed (alternation branches, optional atoms,
/// negative lookarounds) or makes its enclosing sequence impossible. On an all-ASCII text the removed pieces can
/// never match, so the backtracking order among the remaining ones, and every answer, stay the same.
/// </summary>
/// <remarks>
/// The ReplaceTags look-alike rules spell each letter as an alternation of dozens of 1-4 octet UTF-8 and
/// Latin-1 forms (100-200 KB patterns); on the ASCII paragraphs that make up most mail, each letter shrinks to a
/// set of one or two ASCII characters and the regex becomes small and fast. Conservative: an octet 0x80-0xFF
/// (literal, escape, or a class whose members all lie there) is the only thing judged impossible; anything the
/// reader does not understand makes the whole derivation give up.
/// </remarks>
public static class AsciiPattern
{
    /// <summary>Stands for "cannot match any all-ASCII text".</summary>
    public const string NeverMatches = "(?!)";

    private const int MaximumNesting = 200;

    /// <summary>
    /// The ASCII-only form of <paramref name="pattern"/>, <see cref="NeverMatches"/> when no ASCII text can match
    /// it, or null when nothing would change (or the pattern uses a construct this reader leaves alone:
    /// back-references, conditionals, balancing groups, pattern whitespace). With
    /// <paramref name="withoutAmpersand"/>, the form for ASCII texts that also have no '&amp;': the look-alike
    /// letters' HTML-entity spellings (<c>&amp;#1086;</c>) go too.
    /// </summary>
    public static string? Derive(string pattern, bool withoutAmpersand = false) => Derive(pattern, withoutAmpersand, relaxed: false);

    /// <summary>
    /// A relaxed form of a pattern for a non-backtracking gate: a superset with no lookarounds, word boundaries or
    /// atomic groups (the engine supports none of them), still without the pieces the texts cannot contain (see
    /// <see cref="Derive(string, bool)"/>). Null when the pattern uses a construct this reader leaves alone.
    /// </summary>
    public static string? Relax(string pattern, bool withoutAmpersand) => Derive(pattern, withoutAmpersand, relaxed: true);

    private static string? Derive(string pattern, bool withoutAmpersand, bool relaxed)
    {
        try
        {
            var reader = new Reader(pattern, withoutAmpersand, relaxed);
            var (text, impossible) = reader.Alternation();
            if (reader.Position != pattern.Length) return null;
            if (impossible) return NeverMatches;
            return reader.Changed || relaxed ? text : null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>True when every character of <paramref name="text"/> is ASCII (vectorised).</summary>
    public static bool IsAscii(string text) => System.Text.Ascii.IsValid(text);

    /// <summary>True when every character of <paramref name="text"/> is ASCII and none is '&amp;'.</summary>
    public static bool IsAsciiWithoutAmpersand(string text) => !text.AsSpan().ContainsAnyExcept(AsciiWithoutAmpersand);

    private static readonly System.Buffers.SearchValues<char> AsciiWithoutAmpersand =
        System.Buffers.SearchValues.Create(Enumerable.Range(0, 128).Where(c => c != '&').Select(c => (char)c).ToArray());

    private static bool IsHighOctet(int c) => c is >= 0x80 and <= 0xFF;

    private sealed class Reader(string pattern, bool withoutAmpersand, bool relaxed)
    {
        /// <summary>A character the texts of this form cannot contain.</summary>
        private bool Excluded(int c) => IsHighOctet(c) || (withoutAmpersand && c == '&');

        public int Position;
        public bool Changed;
        private int depth;

        public (string Text, bool Impossible) Alternation()
        {
            var result = new StringBuilder();
            int kept = 0;
            while (true)
            {
                var (branch, impossible) = Sequence();
                if (impossible) Changed = true;
                else
                {
                    if (kept++ > 0) result.Append('|');
                    result.Append(branch);
                }
                if (Position < pattern.Length && pattern[Position] == '|')
                {
                    Position++;
                    continue;
                }
                return (result.ToString(), kept == 0);
            }
        }

        private (string Text, bool Impossible) Sequence()
        {
            var result = new StringBuilder();
            bool impossible = false;
            while (Position < pattern.Length && pattern[Position] is not ('|' or ')'))
            {
                var (atom, atomImpossible) = Atom();
                int quantifierStart = Position;
                int min = Quantifier();
                if (!atomImpossible)
                {
                    result.Append(atom).Append(pattern, quantifierStart, Position - quantifierStart);
                    continue;
                }
                Changed = true;
                if (min > 0) impossible = true; // keep reading to find the end of the sequence
            }
            return (result.ToString(), impossible);
        }

        private (string Text, bool Impossible) Atom()
        {
            char c = pattern[Position];
            switch (c)
            {
                case '(':
                    if (++depth > MaximumNesting) throw new NotSupportedException("nesting");
                    try { return Group(); }
                    finally { depth--; }
                case '[':
                    return Class();
                case '\\':
                    return Escape();
                case '*' or '+' or '?':
                    throw new NotSupportedException("quantifier without atom");
                case '{' when QuantifierLength(Position) > 0:
                    throw new NotSupportedException("quantifier without atom");
                default:
                    Position++;
                    // '.', '^', '$' and ASCII literals can match; an octet 0x80-0xFF cannot occur.
                    return (c.ToString(), Excluded(c));
            }
        }

        private (string Text, bool Impossible) Group()
        {
            int start = Position;
            Position++; // (
            string opening = "(";
            bool lookaround = false, negative = false;
            if (Peek(0) == '?')
            {
                if (Peek(1) == '#')
                {
                    int close = pattern.IndexOf(')', Position);
                    if (close < 0) throw new NotSupportedException("comment");
                    Position = close + 1;
                    return (pattern[start..Position], false);
                }
                if (Peek(1) is '=' or '!')
                {
                    lookaround = true;
                    negative = Peek(1) == '!';
                    opening = pattern.Substring(start, 3);
                    Position += 2;
                }
                else if (Peek(1) == '<' && Peek(2) is '=' or '!')
                {
                    lookaround = true;
                    negative = Peek(2) == '!';
                    opening = pattern.Substring(start, 4);
                    Position += 3;
                }
                else if (Peek(1) is ':' or '>')
                {
                    opening = pattern.Substring(start, 3);
                    Position += 2;
                }
                else if (Peek(1) is '<' or '\'')
                {
                    char end = Peek(1) == '<' ? '>' : '\'';
                    int close = pattern.IndexOf(end, Position + 2);
                    if (close < 0) throw new NotSupportedException("group name");
                    // Balancing groups (?<a-b>) take part in matching: leave them to the full pattern.
                    if (pattern.AsSpan(Position + 2, close - Position - 2).Contains('-')) throw new NotSupportedException("balancing group");
                    opening = pattern.Substring(start, close + 1 - start);
                    Position = close + 1;
                }
                else if (Peek(1) == '(') throw new NotSupportedException("conditional");
                else
                {
                    // Inline options: (?imnsx-imnsx) alone or (?imnsx-imnsx: ...).
                    int end = Position + 1;
                    while (end < pattern.Length && pattern[end] is 'i' or 'm' or 'n' or 's' or 'x' or '-')
                    {
                        if (pattern[end] == 'x') throw new NotSupportedException("pattern whitespace");
                        end++;
                    }
                    if (end >= pattern.Length || pattern[end] is not (')' or ':')) throw new NotSupportedException("group");
                    Position = end + 1;
                    if (pattern[end] == ')') return (pattern[start..Position], false);
                    opening = pattern[start..Position];
                }
            }
            var (inner, impossible) = Alternation();
            if (Peek(0) != ')') throw new NotSupportedException("unterminated group");
            Position++;
            if (lookaround && negative && impossible) return ("", false); // always true on ASCII text
            if (impossible) return ("", true);
            if (relaxed && lookaround) return ("", false); // a superset: the condition is dropped
            if (relaxed && opening == "(?>") opening = "(?:";
            return (opening + inner + ")", false);
        }

        /// <summary>A class is impossible only when it is not negated and every member is an excluded character.</summary>
        private (string Text, bool Impossible) Class()
        {
            int start = Position;
            Position++; // [
            bool negated = Peek(0) == '^';
            if (negated) Position++;
            bool possible = negated;
            bool first = true;
            while (true)
            {
                if (Position >= pattern.Length) throw new NotSupportedException("unterminated class");
                char c = pattern[Position];
                if (c == ']' && !first) break;
                first = false;
                if (c == '[') throw new NotSupportedException("nested class"); // subtraction -[...]
                int low = ClassMember();
                if (low < 0)
                {
                    possible = true; // a class escape such as \w \s \p{..}
                    continue;
                }
                int high = low;
                if (Peek(0) == '-' && Peek(1) is not (']' or '\0'))
                {
                    Position++;
                    if (Peek(0) == '[') throw new NotSupportedException("class subtraction");
                    high = ClassMember();
                    if (high < 0) throw new NotSupportedException("range to a class escape");
                }
                if (HasIncludedMember(low, high)) possible = true;
            }
            Position++; // ]
            return (pattern[start..Position], !possible);
        }

        /// <summary>Whether the range low-high holds a character the texts of this form can contain.</summary>
        private bool HasIncludedMember(int low, int high)
        {
            if (high > 0xFF) return true;
            if (low > 0x7F) return false;
            int asciiHigh = Math.Min(high, 0x7F);
            return !(withoutAmpersand && low == '&' && asciiHigh == '&');
        }

        /// <summary>One class member as a character code, or -1 for a class escape (\w \d \s \p{..} ...).</summary>
        private int ClassMember()
        {
            char c = pattern[Position];
            if (c != '\\')
            {
                Position++;
                return c;
            }
            if (Position + 1 >= pattern.Length) throw new NotSupportedException("trailing backslash");
            char e = pattern[Position + 1];
            if (e is 'w' or 'W' or 'd' or 'D' or 's' or 'S')
            {
                Position += 2;
                return -1;
            }
            if (e is 'p' or 'P')
            {
                int close = pattern.IndexOf('}', Position);
                if (close < 0) throw new NotSupportedException("\\p");
                Position = close + 1;
                return -1;
            }
            if (e == 'b')
            {
                Position += 2;
                return '\b';
            }
            return EscapedCharacter();
        }

        private (string Text, bool Impossible) Escape()
        {
            int start = Position;
            if (Position + 1 >= pattern.Length) throw new NotSupportedException("trailing backslash");
            char e = pattern[Position + 1];
            if (relaxed && e is 'b' or 'B')
            {
                Position += 2;
                return ("", false);
            }
            if (relaxed && e == 'G') throw new NotSupportedException("\\G");
            if (e is 'w' or 'W' or 'd' or 'D' or 's' or 'S' or 'b' or 'B' or 'A' or 'z' or 'Z' or 'G')
            {
                Position += 2;
                return (pattern[start..Position], false);
            }
            if (e is 'p' or 'P')
            {
                int close = pattern.IndexOf('}', Position);
                if (close < 0) throw new NotSupportedException("\\p");
                Position = close + 1;
                return (pattern[start..Position], false);
            }
            int value = EscapedCharacter();
            return (pattern[start..Position], Excluded(value));
        }

        /// <summary>A single-character escape (\xhh \uhhhh \0oo \cX \t ... or an escaped symbol) as its code.</summary>
        private int EscapedCharacter()
        {
            char e = pattern[Position + 1];
            Position += 2;
            switch (e)
            {
                case 'x': return Hex(2);
                case 'u': return Hex(4);
                case 'c':
                    if (Position >= pattern.Length) throw new NotSupportedException("\\c");
                    Position++;
                    return pattern[Position - 1] & 0x1F;
                case '0':
                    int value = 0;
                    for (int i = 0; i < 2 && Peek(0) is >= '0' and <= '7'; i++) value = value * 8 + (pattern[Position++] - '0');
                    return value;
                case 't': return '\t';
                case 'n': return '\n';
                case 'r': return '\r';
                case 'f': return '\f';
                case 'v': return '\v';
                case 'e': return 0x1B;
                case 'a': return 0x07;
            }
            // \1-\9 and \k<..> are back-references; other letters are not plain characters either.
            if (char.IsAsciiLetterOrDigit(e)) throw new NotSupportedException("escape \\" + e);
            return e;
        }

        private int Hex(int digits)
        {
            if (Position + digits > pattern.Length) throw new NotSupportedException("hex escape");
            var span = pattern.AsSpan(Position, digits);
            foreach (char h in span) if (!char.IsAsciiHexDigit(h)) throw new NotSupportedException("hex escape");
            Position += digits;
            return int.Parse(span, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        /// <summary>Reads an optional quantifier and returns its minimum count (1 when there is none).</summary>
        private int Quantifier()
        {
            if (Position >= pattern.Length) return 1;
            int min;
            switch (pattern[Position])
            {
                case '*': min = 0; Position++; break;
                case '+': min = 1; Position++; break;
                case '?': min = 0; Position++; break;
                case '{':
                    int length = QuantifierLength(Position);
                    if (length == 0) return 1;
                    var body = pattern.AsSpan(Position + 1, length - 2);
                    int comma = body.IndexOf(',');
                    min = int.Parse(comma < 0 ? body : body[..comma], NumberStyles.None, CultureInfo.InvariantCulture);
                    Position += length;
                    break;
                default:
                    return 1;
            }
            if (Peek(0) == '?') Position++; // lazy
            return min;
        }

        /// <summary>Length of a .NET quantifier {n} {n,} {n,m} at <paramref name="at"/>, or 0 when the brace is a literal.</summary>
        private int QuantifierLength(int at)
        {
            int i = at + 1;
            int digits = 0;
            while (i < pattern.Length && char.IsAsciiDigit(pattern[i])) { i++; digits++; }
            if (digits == 0) return 0;
            if (i < pattern.Length && pattern[i] == ',')
            {
                i++;
                while (i < pattern.Length && char.IsAsciiDigit(pattern[i])) i++;
            }
            return i < pattern.Length && pattern[i] == '}' ? i + 1 - at : 0;
        }

        private char Peek(int offset) => Position + offset < pattern.Length ? pattern[Position + offset] : '\0';
    }
}
