using Microsoft.Data.Sqlite;

namespace Spamd.Engine.Bayes;

/// <summary>
/// A read-only connection kept between scans, with the scan's one query prepared once and a page cache that
/// stays warm: a scan's token read measured ~0.55 ms against ~0.9 ms for a fresh pooled connection that
/// prepares the query again and starts from SQLite's 2 MB default cache (daemon-cpu benchmark). SQLite itself
/// drops cached pages another connection or process has changed. One caller at a time (the store lends it out).
/// </summary>
internal sealed class ScanReader : IDisposable
{
    // Token keys are 40-bit and never negative, so key -1 carries the message counts in the same result.
    private const string Query = """
        SELECT -1, nspam, nham, 0 FROM bayes_vars WHERE id = 1
        UNION ALL
        SELECT key, spam, ham, atime FROM tokens WHERE key IN (SELECT value FROM json_each($keys))
        """;

    private readonly SqliteConnection connection;
    private readonly SqliteCommand command;
    private readonly SqliteParameter keys;

    public ScanReader(string readConnectionString)
    {
        connection = new SqliteConnection(readConnectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA cache_size = -8000"; // KiB: the hot part of a site database
            pragma.ExecuteNonQuery();
        }
        command = connection.CreateCommand();
        command.CommandText = Query;
        keys = command.Parameters.Add("$keys", SqliteType.Text);
        command.Prepare();
    }

    /// <param name="keysAsJson">The token keys as one JSON array.</param>
    public (MessageCounts Messages, Dictionary<long, TokenCounts> Tokens) Read(string keysAsJson, int keyCount)
    {
        var tokens = new Dictionary<long, TokenCounts>(keyCount);
        MessageCounts messages = default;
        keys.Value = keysAsJson;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            long key = reader.GetInt64(0);
            if (key < 0) messages = new MessageCounts(reader.GetInt64(1), reader.GetInt64(2));
            else tokens[key] = new TokenCounts(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }
        return (messages, tokens);
    }

    public void Dispose()
    {
        command.Dispose();
        connection.Dispose();
    }
}
