using System.Buffers;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Tests.Mime;

public class WhitespaceFolderTests
{
    [Fact]
    public void Plain_length_agrees_with_a_search_per_stop()
    {
        var stops = SearchValues.Create(" \t\n\u00A0\u00C2");
        var stopsButSpace = SearchValues.Create("\t\n\u00A0\u00C2");
        var random = new Random(20261122);
        const string alphabet = "ab  \t\n\u00A0\u00C2c";
        for (int round = 0; round < 20000; round++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 16)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.True(SearchPerStop(text, stops) == WhitespaceFolder.PlainLength(text, stops, stopsButSpace), $"'{text}'");
        }
    }

    // The definition: up to the first stop, where a space between two characters that are not stops does not count.
    private static int SearchPerStop(ReadOnlySpan<char> text, SearchValues<char> stops)
    {
        int i = 0;
        while (true)
        {
            int stop = text[i..].IndexOfAny(stops);
            if (stop < 0) return text.Length;
            i += stop;
            if (i == 0 || text[i] != ' ' || i + 1 >= text.Length || stops.Contains(text[i + 1])) return i;
            i++;
        }
    }
}
