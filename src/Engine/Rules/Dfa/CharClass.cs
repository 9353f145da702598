namespace Spamd.Engine.Rules.Dfa;

/// <summary>
/// A set of characters as the prefilter automaton sees them: each ASCII character by itself, and one symbol
/// (<see cref="Other"/>) standing for every character above 0x7F. A class that holds any non-ASCII character
/// holds that symbol, so the automaton over-approximates on non-ASCII text and never rejects a possible match.
/// </summary>
internal readonly record struct CharClass(ulong Low, ulong High, bool Other)
{
    /// <summary>The symbol of every non-ASCII character.</summary>
    public const int OtherSymbol = 128;

    public const int SymbolCount = 129;

    public static readonly CharClass None = default;
    public static readonly CharClass All = new(ulong.MaxValue, ulong.MaxValue, true);

    public static CharClass Of(char c) => Range(c, c);

    public static CharClass Range(char from, char to)
    {
        if (from > to) return None;
        bool other = to > 0x7F;
        if (from > 0x7F) return new CharClass(0, 0, other);
        int last = Math.Min((int)to, 0x7F);
        ulong low = 0, high = 0;
        for (int c = from; c <= last; c++)
        {
            if (c < 64) low |= 1UL << c;
            else high |= 1UL << (c - 64);
        }
        return new CharClass(low, high, other);
    }

    public CharClass Union(CharClass other) => new(Low | other.Low, High | other.High, Other || other.Other);

    /// <summary>
    /// The complement. Whatever the set, its complement holds some non-ASCII character (no class here holds them
    /// all exactly), so it keeps the <see cref="Other"/> symbol: a superset, as the automaton needs.
    /// </summary>
    public CharClass Complement() => new(~Low, ~High, true);

    public bool Contains(int symbol) => symbol switch
    {
        < 64 => (Low >> symbol & 1) != 0,
        < 128 => (High >> (symbol - 64) & 1) != 0,
        _ => Other,
    };

    /// <summary>
    /// The set with both cases of each ASCII letter in it (case-insensitive matching). Some letters also match a
    /// non-ASCII character ('k' the Kelvin sign, 's' the long s), so a set with a letter holds the other symbol too.
    /// </summary>
    public CharClass WithBothCases()
    {
        // 'A'-'Z' are bits 1-26 of High (65-90), 'a'-'z' bits 33-58 (97-122): 32 apart.
        const ulong upper = 0x07FFFFFEUL;
        ulong letters = (High & upper) | (High >> 32 & upper);
        return new CharClass(Low, High | letters | letters << 32, Other || letters != 0);
    }
}
