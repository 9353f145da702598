namespace Spamd.Engine.Rules.Dfa;

/// <summary>
/// A set of characters as the prefilter automaton sees them: each character up to U+00FF by itself (rules read
/// mail as one character per octet, so their texts are mostly ASCII and Latin-1), and one symbol
/// (<see cref="Other"/>) standing for every character above. A class that holds any character above U+00FF holds
/// that symbol, so the automaton over-approximates on such text and never rejects a possible match.
/// </summary>
internal readonly record struct CharClass(ulong Bits0, ulong Bits1, ulong Bits2, ulong Bits3, bool Other)
{
    /// <summary>The symbol of every character above U+00FF.</summary>
    public const int OtherSymbol = 256;

    public const int SymbolCount = 257;

    public static readonly CharClass None = default;
    public static readonly CharClass All = new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, true);

    /// <summary>U+0080-U+00FF, plus the other symbol: a superset of the non-ASCII members of a Unicode class.</summary>
    public static readonly CharClass NonAscii = new(0, 0, ulong.MaxValue, ulong.MaxValue, true);

    public static CharClass Of(char c) => Range(c, c);

    public static CharClass Range(char from, char to)
    {
        if (from > to) return None;
        bool other = to > 0xFF;
        Span<ulong> bits = stackalloc ulong[4];
        for (int c = from; c <= Math.Min((int)to, 0xFF); c++) bits[c >> 6] |= 1UL << (c & 63);
        return new CharClass(bits[0], bits[1], bits[2], bits[3], other);
    }

    public CharClass Union(CharClass o) => new(Bits0 | o.Bits0, Bits1 | o.Bits1, Bits2 | o.Bits2, Bits3 | o.Bits3, Other || o.Other);

    /// <summary>
    /// The complement. Whatever the set, its complement holds some character above U+00FF (no class here holds them
    /// all exactly), so it keeps the <see cref="Other"/> symbol: a superset, as the automaton needs.
    /// </summary>
    public CharClass Complement() => new(~Bits0, ~Bits1, ~Bits2, ~Bits3, true);

    public bool Contains(int symbol) => symbol switch
    {
        < 64 => (Bits0 >> symbol & 1) != 0,
        < 128 => (Bits1 >> (symbol - 64) & 1) != 0,
        < 192 => (Bits2 >> (symbol - 128) & 1) != 0,
        < 256 => (Bits3 >> (symbol - 192) & 1) != 0,
        _ => Other,
    };

    /// <summary>
    /// The set with both cases of each letter in it (case-insensitive matching): ASCII 'A'-'Z' / 'a'-'z' and Latin-1
    /// U+00C0-U+00DE / U+00E0-U+00FE. Some letters also match a character above U+00FF ('k' the Kelvin sign, 's'
    /// the long s, 'ÿ' 'Ÿ'), so a set with a letter holds the other symbol too.
    /// </summary>
    public CharClass WithBothCases()
    {
        // 'A'-'Z' are bits 1-26 of Bits1 (65-90), 'a'-'z' bits 33-58 (97-122): 32 apart.
        const ulong asciiUpper = 0x07FFFFFEUL;
        ulong ascii = (Bits1 & asciiUpper) | (Bits1 >> 32 & asciiUpper);
        // U+00C0-U+00DE but U+00D7 (×) are bits 0-30 of Bits3 but 23; their lower cases 32 bits higher (÷ excepted).
        const ulong latinUpper = 0x7F7FFFFFUL;
        ulong latin = (Bits3 & latinUpper) | (Bits3 >> 32 & latinUpper);
        bool anyLetter = ascii != 0 || latin != 0 || (Bits2 & (1UL << (0xB5 - 128))) != 0 || (Bits3 & (1UL << 63)) != 0;
        return new CharClass(Bits0, Bits1 | ascii | ascii << 32, Bits2, Bits3 | latin | latin << 32, Other || anyLetter);
    }
}
