using System.Text;

namespace Spamd.Engine.Bayes;

/// <summary>
/// SpamAssassin's stored token key: the last 5 bytes of the SHA-1 of the token's octets, kept here as a
/// 40-bit integer (big-endian) so it is a cheap dictionary key and an SQLite INTEGER PRIMARY KEY.
/// </summary>
[System.Runtime.CompilerServices.SkipLocalsInit]
public static class TokenKey
{
    public static long Compute(string token) => Compute(token.AsSpan());

    public static long Compute(ReadOnlySpan<char> token)
    {
        // Most tokens are short octet strings: one SHA-1 block filled straight from the chars.
        if (token.Length <= Sha1.MaxSingleBlockLength && IsLatin1(token)) return Sha1.LastFiveBytesOfShort(token);
        // Tokens are octet strings (one char per byte); anything wider is UTF-8 encoded as Perl would.
        int byteCount = IsLatin1(token) ? token.Length : Encoding.UTF8.GetByteCount(token);
        Span<byte> bytes = byteCount <= 512 ? stackalloc byte[byteCount] : new byte[byteCount];
        if (byteCount == token.Length) Encoding.Latin1.GetBytes(token, bytes);
        else Encoding.UTF8.GetBytes(token, bytes);

        Span<byte> hash = stackalloc byte[20];
        Sha1.Hash(bytes, hash);
        return FromBytes(hash[^5..]);
    }

    public static long FromBytes(ReadOnlySpan<byte> fiveBytes)
    {
        long key = 0;
        foreach (byte b in fiveBytes) key = (key << 8) | b;
        return key;
    }

    /// <summary>The 10 hex digits sa-learn --backup writes.</summary>
    public static string ToHex(long key) => key.ToString("x10");

    public static bool TryParseHex(ReadOnlySpan<char> hex, out long key)
    {
        key = 0;
        if (hex.Length != 10) return false;
        return long.TryParse(hex, System.Globalization.NumberStyles.AllowHexSpecifier, null, out key);
    }

    private static bool IsLatin1(ReadOnlySpan<char> s) => !s.ContainsAnyExceptInRange('\0', '\u00FF');
}
