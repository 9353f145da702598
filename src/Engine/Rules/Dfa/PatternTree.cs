using System.Globalization;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Rules.Dfa;

/// <summary>A regular expression without the parts a finite automaton cannot express.</summary>
internal abstract record PatternNode
{
    public sealed record Set(CharClass Chars) : PatternNode;
    public sealed record Sequence(IReadOnlyList<PatternNode> Items) : PatternNode;
    public sealed record Choice(IReadOnlyList<PatternNode> Branches) : PatternNode;
    public sealed record Repeat(PatternNode Item, int Min, int Max) : PatternNode; // Max -1: unbounded
    public sealed record Empty : PatternNode;

    /// <summary>"$", "\Z", "\z": the end of the text or, a superset, before any newline.</summary>
    public sealed record EndAnchor : PatternNode;

    public static readonly PatternNode Nothing = new Empty();

    /// <summary>Any text at all: what a back-reference becomes.</summary>
    public static readonly PatternNode AnyText = new Repeat(new Set(CharClass.All), 0, -1);
}

/// <summary>
/// Reads a .NET regex pattern (as <see cref="PerlRegex"/> writes them) into a <see cref="PatternNode"/> tree that
/// matches a superset of what the regex matches: start anchors, word boundaries and lookarounds match the empty
/// string, end anchors the end of the text or a newline ahead,
/// a back-reference what its group's pattern matches (any text when the group is not closed yet), atomic groups
/// and lazy quantifiers like ordinary ones. Whatever the regex finds in a
/// text, the tree finds too, so where the tree finds nothing the regex cannot match. Conditionals and anything
/// unreadable throw <see cref="NotSupportedException"/>.
/// </summary>
internal sealed class PatternTree
{
    private const int MaxNesting = 200;

    private readonly string pattern;
    private readonly bool ecmaScript;
    private int position, depth;
    private bool ignoreCase, singleline, extended, explicitCapture;

    // Closed capture groups, for back-references: unnamed ones by number (in order), named ones by name.
    private readonly List<PatternNode?> numbered = []; // null while the group is open
    private readonly Dictionary<string, PatternNode> named = new(StringComparer.Ordinal);

    private PatternTree(string pattern, RegexOptions options)
    {
        this.pattern = pattern;
        ecmaScript = (options & RegexOptions.ECMAScript) != 0;
        ignoreCase = (options & RegexOptions.IgnoreCase) != 0;
        singleline = (options & RegexOptions.Singleline) != 0;
        extended = (options & RegexOptions.IgnorePatternWhitespace) != 0;
        explicitCapture = (options & RegexOptions.ExplicitCapture) != 0;
    }

    public static PatternNode Parse(string pattern, RegexOptions options)
    {
        var reader = new PatternTree(pattern, options);
        var tree = reader.Alternation();
        if (reader.position != pattern.Length) throw new NotSupportedException("unbalanced ')'");
        return tree;
    }

    private bool AtEnd => position >= pattern.Length;

    private char Peek => pattern[position];

    private PatternNode Alternation()
    {
        if (++depth > MaxNesting) throw new NotSupportedException("nested too deeply");
        var branches = new List<PatternNode> { Sequence() };
        while (!AtEnd && Peek == '|')
        {
            position++;
            branches.Add(Sequence());
        }
        depth--;
        return branches.Count == 1 ? branches[0] : new PatternNode.Choice(branches);
    }

    private PatternNode Sequence()
    {
        var items = new List<PatternNode>();
        while (true)
        {
            SkipExtendedWhitespace();
            if (AtEnd || Peek is '|' or ')') break;
            if (Atom() is not { } atom) continue;
            items.Add(Quantified(atom));
        }
        return items.Count == 1 ? items[0] : new PatternNode.Sequence(items);
    }

    private void SkipExtendedWhitespace()
    {
        while (extended && !AtEnd)
        {
            if (char.IsWhiteSpace(Peek)) position++;
            else if (Peek == '#')
            {
                while (!AtEnd && Peek != '\n') position++;
            }
            else return;
        }
    }

    /// <summary>One atom, or null for what matches nothing to consume and changes nothing (comments, option switches).</summary>
    private PatternNode? Atom()
    {
        char c = pattern[position++];
        switch (c)
        {
            case '(':
                return Group();
            case '[':
                return new PatternNode.Set(Class());
            case '.':
                return new PatternNode.Set(singleline ? CharClass.All : CharClass.Of('\n').Complement());
            case '^':
                return PatternNode.Nothing;
            case '$':
                return new PatternNode.EndAnchor();
            case '\\':
                return Escape();
            default:
                return Literal(c);
        }
    }

    private PatternNode Literal(char c)
    {
        var set = CharClass.Of(c);
        return new PatternNode.Set(ignoreCase ? set.WithBothCases() : set);
    }

    private PatternNode? Group()
    {
        bool savedCase = ignoreCase, savedSingle = singleline, savedExtended = extended;
        bool lookaround = false, captures = true;
        string? name = null;
        if (!AtEnd && Peek == '?')
        {
            position++;
            if (AtEnd) throw new NotSupportedException("truncated group");
            char kind = pattern[position];
            if (kind == '#')
            {
                int close = pattern.IndexOf(')', position);
                if (close < 0) throw new NotSupportedException("unterminated comment");
                position = close + 1;
                return null;
            }
            captures = false;
            if (kind is ':' or '>') position++;
            else if (kind is '=' or '!') { position++; lookaround = true; }
            else if (kind == '<' && position + 1 < pattern.Length && pattern[position + 1] is '=' or '!') { position += 2; lookaround = true; }
            else if (kind is '<' or '\'')
            {
                name = ReadGroupName(kind == '<' ? '>' : '\'');
                captures = true;
            }
            else if (kind == '(') throw new NotSupportedException("conditional");
            else if (ReadInlineOptions()) // "(?i)": applies to the rest of the enclosing group
                return null;
        }
        else if (explicitCapture) captures = false;
        int slot = -1;
        if (captures && name is null)
        {
            slot = numbered.Count; // numbered in the order groups open
            numbered.Add(null);
        }
        var inner = Alternation();
        if (AtEnd || Peek != ')') throw new NotSupportedException("unterminated group");
        position++;
        ignoreCase = savedCase;
        singleline = savedSingle;
        extended = savedExtended;
        if (lookaround) return PatternNode.Nothing;
        if (captures)
        {
            // A name that is a number, or a balancing group ("a-b"), numbers groups in ways not followed here.
            // (.NET numbers named groups after all unnamed ones, so \N up to the unnamed count is unaffected.)
            if (slot >= 0) numbered[slot] = inner;
            else if (name!.Length > 0 && !name.Contains('-') && !char.IsAsciiDigit(name[0])) named[name] = inner;
            else unreliableNumbers = true;
        }
        return inner;
    }

    private bool unreliableNumbers;

    /// <summary>Reads a group name up to <paramref name="terminator"/>, from the character after the opening one.</summary>
    private string ReadGroupName(char terminator)
    {
        int end = pattern.IndexOf(terminator, position + 1);
        if (end < 0) throw new NotSupportedException("unterminated group name");
        string name = pattern[(position + 1)..end];
        position = end + 1;
        return name;
    }

    private void SkipGroupName(char terminator) => ReadGroupName(terminator);

    /// <summary>
    /// What a back-reference matches: a string its group's pattern matches (folded for case when the reference
    /// ignores case), or any text when the group is unknown or not closed yet.
    /// </summary>
    private PatternNode BackReference(PatternNode? group) =>
        group is null || unreliableNumbers ? PatternNode.AnyText : ignoreCase ? FoldCase(group) : group;

    private static PatternNode FoldCase(PatternNode node) => node switch
    {
        PatternNode.Set set => new PatternNode.Set(set.Chars.WithBothCases()),
        PatternNode.Sequence sequence => new PatternNode.Sequence(sequence.Items.Select(FoldCase).ToArray()),
        PatternNode.Choice choice => new PatternNode.Choice(choice.Branches.Select(FoldCase).ToArray()),
        PatternNode.Repeat repeat => repeat with { Item = FoldCase(repeat.Item) },
        _ => node,
    };

    /// <summary>Reads "imnsx-imnsx" then ')' (returns true: a switch) or ':' (false: a group with those options).</summary>
    private bool ReadInlineOptions()
    {
        bool on = true;
        while (!AtEnd)
        {
            char c = pattern[position++];
            switch (c)
            {
                case '-': on = false; break;
                case 'i': ignoreCase = on; break;
                case 's': singleline = on; break;
                case 'x': extended = on; break;
                case 'm' or 'n': break;
                case ')': return true;
                case ':': return false;
                default: throw new NotSupportedException("group construct (?" + c);
            }
        }
        throw new NotSupportedException("truncated options");
    }

    private PatternNode Escape()
    {
        if (AtEnd) throw new NotSupportedException("trailing backslash");
        char c = pattern[position++];
        switch (c)
        {
            case 'b' or 'B' or 'A' or 'G':
                return PatternNode.Nothing;
            case 'z' or 'Z':
                return new PatternNode.EndAnchor();
            case >= '1' and <= '9':
                int number = c - '0';
                while (!AtEnd && char.IsAsciiDigit(Peek)) number = Math.Min(number * 10 + (pattern[position++] - '0'), 1000);
                return BackReference(number <= numbered.Count ? numbered[number - 1] : null);
            case 'k':
                if (AtEnd || Peek is not ('<' or '\'')) return PatternNode.AnyText;
                string name = ReadGroupName(Peek == '<' ? '>' : '\'');
                return BackReference(named.GetValueOrDefault(name) ?? (int.TryParse(name, out int n) && n >= 1 && n <= numbered.Count ? numbered[n - 1] : null));
        }
        position--;
        var set = EscapedClass();
        return new PatternNode.Set(ignoreCase ? set.WithBothCases() : set);
    }

    /// <summary>A class escape or an escaped character, at <see cref="position"/> (after the backslash).</summary>
    private CharClass EscapedClass()
    {
        char c = pattern[position++];
        switch (c)
        {
            case 'd': return ecmaScript ? Digits : Digits with { Other = true };
            case 'D': return Digits.Complement();
            // ECMAScript's \w too holds U+0130 and U+212A.
            case 'w': return ecmaScript ? WordChars with { Other = true } : UnicodeWordChars;
            case 'W': return (ecmaScript ? WordChars : UnicodeWordChars).Complement();
            case 's': return ecmaScript ? SpaceChars : UnicodeSpaceChars;
            case 'S': return (ecmaScript ? SpaceChars : UnicodeSpaceChars).Complement();
            case 'p' or 'P':
                if (!AtEnd && Peek == '{') SkipGroupName('}');
                return CharClass.All;
            default: return CharClass.Of(EscapedChar(c));
        }
    }

    private char EscapedChar(char c)
    {
        switch (c)
        {
            case 'n': return '\n';
            case 't': return '\t';
            case 'r': return '\r';
            case 'f': return '\f';
            case 'v': return '\v';
            case 'e': return '\x1B';
            case 'a': return '\a';
            case 'x': return (char)Hex(2);
            case 'u': return (char)Hex(4);
            case 'c':
                if (AtEnd) throw new NotSupportedException("truncated \\c");
                return (char)(char.ToUpperInvariant(pattern[position++]) ^ 0x40);
            case '0':
                int value = 0;
                for (int i = 0; i < 2 && !AtEnd && Peek is >= '0' and <= '7'; i++) value = value * 8 + (pattern[position++] - '0');
                return (char)value;
            default:
                if (char.IsAsciiLetterOrDigit(c)) throw new NotSupportedException("escape \\" + c);
                return c;
        }
    }

    private int Hex(int digits)
    {
        if (position + digits > pattern.Length ||
            !int.TryParse(pattern.AsSpan(position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int value))
            throw new NotSupportedException("bad hex escape");
        position += digits;
        return value;
    }

    private CharClass Class()
    {
        bool negated = !AtEnd && Peek == '^';
        if (negated) position++;
        var set = CharClass.None;
        bool first = true;
        while (true)
        {
            if (AtEnd) throw new NotSupportedException("unterminated class");
            char c = Peek;
            if (c == ']' && !first) { position++; break; }
            first = false;
            if (c == '-' && position + 1 < pattern.Length && pattern[position + 1] == '[')
            {
                // Subtraction "[a-z-[aeiou]]": keeping the whole first set is a superset.
                position++;
                position++;
                Class();
                continue;
            }
            position++;
            CharClass item;
            char? single = null;
            if (c == '\\')
            {
                if (AtEnd) throw new NotSupportedException("trailing backslash");
                char e = Peek;
                if (e is 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 'p' or 'P') item = EscapedClass();
                else
                {
                    position++;
                    single = e == 'b' ? '\b' : EscapedChar(e);
                    item = CharClass.Of(single.Value);
                }
            }
            else
            {
                single = c;
                item = CharClass.Of(c);
            }
            if (single is { } from && position + 1 < pattern.Length && Peek == '-' && pattern[position + 1] != ']' && pattern[position + 1] != '[')
            {
                position++;
                char to = pattern[position++];
                if (to == '\\')
                {
                    if (AtEnd) throw new NotSupportedException("trailing backslash");
                    char e = pattern[position++];
                    to = e == 'b' ? '\b' : EscapedChar(e);
                }
                item = CharClass.Range(from, to);
            }
            set = set.Union(item);
        }
        if (ignoreCase) set = set.WithBothCases();
        return negated ? set.Complement() : set;
    }

    private PatternNode Quantified(PatternNode atom)
    {
        while (true)
        {
            SkipExtendedWhitespace();
            if (AtEnd) return atom;
            int min, max;
            switch (Peek)
            {
                case '*': min = 0; max = -1; position++; break;
                case '+': min = 1; max = -1; position++; break;
                case '?': min = 0; max = 1; position++; break;
                case '{' when TryCounter(out min, out max): break;
                default: return atom;
            }
            if (!AtEnd && Peek == '?') position++; // lazy: same language
            atom = new PatternNode.Repeat(atom, min, max);
        }
    }

    private bool TryCounter(out int min, out int max)
    {
        min = max = 0;
        int i = position + 1;
        int start = i;
        while (i < pattern.Length && char.IsAsciiDigit(pattern[i])) i++;
        if (i == start || i >= pattern.Length || !int.TryParse(pattern.AsSpan(start, i - start), out min)) return false;
        if (pattern[i] == '}')
        {
            max = min;
            position = i + 1;
            return true;
        }
        if (pattern[i] != ',') return false;
        int upper = ++i;
        while (i < pattern.Length && char.IsAsciiDigit(pattern[i])) i++;
        if (i >= pattern.Length || pattern[i] != '}') return false;
        if (i == upper) max = -1;
        else if (!int.TryParse(pattern.AsSpan(upper, i - upper), out max)) return false;
        position = i + 1;
        return true;
    }

    private static readonly CharClass Digits = CharClass.Range('0', '9');
    private static readonly CharClass WordChars = CharClass.Range('a', 'z').Union(CharClass.Range('A', 'Z')).Union(Digits).Union(CharClass.Of('_'));
    private static readonly CharClass SpaceChars = CharClass.Range('\t', '\r').Union(CharClass.Of(' '));

    // .NET's Unicode classes up to U+00FF exactly (the complements rely on it), and everything above.
    private static readonly CharClass UnicodeWordChars = WordChars
        .Union(CharClass.Of('\u00AA')).Union(CharClass.Of('\u00B5')).Union(CharClass.Of('\u00BA'))
        .Union(CharClass.Range('\u00C0', '\u00D6')).Union(CharClass.Range('\u00D8', '\u00F6')).Union(CharClass.Range('\u00F8', '\u00FF'))
        with { Other = true };

    private static readonly CharClass UnicodeSpaceChars = SpaceChars
        .Union(CharClass.Of('\u0085')).Union(CharClass.Of('\u00A0')) with { Other = true };
}
