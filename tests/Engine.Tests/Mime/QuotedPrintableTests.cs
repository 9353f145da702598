using System.Buffers;
using System.Text;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Tests.Mime;

/// <summary>
/// The run-copying quoted-printable decoder against a byte-at-a-time reading of the same rules, on random input
/// made of the characters that matter (blanks, '=', CR, LF, hex digits) and random output caps.
/// </summary>
public class QuotedPrintableTests
{
    [Fact]
    public void Run_copying_decoder_agrees_with_a_byte_at_a_time_reading()
    {
        var random = new Random(20261122);
        const string alphabet = "ab =\t\r\n0F9=  ";
        for (int round = 0; round < 20000; round++)
        {
            var input = new byte[random.Next(0, 24)];
            for (int i = 0; i < input.Length; i++) input[i] = (byte)alphabet[random.Next(alphabet.Length)];
            int cap = random.Next(0, 4) == 0 ? random.Next(0, input.Length + 1) : int.MaxValue;

            var actual = new ArrayBufferWriter<byte>();
            TransferDecoder.DecodeQuotedPrintable(input, actual, cap, out bool truncated);
            var (expected, expectedTruncated) = ByteAtATime(input, cap);

            string shown = Encoding.Latin1.GetString(input).ReplaceLineEndings("⏎");
            Assert.True(expected.SequenceEqual(actual.WrittenSpan.ToArray()), $"'{shown}' cap {cap}");
            Assert.True(expectedTruncated == truncated, $"truncated flag for '{shown}' cap {cap}");
        }
    }

    [Fact]
    public void Blanks_before_a_line_end_vanish_and_soft_breaks_join()
    {
        var output = new ArrayBufferWriter<byte>();
        TransferDecoder.DecodeQuotedPrintable("a \t\r\nb=\nc=41 \nd =\r\n"u8, output, int.MaxValue, out _);
        Assert.Equal("a\r\nbcA\nd ", Encoding.Latin1.GetString(output.WrittenSpan));
    }

    // The rules one byte at a time: a blank run before "\n" or "\r\n" dropped, "=\n" and "=\r\n" dropped,
    // "=XX" decoded, anything else copied; output cut at the cap, "truncated" when input remains at the cap.
    private static (byte[] Output, bool Truncated) ByteAtATime(byte[] input, int cap)
    {
        var output = new List<byte>();
        int i = 0;
        while (i < input.Length)
        {
            if (output.Count >= cap) return (output.ToArray(), true);
            byte b = input[i];
            if (b is (byte)' ' or (byte)'\t')
            {
                int j = i;
                while (j < input.Length && input[j] is (byte)' ' or (byte)'\t') j++;
                if (j < input.Length && (input[j] == '\n' || input[j] == '\r' && j + 1 < input.Length && input[j + 1] == '\n'))
                {
                    i = j;
                    continue;
                }
                for (; i < j && output.Count < cap; i++) output.Add(input[i]);
                continue;
            }
            if (b == '=')
            {
                if (i + 1 < input.Length && input[i + 1] == '\n') { i += 2; continue; }
                if (i + 2 < input.Length && input[i + 1] == '\r' && input[i + 2] == '\n') { i += 3; continue; }
                if (i + 2 < input.Length && Uri.IsHexDigit((char)input[i + 1]) && Uri.IsHexDigit((char)input[i + 2]))
                {
                    output.Add(Convert.ToByte(Encoding.ASCII.GetString(input, i + 1, 2), 16));
                    i += 3;
                    continue;
                }
            }
            output.Add(b);
            i++;
        }
        return (output.ToArray(), false);
    }
}
