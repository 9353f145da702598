using System.Buffers;

namespace Spamd.Engine.Mime;

/// <summary>
/// A string builder over one pooled char array: the text grows in place and becomes a string once, so building a
/// rendering costs the final string and nothing else. Dispose returns the array.
/// </summary>
internal sealed class PooledCharBuilder : IDisposable
{
    private char[] buffer;

    public PooledCharBuilder(int capacity) => buffer = ArrayPool<char>.Shared.Rent(Math.Max(64, capacity));

    public int Length { get; private set; }

    public char this[Index index] => buffer.AsSpan(0, Length)[index];

    /// <summary>Drops the last character.</summary>
    public void RemoveLast() => Length--;

    public void Append(char c)
    {
        if (Length == buffer.Length) Grow(1);
        buffer[Length++] = c;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        if (Length + text.Length > buffer.Length) Grow(text.Length);
        text.CopyTo(buffer.AsSpan(Length));
        Length += text.Length;
    }

    private void Grow(int needed)
    {
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(buffer.Length * 2, Length + needed));
        buffer.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(buffer);
        buffer = bigger;
    }

    public override string ToString() => new(buffer, 0, Length);

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(buffer);
        buffer = [];
        Length = 0;
    }
}
