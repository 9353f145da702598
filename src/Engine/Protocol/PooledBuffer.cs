using System.Buffers;

namespace Spamd.Engine.Protocol;

/// <summary>
/// A growable byte buffer over pooled arrays, used to hold a request body and build replies without
/// allocating per message. Very large arrays are not pooled, so one huge message does not pin memory.
/// </summary>
public sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    private const int LargestPooledArray = 16 * 1024 * 1024;

    private byte[] array;
    private int length;

    public PooledBuffer(int initialCapacity = 4096) => array = Rent(Math.Max(initialCapacity, 256));

    public int Length => length;

    public ReadOnlySpan<byte> WrittenSpan => array.AsSpan(0, length);

    public ReadOnlyMemory<byte> WrittenMemory => array.AsMemory(0, length);

    /// <summary>The written bytes as an array segment (for streams that need an array).</summary>
    public ArraySegment<byte> WrittenSegment => new(array, 0, length);

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        length += bytes.Length;
    }

    public void Write(in ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes) Write(segment.Span);
    }

    public void Clear() => length = 0;

    public void Advance(int count)
    {
        if ((uint)count > (uint)(array.Length - length)) throw new ArgumentOutOfRangeException(nameof(count));
        length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return array.AsMemory(length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return array.AsSpan(length);
    }

    private void EnsureFree(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (array.Length - length >= needed) return;
        long wanted = Math.Max((long)array.Length * 2, (long)length + needed);
        int newSize = (int)Math.Min(wanted, Array.MaxLength);
        if (newSize - length < needed) throw new OutOfMemoryException("buffer limit reached");
        var bigger = Rent(newSize);
        array.AsSpan(0, length).CopyTo(bigger);
        Return(array);
        array = bigger;
    }

    public void Dispose()
    {
        Return(array);
        array = [];
        length = 0;
    }

    private static byte[] Rent(int size) =>
        size <= LargestPooledArray ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);

    private static void Return(byte[] buffer)
    {
        if (buffer.Length is > 0 and <= LargestPooledArray) ArrayPool<byte>.Shared.Return(buffer);
    }
}
