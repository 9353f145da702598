using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Spamd.Engine.Dns;

/// <summary>
/// The DNS wire format (RFC 1035 section 4), both ways: queries and responses are written without name
/// compression; reading follows compression pointers (only backwards, so a malicious packet cannot loop) and
/// rejects anything truncated or out of bounds with a <see cref="DnsFormatException"/>. Pure bytes: no sockets.
/// </summary>
public static class DnsWire
{
    private const int HeaderLength = 12;
    private const ushort ClassIn = 1;
    private const int MaxNameLength = 255;

    /// <summary>A standard recursive query for one name and type.</summary>
    public static byte[] BuildQuery(ushort id, string name, DnsRecordType type) =>
        Build(new DnsMessage { Id = id, IsResponse = false, QuestionName = name, QuestionType = type });

    /// <summary>Writes a message: header, its one question, and its answers (class IN).</summary>
    public static byte[] Build(DnsMessage message)
    {
        var bytes = new List<byte>(512);
        WriteUInt16(bytes, message.Id);
        int flags = (message.IsResponse ? 0x8000 : 0) | (message.Truncated ? 0x0200 : 0)
                    | (message.RecursionDesired ? 0x0100 : 0) | (message.IsResponse ? 0x0080 : 0) | (int)message.ResponseCode;
        WriteUInt16(bytes, (ushort)flags);
        WriteUInt16(bytes, 1);
        WriteUInt16(bytes, (ushort)message.Answers.Count);
        WriteUInt16(bytes, 0);
        WriteUInt16(bytes, 0);
        WriteName(bytes, message.QuestionName);
        WriteUInt16(bytes, (ushort)message.QuestionType);
        WriteUInt16(bytes, ClassIn);
        foreach (var record in message.Answers)
        {
            WriteName(bytes, record.Name);
            WriteUInt16(bytes, (ushort)record.Type);
            WriteUInt16(bytes, ClassIn);
            WriteUInt16(bytes, (ushort)(record.TimeToLive >> 16));
            WriteUInt16(bytes, (ushort)record.TimeToLive);
            int lengthAt = bytes.Count;
            WriteUInt16(bytes, 0);
            WriteData(bytes, record);
            int length = bytes.Count - lengthAt - 2;
            bytes[lengthAt] = (byte)(length >> 8);
            bytes[lengthAt + 1] = (byte)length;
        }
        return bytes.ToArray();
    }

    /// <summary>Reads a message (the first question and the answer section; authority and additional are skipped).</summary>
    public static DnsMessage Parse(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < HeaderLength) throw new DnsFormatException("shorter than a DNS header");
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(packet);
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        int questions = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        int answers = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        if (questions < 1) throw new DnsFormatException("no question");

        int position = HeaderLength;
        string questionName = ReadName(packet, ref position);
        var questionType = (DnsRecordType)ReadUInt16(packet, ref position);
        ReadUInt16(packet, ref position); // class
        for (int q = 1; q < questions; q++)
        {
            ReadName(packet, ref position);
            position += 4;
        }

        var records = new List<DnsRecord>(answers);
        for (int a = 0; a < answers; a++)
        {
            string name = ReadName(packet, ref position);
            var type = (DnsRecordType)ReadUInt16(packet, ref position);
            ReadUInt16(packet, ref position); // class
            uint ttl = (uint)ReadUInt16(packet, ref position) << 16 | ReadUInt16(packet, ref position);
            int length = ReadUInt16(packet, ref position);
            if (position + length > packet.Length) throw new DnsFormatException("record data past the end");
            records.Add(new DnsRecord(name, type, ttl, ReadData(packet, position, length, type)));
            position += length;
        }

        return new DnsMessage
        {
            Id = id,
            IsResponse = (flags & 0x8000) != 0,
            Truncated = (flags & 0x0200) != 0,
            RecursionDesired = (flags & 0x0100) != 0,
            ResponseCode = (DnsResponseCode)(flags & 0x000F),
            QuestionName = questionName,
            QuestionType = questionType,
            Answers = records,
        };
    }

    private static string ReadData(ReadOnlySpan<byte> packet, int start, int length, DnsRecordType type)
    {
        var data = packet.Slice(start, length);
        switch (type)
        {
            case DnsRecordType.A:
                if (length != 4) throw new DnsFormatException("A record of " + length + " bytes");
                return $"{data[0]}.{data[1]}.{data[2]}.{data[3]}";
            case DnsRecordType.AAAA:
                if (length != 16) throw new DnsFormatException("AAAA record of " + length + " bytes");
                return new IPAddress(data).ToString();
            case DnsRecordType.TXT:
                var text = new StringBuilder(length);
                for (int i = 0; i < length;)
                {
                    int n = data[i++];
                    if (i + n > length) throw new DnsFormatException("TXT string past the record's end");
                    text.Append(Encoding.Latin1.GetString(data.Slice(i, n)));
                    i += n;
                }
                return text.ToString();
            case DnsRecordType.NS:
            case DnsRecordType.CNAME:
                int at = start;
                return ReadName(packet, ref at);
            case DnsRecordType.MX:
                if (length < 3) throw new DnsFormatException("MX record too short");
                at = start + 2;
                return ReadName(packet, ref at);
            default:
                return "";
        }
    }

    /// <summary>Reads a possibly compressed name at <paramref name="position"/> and moves past it.</summary>
    private static string ReadName(ReadOnlySpan<byte> packet, ref int position)
    {
        var name = new StringBuilder(64);
        int at = position;
        int end = -1; // where the caller continues: after the first pointer, or after the root label
        int lowestJump = at;
        while (true)
        {
            if (at >= packet.Length) throw new DnsFormatException("name past the end");
            int length = packet[at];
            if ((length & 0xC0) == 0xC0)
            {
                if (at + 1 >= packet.Length) throw new DnsFormatException("compression pointer past the end");
                int target = (length & 0x3F) << 8 | packet[at + 1];
                // Pointers must go strictly backwards: no loops, no forward references into unread data.
                if (target >= lowestJump) throw new DnsFormatException("compression pointer does not point backwards");
                if (end < 0) end = at + 2;
                lowestJump = target;
                at = target;
                continue;
            }
            if ((length & 0xC0) != 0) throw new DnsFormatException("unknown label type");
            at++;
            if (length == 0) break;
            if (at + length > packet.Length) throw new DnsFormatException("label past the end");
            if (name.Length > 0) name.Append('.');
            foreach (byte b in packet.Slice(at, length)) name.Append(b is (byte)'.' or (byte)'\\' || b < 0x21 || b > 0x7E ? $"\\{b:D3}" : (char)b);
            if (name.Length > MaxNameLength) throw new DnsFormatException("name longer than 255 octets");
            at += length;
        }
        position = end >= 0 ? end : at;
        return name.ToString();
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> packet, ref int position)
    {
        if (position + 2 > packet.Length) throw new DnsFormatException("message ends early");
        ushort value = BinaryPrimitives.ReadUInt16BigEndian(packet[position..]);
        position += 2;
        return value;
    }

    private static void WriteUInt16(List<byte> bytes, ushort value)
    {
        bytes.Add((byte)(value >> 8));
        bytes.Add((byte)value);
    }

    /// <summary>Writes a name as labels; throws <see cref="ArgumentException"/> for names DNS cannot carry.</summary>
    private static void WriteName(List<byte> bytes, string name)
    {
        name = name.TrimEnd('.');
        if (name.Length > MaxNameLength - 2) throw new ArgumentException("DNS name too long: " + name);
        if (name.Length > 0)
        {
            foreach (var label in name.Split('.'))
            {
                if (label.Length is 0 or > 63) throw new ArgumentException("bad DNS label in " + name);
                bytes.Add((byte)label.Length);
                foreach (char c in label)
                {
                    if (c is <= ' ' or > '~') throw new ArgumentException("non-ASCII DNS name: " + name);
                    bytes.Add((byte)c);
                }
            }
        }
        bytes.Add(0);
    }

    private static void WriteData(List<byte> bytes, DnsRecord record)
    {
        switch (record.Type)
        {
            case DnsRecordType.A:
            case DnsRecordType.AAAA:
                var address = IPAddress.Parse(record.Data);
                if (address.AddressFamily != (record.Type == DnsRecordType.A ? System.Net.Sockets.AddressFamily.InterNetwork : System.Net.Sockets.AddressFamily.InterNetworkV6))
                    throw new ArgumentException($"{record.Type} record with address {record.Data}");
                bytes.AddRange(address.GetAddressBytes());
                break;
            case DnsRecordType.TXT:
                var text = Encoding.Latin1.GetBytes(record.Data);
                int i = 0;
                do
                {
                    int n = Math.Min(255, text.Length - i);
                    bytes.Add((byte)n);
                    bytes.AddRange(text.AsSpan(i, n).ToArray());
                    i += n;
                } while (i < text.Length);
                break;
            case DnsRecordType.MX:
                WriteUInt16(bytes, 10);
                WriteName(bytes, record.Data);
                break;
            case DnsRecordType.NS:
            case DnsRecordType.CNAME:
                WriteName(bytes, record.Data);
                break;
        }
    }
}
