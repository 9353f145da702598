namespace Spamd.Client;

/// <summary>One address of a spamd host: the raw IPv4 (4 bytes) or IPv6 (16 bytes) address and how to show it.</summary>
internal sealed record SpamdAddress(byte[] Bytes, string Text)
{
    public static readonly SpamdAddress IPv6Loopback = new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], "::1");
    public static readonly SpamdAddress IPv4Loopback = new([127, 0, 0, 1], "127.0.0.1");

    public bool IsIPv4 => Bytes.Length == 4;

    /// <summary>spamc's "always fail" test address.</summary>
    public bool IsBroadcast => IsIPv4 && Bytes[0] == 255 && Bytes[1] == 255 && Bytes[2] == 255 && Bytes[3] == 255;

    /// <summary>A plain dotted quad, parsed without System.Net (which would cost start-up time).</summary>
    public static bool TryParseDottedQuad(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SpamdAddress? address)
    {
        address = null;
        var bytes = new byte[4];
        int part = 0, value = 0, digits = 0;
        foreach (char c in text)
        {
            if (c == '.')
            {
                if (digits == 0 || part == 3) return false;
                bytes[part++] = (byte)value;
                value = digits = 0;
            }
            else if (c >= '0' && c <= '9' && digits < 3)
            {
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) return false;
            }
            else return false;
        }
        if (digits == 0 || part != 3) return false;
        bytes[3] = (byte)value;
        address = new SpamdAddress(bytes, text);
        return true;
    }
}
