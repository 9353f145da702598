using System.Text;

namespace Spamd.Engine.Output;

internal static class LineEndings
{
    /// <summary>Gives text SpamAssassin built with "\n" the message's own line ending (<c>s/\r?\n/\r\n/g</c>).</summary>
    public static string Apply(string text, string lineEnding)
    {
        if (lineEnding == "\n") return text;
        var sb = new StringBuilder(text.Length + text.Length / 16);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') continue;
            if (c == '\n') sb.Append('\r');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
