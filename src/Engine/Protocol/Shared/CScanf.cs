namespace Spamd.Protocol;

/// <summary>
/// A tiny subset of C <c>sscanf</c> (literals, whitespace, <c>%Ns</c>, <c>%d</c>) over bytes, so that a client
/// recognises spamd's response lines exactly as libspamc 4.0.1 does (which is looser than it looks: a blank in
/// the pattern matches any run of blanks, including none, and <c>%Ns</c> stops at N bytes).
/// </summary>
public ref struct CScanf
{
    private readonly ReadOnlySpan<byte> input;
    private int position;

    /// <param name="line">One response line; scanning stops at the first NUL, as C string functions do.</param>
    public CScanf(ReadOnlySpan<byte> line)
    {
        int nul = line.IndexOf((byte)0);
        input = nul >= 0 ? line[..nul] : line;
        position = 0;
    }

    public static bool IsSpace(byte b) => b == ' ' || (b >= '\t' && b <= '\r');

    /// <summary>Matches a literal pattern: each blank in it skips any blanks in the input.</summary>
    public bool Literal(ReadOnlySpan<byte> pattern)
    {
        foreach (byte p in pattern)
        {
            if (IsSpace(p)) { SkipSpaces(); continue; }
            if (position >= input.Length || input[position] != p) return false;
            position++;
        }
        return true;
    }

    /// <summary><c>%Ns</c>: skips blanks, then takes 1..max non-blank bytes.</summary>
    public bool Word(int max, out ReadOnlySpan<byte> word)
    {
        SkipSpaces();
        int start = position;
        while (position < input.Length && position - start < max && !IsSpace(input[position])) position++;
        word = input[start..position];
        return position > start;
    }

    /// <summary><c>%d</c>: skips blanks, optional sign, at least one digit (stored as C stores it into an int).</summary>
    public bool Integer(out int value)
    {
        SkipSpaces();
        value = 0;
        int p = position;
        bool negative = false;
        if (p < input.Length && (input[p] == '+' || input[p] == '-')) negative = input[p++] == '-';
        long magnitude = 0;
        int digits = 0;
        while (p < input.Length && input[p] >= '0' && input[p] <= '9')
        {
            if (magnitude < long.MaxValue / 10) magnitude = magnitude * 10 + (input[p] - '0');
            p++; digits++;
        }
        if (digits == 0) return false;
        position = p;
        value = unchecked((int)(negative ? -magnitude : magnitude));
        return true;
    }

    private void SkipSpaces()
    {
        while (position < input.Length && IsSpace(input[position])) position++;
    }
}
