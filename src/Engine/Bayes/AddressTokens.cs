namespace Spamd.Engine.Bayes;

/// <summary>Tokens for a mail address: "U*user", "D*host" and "D*" for each parent domain.</summary>
internal static class AddressTokens
{
    public static void Add(string address, List<string> output)
    {
        // The last '@' that has something on both sides splits user from host.
        int at = address.LastIndexOf('@', address.Length - 2);
        while (at > 0 && at == address.Length - 1) at = address.LastIndexOf('@', at - 1);
        if (at < 1) return;

        output.Add("U*" + address[..at]);
        string host = address[(at + 1)..];
        output.Add("D*" + host);
        while (true)
        {
            int dot = host.IndexOf('.');
            if (dot <= 0 || dot == host.Length - 1) break;
            host = host[(dot + 1)..];
            output.Add("D*" + host);
        }
    }
}
