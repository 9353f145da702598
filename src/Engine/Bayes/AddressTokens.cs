namespace Spamd.Engine.Bayes;

/// <summary>Tokens for a mail address: "U*user", "D*host" and "D*" for each parent domain.</summary>
internal static class AddressTokens
{
    public static void Add(string address, List<string> output) => Add(address, new StringList(output));

    public static void Add<TOutput>(ReadOnlySpan<char> address, TOutput output) where TOutput : ITokenOutput
    {
        // The last '@' that has something on both sides splits user from host.
        int at = -1;
        for (int i = address.Length - 2; i >= 1 && at < 0; i--)
            if (address[i] == '@') at = i;
        if (at < 0) return;

        output.Add("U*", address[..at]);
        ReadOnlySpan<char> host = address[(at + 1)..];
        output.Add("D*", host);
        while (true)
        {
            int dot = host.IndexOf('.');
            if (dot <= 0 || dot == host.Length - 1) break;
            host = host[(dot + 1)..];
            output.Add("D*", host);
        }
    }

    /// <summary>Tokens as strings, for text that is tokenized again later (header addresses).</summary>
    private readonly struct StringList(List<string> list) : ITokenOutput
    {
        public void Add(ReadOnlySpan<char> a, ReadOnlySpan<char> b = default, ReadOnlySpan<char> c = default,
            ReadOnlySpan<char> d = default, ReadOnlySpan<char> e = default) =>
            list.Add(string.Concat(string.Concat(a, b, c), d, e));
    }
}
