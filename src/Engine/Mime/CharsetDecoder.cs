using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Mime;

/// <summary>
/// Turns the bytes of a text part into characters the way SpamAssassin 4's <c>normalize_charset</c> does
/// (Message::Node::_normalize): trust ASCII, prefer valid UTF-8, then the declared charset, then Windows-1252
/// as the last resort. Never throws; garbage in gives Windows-1252 characters out.
/// </summary>
public static partial class CharsetDecoder
{
    // Field initialisers run in order: the code pages must be registered before the encodings below are fetched.
    private static readonly bool CodePagesRegistered = RegisterCodePages();

    private static bool RegisterCodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    }

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
    private static readonly Encoding Windows1252Strict =
        Encoding.GetEncoding(1252, EncoderFallback.ReplacementFallback, DecoderFallback.ExceptionFallback);
    private static readonly Encoding Windows1252Lenient = Encoding.GetEncoding(1252);
    private static readonly ConcurrentDictionary<string, Encoding?> Known = new(StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex(@"^(?:(?:US-)?ASCII|ANSI[_ ]?X3\.4-(?:1986|1968)|ISO646-US)\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AsciiNames();

    [GeneratedRegex(@"^(?:ISO[ -]?8859(?:-\d{1,2})?|Windows-\d{4}|UTF-?8|(KOI8|EUC)-[A-Z]{1,2}|Big5|GBK|GB[ -]?18030(?:-20\d\d)?)\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExtendedAsciiNames();

    [GeneratedRegex(@"^(?:ISO-?8859-1|Windows-1252|CP1252)\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Latin1Names();

    /// <summary>
    /// Decodes <paramref name="bytes"/> declared as <paramref name="declaredCharset"/>. With
    /// <paramref name="insistOnDeclared"/> (RFC 2047 words) the declared charset wins even over valid UTF-8, and
    /// undecodable bytes become U+FFFD instead of triggering the fallbacks.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? declaredCharset, bool insistOnDeclared = false) =>
        Decode(bytes, declaredCharset, insistOnDeclared, out _);

    /// <summary>
    /// As <see cref="Decode(ReadOnlySpan{byte}, string?, bool)"/>; <paramref name="decoded"/> tells whether the bytes went
    /// through a decoder (Perl would now hold a character string) or came back as they were (an octet string).
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? declaredCharset, bool insistOnDeclared, out bool decoded)
    {
        decoded = false;
        var declared = (declaredCharset ?? "us-ascii").Trim();
        bool hasEightBit = bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;
        if (!hasEightBit && (AsciiNames().IsMatch(declared) || ExtendedAsciiNames().IsMatch(declared)))
            return Octets.FromBytes(bytes);

        bool triedUtf8 = false;
        if (hasEightBit && !insistOnDeclared)
        {
            // validate first: a failed strict decode costs an exception
            if (System.Text.Unicode.Utf8.IsValid(bytes)) { decoded = true; return Encoding.UTF8.GetString(bytes); }
            triedUtf8 = true;
        }

        string? result = null;
        if (!insistOnDeclared && (declared.Equals("ASCII", StringComparison.OrdinalIgnoreCase) || declared.Equals("US-ASCII", StringComparison.OrdinalIgnoreCase)))
        {
            // declared ASCII but it is not: fall through to the guesses below
        }
        else if (declared.StartsWith("UTF-16", StringComparison.OrdinalIgnoreCase) || declared.StartsWith("UTF16", StringComparison.OrdinalIgnoreCase) || declared.StartsWith("UTF 16", StringComparison.OrdinalIgnoreCase))
        {
            var utf16 = DetectUtf16(bytes);
            if (utf16 != null && TryDecode(utf16, bytes, out var text)) result = text;
        }
        else
        {
            Encoding? encoding;
            bool isUtf8 = false;
            if (Latin1Names().IsMatch(declared))
            {
                // Perl's cp1252 has no characters for 0x81 0x8D 0x8F 0x90 0x9D; .NET maps them to C1 controls
                if (insistOnDeclared) result = DecodeWindows1252Lenient(bytes);
                else if (!HasC1Bytes(bytes)) result = Encoding.Latin1.GetString(bytes);
                else if (!HasUndefinedWindows1252(bytes) && TryDecode(Windows1252Strict, bytes, out var w)) result = w;
                encoding = null;
            }
            else if (declared.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) || declared.Equals("UTF8", StringComparison.OrdinalIgnoreCase))
            {
                encoding = insistOnDeclared ? Encoding.UTF8 : StrictUtf8;
                isUtf8 = true;
            }
            else encoding = Find(declared, strict: !insistOnDeclared);

            if (isUtf8 && !insistOnDeclared)
            {
                if (!triedUtf8 && System.Text.Unicode.Utf8.IsValid(bytes)) result = Encoding.UTF8.GetString(bytes);
            }
            else if (encoding != null && TryDecode(encoding, bytes, out var text)) result = text;
        }

        if (!hasEightBit && result == null) return Octets.FromBytes(bytes);
        decoded = true;
        if (result != null) return result;
        if (LooksLikeWindows1252(bytes) && !HasC1Bytes(bytes)) return Encoding.Latin1.GetString(bytes);
        if (LooksLikeWindows1252(bytes) && TryDecode(Windows1252Strict, bytes, out var guessed)) return guessed;
        return DecodeWindows1252Lenient(bytes);
    }

    /// <summary>
    /// As <see cref="Decode(ReadOnlySpan{byte}, string?, bool, out bool)"/> (declared charset not insisted on), into a
    /// pooled array the caller returns to <see cref="System.Buffers.ArrayPool{T}.Shared"/>: the common cases (ASCII
    /// bytes under an ASCII-compatible name, valid UTF-8) make no string; the rest decode as usual and are copied.
    /// </summary>
    internal static char[] DecodePooled(ReadOnlySpan<byte> bytes, string? declaredCharset, out int length, out bool decoded)
    {
        var pool = System.Buffers.ArrayPool<char>.Shared;
        var declared = (declaredCharset ?? "us-ascii").Trim();
        bool hasEightBit = bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;
        if (!hasEightBit && (AsciiNames().IsMatch(declared) || ExtendedAsciiNames().IsMatch(declared)))
        {
            decoded = false;
            var chars = pool.Rent(Math.Max(16, bytes.Length));
            length = Encoding.Latin1.GetChars(bytes, chars);
            return chars;
        }
        if (hasEightBit && System.Text.Unicode.Utf8.IsValid(bytes))
        {
            decoded = true;
            var chars = pool.Rent(Math.Max(16, bytes.Length));
            length = Encoding.UTF8.GetChars(bytes, chars);
            return chars;
        }
        var text = Decode(bytes, declaredCharset, insistOnDeclared: false, out decoded);
        var copy = pool.Rent(Math.Max(16, text.Length));
        text.CopyTo(copy);
        length = text.Length;
        return copy;
    }

    private static bool HasUndefinedWindows1252(ReadOnlySpan<byte> bytes) => bytes.IndexOfAny(UndefinedInWindows1252) >= 0;

    private static readonly System.Buffers.SearchValues<byte> UndefinedInWindows1252 =
        System.Buffers.SearchValues.Create([0x81, 0x8D, 0x8F, 0x90, 0x9D]);

    // Windows-1252 agrees with Latin-1 everywhere but 0x80-0x9F: without those bytes the fast Latin-1 decoder
    // gives the same text as the code page.
    private static bool HasC1Bytes(ReadOnlySpan<byte> bytes) => bytes.IndexOfAnyInRange((byte)0x80, (byte)0x9F) >= 0;

    private static string DecodeWindows1252Lenient(ReadOnlySpan<byte> bytes)
    {
        if (!HasC1Bytes(bytes)) return Encoding.Latin1.GetString(bytes);
        var text = Windows1252Lenient.GetString(bytes);
        if (!HasUndefinedWindows1252(bytes)) return text;
        return string.Create(text.Length, text, static (dest, src) =>
        {
            for (int i = 0; i < src.Length; i++)
                dest[i] = src[i] is '\u0081' or '\u008D' or '\u008F' or '\u0090' or '\u009D' ? '\uFFFD' : src[i];
        });
    }

    /// <summary>An encoding .NET knows under this name (with SpamAssassin's GB18030 → GBK fallback), or null.</summary>
    public static Encoding? Find(string name, bool strict)
    {
        var key = (strict ? "s:" : "l:") + name;
        return Known.GetOrAdd(key, static k =>
        {
            var n = k[2..];
            var found = Lookup(n) ?? (n.StartsWith("GB", StringComparison.OrdinalIgnoreCase) && n.Contains("18030") ? Lookup("GBK") : null);
            if (found == null) return null;
            return k[0] == 's'
                ? Encoding.GetEncoding(found.CodePage, EncoderFallback.ReplacementFallback, DecoderFallback.ExceptionFallback)
                : Encoding.GetEncoding(found.CodePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));
        });
    }

    private static Encoding? Lookup(string name)
    {
        if (name.Length == 0 || name.Length > 64) return null;
        try { return Encoding.GetEncoding(name); }
        catch (ArgumentException) { }
        // Perl's Encode accepts a few spellings .NET does not.
        var alt = name.Replace('_', '-');
        if (alt.StartsWith("cp", StringComparison.OrdinalIgnoreCase) && int.TryParse(alt.AsSpan(2), out var cp) ||
            alt.StartsWith("windows-", StringComparison.OrdinalIgnoreCase) && int.TryParse(alt.AsSpan(8), out cp))
        {
            try { return Encoding.GetEncoding(cp); }
            catch (Exception e) when (e is ArgumentException or NotSupportedException) { }
        }
        // a few of Encode::Alias's fuzzy rules
        if (Regex.IsMatch(alt, "gb[-_ ]?2312", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)) alt = "gb2312";
        else if (alt.Equals("x-sjis", StringComparison.OrdinalIgnoreCase)) alt = "shift_jis";
        else if (Regex.IsMatch(alt, "^(?:x-)?mac-?roman$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)) alt = "macintosh";
        else if (Regex.Match(alt, "^cp-?([0-9]+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant) is { Success: true } cpMatch &&
                 int.TryParse(cpMatch.Groups[1].ValueSpan, out var codePage))
        {
            try { return Encoding.GetEncoding(codePage); }
            catch (Exception e) when (e is ArgumentException or NotSupportedException) { }
        }
        if (!alt.Equals(name, StringComparison.Ordinal))
        {
            try { return Encoding.GetEncoding(alt); }
            catch (ArgumentException) { }
        }
        return null;
    }

    private static bool TryDecode(Encoding encoding, ReadOnlySpan<byte> bytes, out string text)
    {
        try
        {
            text = encoding.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }

    // ASCII plus NBSP, SHY and the punctuation Windows-1252 is usually guessed from (Node.pm's set).
    private static bool LooksLikeWindows1252(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b < 0x80) continue;
            bool ok = b is 0xA0 or 0xA9 or 0xAD or 0x82 or 0x84 or 0x85 or (>= 0x91 and <= 0x97) or 0x99
                or (>= 0xC0 and <= 0xD6) or (>= 0xD8 and <= 0xDE) or (>= 0xE0 and <= 0xF6) or (>= 0xF8 and <= 0xFE);
            if (!ok) return false;
        }
        return true;
    }

    // Guess byte order from where the zero bytes of ASCII-range characters sit.
    private static Encoding? DetectUtf16(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 2 && (bytes[0] == 0xFF && bytes[1] == 0xFE)) return new UnicodeEncoding(false, true, true);
        if (bytes.Length >= 2 && (bytes[0] == 0xFE && bytes[1] == 0xFF)) return new UnicodeEncoding(true, true, true);
        int zeroEven = 0, zeroOdd = 0;
        for (int i = 0; i + 1 < bytes.Length; i += 2)
        {
            if (bytes[i] == 0) zeroEven++;
            if (bytes[i + 1] == 0) zeroOdd++;
        }
        if (zeroOdd > zeroEven) return new UnicodeEncoding(false, false, true);
        if (zeroEven > zeroOdd) return new UnicodeEncoding(true, false, true);
        return null;
    }
}
