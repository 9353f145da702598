using System.Text;

namespace Spamd.Learn;

/// <summary>
/// The messages of sa-learn's targets: a file (one message, or an mbox with --mbox), a directory of message
/// files, a Maildir folder (its cur/ and new/), or "-" for standard input.
/// </summary>
internal static class MessageSource
{
    /// <summary>
    /// The target's messages, each as a function that reads it (null: larger than <paramref name="maxSize"/>),
    /// so that single-message files are read by the thread that learns them.
    /// </summary>
    public static IEnumerable<Func<byte[]?>> Read(string target, bool mbox, long maxSize)
    {
        if (target == "-")
        {
            using var stdin = Console.OpenStandardInput();
            using var buffer = new MemoryStream();
            stdin.CopyTo(buffer);
            return Split(buffer.ToArray(), mbox, maxSize);
        }
        if (Directory.Exists(target)) return ReadDirectory(target, mbox, maxSize);
        if (File.Exists(target)) return ReadFile(target, mbox, maxSize);
        throw new FileNotFoundException($"cannot open {target}: No such file or directory", target);
    }

    private static IEnumerable<Func<byte[]?>> ReadDirectory(string dir, bool mbox, long maxSize)
    {
        string[] folders = Directory.Exists(Path.Combine(dir, "cur")) || Directory.Exists(Path.Combine(dir, "new"))
            ? [Path.Combine(dir, "cur"), Path.Combine(dir, "new")]
            : [dir];
        foreach (string folder in folders.Where(Directory.Exists))
            foreach (string file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(file).StartsWith('.')) continue;
                foreach (var message in ReadFile(file, mbox, maxSize)) yield return message;
            }
    }

    private static IEnumerable<Func<byte[]?>> ReadFile(string file, bool mbox, long maxSize) =>
        mbox ? Split(File.ReadAllBytes(file), mbox, maxSize) : [() => Limit(File.ReadAllBytes(file), maxSize)];

    private static IEnumerable<Func<byte[]?>> Split(byte[] bytes, bool mbox, long maxSize)
    {
        if (!mbox)
        {
            if (Limit(bytes, maxSize) != null) yield return () => bytes;
            yield break;
        }
        foreach (byte[] message in SplitMbox(bytes))
            if (Limit(message, maxSize) != null) yield return () => message;
    }

    private static byte[]? Limit(byte[] message, long maxSize) => maxSize <= 0 || message.Length <= maxSize ? message : null;

    /// <summary>Messages of an mbox: each starts at a "From " line; the separator line itself is kept out.</summary>
    internal static IEnumerable<byte[]> SplitMbox(byte[] bytes)
    {
        int start = -1, pos = 0;
        while (pos < bytes.Length)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', pos);
            int next = end < 0 ? bytes.Length : end + 1;
            if (IsFromLine(bytes, pos))
            {
                if (start >= 0) yield return Unescape(bytes.AsSpan(start, pos - start));
                start = next;
            }
            pos = next;
        }
        if (start >= 0 && start < bytes.Length) yield return Unescape(bytes.AsSpan(start));
    }

    private static bool IsFromLine(byte[] bytes, int pos) => bytes.AsSpan(pos).StartsWith("From "u8);

    /// <summary>mboxrd quoting: "&gt;From " at a line start was a "From " line in the message.</summary>
    private static byte[] Unescape(ReadOnlySpan<byte> message)
    {
        var text = Encoding.Latin1.GetString(message);
        text = text.Replace("\n>From ", "\nFrom ", StringComparison.Ordinal);
        return Encoding.Latin1.GetBytes(text);
    }
}
