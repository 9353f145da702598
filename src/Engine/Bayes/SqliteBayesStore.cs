using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Spamd.Engine.Learning;

namespace Spamd.Engine.Bayes;

/// <summary>
/// The embedded Bayes database: one SQLite file in WAL mode. One writer connection, serialised by a lock;
/// each learn call (one message, or a batch for bulk learning) is one IMMEDIATE transaction, so a crash loses
/// at most what was in flight and never leaves a message half-learned. Readers use their own pooled
/// connections (scans keep theirs, see ScanReader) and are never blocked by the writer. Other processes
/// (sa-learn) wait on the busy timeout.
/// </summary>
public sealed class SqliteBayesStore : IBayesStore
{
    private const int BusyTimeoutSeconds = 30;
    private readonly string readConnectionString;
    private readonly SqliteConnection writer;
    private readonly Lock writeLock = new();
    private readonly System.Collections.Concurrent.ConcurrentBag<ScanReader> scanReaders = [];

    public SqliteBayesStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        string? dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutSeconds,
        };
        writer = new SqliteConnection(builder.ToString());
        writer.Open();
        Execute(writer, $"""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000};
            PRAGMA cache_size = -16000;
            CREATE TABLE IF NOT EXISTS bayes_vars (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                nspam INTEGER NOT NULL, nham INTEGER NOT NULL,
                last_expire INTEGER NOT NULL, last_expire_delta INTEGER NOT NULL, last_expire_reduce INTEGER NOT NULL);
            INSERT OR IGNORE INTO bayes_vars VALUES (1, 0, 0, 0, 0, 0);
            CREATE TABLE IF NOT EXISTS tokens (
                key INTEGER PRIMARY KEY, spam INTEGER NOT NULL, ham INTEGER NOT NULL, atime INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS seen (msgid TEXT PRIMARY KEY, flag TEXT NOT NULL) WITHOUT ROWID;
            """);

        builder.Mode = SqliteOpenMode.ReadOnly;
        readConnectionString = builder.ToString();
    }

    public string Path { get; }

    public MessageCounts GetMessageCounts()
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT nspam, nham FROM bayes_vars WHERE id = 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? new MessageCounts(reader.GetInt64(0), reader.GetInt64(1)) : default;
    }

    public Dictionary<long, TokenCounts> GetTokens(IReadOnlyCollection<long> keys)
    {
        var result = new Dictionary<long, TokenCounts>(keys.Count);
        if (keys.Count == 0) return result;
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        // All keys travel as one JSON array parameter: one query per message whatever its size.
        command.CommandText = "SELECT key, spam, ham, atime FROM tokens WHERE key IN (SELECT value FROM json_each($keys))";
        command.Parameters.AddWithValue("$keys", KeysAsJson(keys));
        using var reader = command.ExecuteReader();
        while (reader.Read())
            result[reader.GetInt64(0)] = new TokenCounts(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        return result;
    }

    public (MessageCounts Messages, Dictionary<long, TokenCounts> Tokens) ReadForScan(IReadOnlyCollection<long> keys)
    {
        // Scans borrow a kept reader: as many exist as scans ever ran at once.
        if (!scanReaders.TryTake(out var reader)) reader = new ScanReader(readConnectionString);
        try
        {
            var result = reader.Read(KeysAsJson(keys), keys.Count);
            scanReaders.Add(reader);
            return result;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public LearnOutcome Learn(LearnRequest request) => LearnBatch([request])[0];

    public IReadOnlyList<LearnOutcome> LearnBatch(IReadOnlyList<LearnRequest> requests)
    {
        var outcomes = new LearnOutcome[requests.Count];
        lock (writeLock)
        {
            using var transaction = writer.BeginTransaction(deferred: false);
            var delta = new LearnBatchDelta(ReadSeen(requests, transaction), requests.Sum(r => r.Tokens.Count));
            for (int i = 0; i < requests.Count; i++) outcomes[i] = Apply(requests[i], delta);
            Write(delta, transaction);
            transaction.Commit();
        }
        return outcomes;
    }

    private static LearnOutcome Apply(LearnRequest request, LearnBatchDelta delta)
    {
        (string? seenId, char seenFlag) = delta.FindSeen(request.MessageIds);
        if (request.Action == LearnAction.Forget)
        {
            if (seenId == null) return LearnOutcome.NothingDone;
            delta.Change(seenFlag == 's', -1, request.Tokens, request.Atime);
            delta.Seen[seenId] = null;
            return LearnOutcome.Done;
        }

        bool spam = request.Action == LearnAction.Spam;
        char flag = spam ? 's' : 'h';
        if (seenId != null && (seenFlag == flag || request.NoRelearn)) return LearnOutcome.NothingDone;
        if (seenId != null)
        {
            // Learned as the other class before: undo that first.
            delta.Change(!spam, -1, request.Tokens, request.Atime);
            delta.Seen[seenId] = null;
        }
        delta.Change(spam, +1, request.Tokens, request.Atime);
        delta.Seen[request.MessageIds[0]] = flag;
        return LearnOutcome.Done;
    }

    /// <summary>The stored flags of every id the batch's messages may have been learned under: one query.</summary>
    private Dictionary<string, char> ReadSeen(IReadOnlyList<LearnRequest> requests, SqliteTransaction transaction)
    {
        var ids = new List<string>(requests.Count * 2);
        foreach (LearnRequest request in requests) ids.AddRange(request.MessageIds);
        var known = new Dictionary<string, char>(StringComparer.Ordinal);
        using var command = Command("SELECT msgid, flag FROM seen WHERE msgid IN (SELECT value FROM json_each($ids))", transaction);
        command.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(ids));
        using var reader = command.ExecuteReader();
        while (reader.Read())
            if (reader.GetString(1) is { Length: 1 } flag) known[reader.GetString(0)] = flag[0];
        return known;
    }

    private void Write(LearnBatchDelta delta, SqliteTransaction transaction)
    {
        using (var messages = Command("UPDATE bayes_vars SET nspam = max(nspam + $s, 0), nham = max(nham + $h, 0)", transaction))
        {
            messages.Parameters.AddWithValue("$s", delta.SpamMessages);
            messages.Parameters.AddWithValue("$h", delta.HamMessages);
            messages.ExecuteNonQuery();
        }
        WriteSeen(delta, transaction);

        // Counts are added first, then removed (clamped at 0); tokens left with no counts go.
        AddTokenCounts(delta.Additions());
        if (!delta.HasRemovals) return;
        using var remove = Command("""
            UPDATE tokens SET spam = max(spam - $s, 0), ham = max(ham - $h, 0) WHERE key = $k
            RETURNING spam = 0 AND ham = 0
            """, transaction);
        using var delete = Command("DELETE FROM tokens WHERE key = $k", transaction);
        var (rk, rs, rh) = (remove.Parameters.Add("$k", SqliteType.Integer), remove.Parameters.Add("$s", SqliteType.Integer),
            remove.Parameters.Add("$h", SqliteType.Integer));
        var dk = delete.Parameters.Add("$k", SqliteType.Integer);
        foreach (var change in delta.Removals())
        {
            rk.Value = change.Key; rs.Value = change.Spam; rh.Value = change.Ham;
            if (remove.ExecuteScalar() is 1L)
            {
                dk.Value = change.Key;
                delete.ExecuteNonQuery();
            }
        }
    }

    /// <summary>
    /// One upsert per token, in key order (ascending keys walk the B-tree in order), through SQLite's own
    /// prepared-statement calls: a batch writes tens of thousands of tokens, and the ADO.NET layer's work per
    /// execution (parameter binders, boxing, reader set-up) cost more than SQLite's.
    /// </summary>
    private void AddTokenCounts(List<LearnBatchDelta.TokenChange> additions)
    {
        sqlite3 db = writer.Handle!;
        int rc = raw.sqlite3_prepare_v2(db, """
            INSERT INTO tokens (key, spam, ham, atime) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (key) DO UPDATE SET spam = spam + excluded.spam, ham = ham + excluded.ham, atime = max(atime, excluded.atime)
            """, out sqlite3_stmt statement);
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
        using (statement)
        {
            foreach (var change in additions)
            {
                raw.sqlite3_bind_int64(statement, 1, change.Key);
                raw.sqlite3_bind_int64(statement, 2, change.Spam);
                raw.sqlite3_bind_int64(statement, 3, change.Ham);
                raw.sqlite3_bind_int64(statement, 4, change.Atime);
                rc = raw.sqlite3_step(statement);
                if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, db);
                raw.sqlite3_reset(statement);
            }
        }
    }

    private void WriteSeen(LearnBatchDelta delta, SqliteTransaction transaction)
    {
        using var put = Command("INSERT OR REPLACE INTO seen (msgid, flag) VALUES ($id, $flag)", transaction);
        using var remove = Command("DELETE FROM seen WHERE msgid = $id", transaction);
        var (putId, putFlag) = (put.Parameters.Add("$id", SqliteType.Text), put.Parameters.Add("$flag", SqliteType.Text));
        var removeId = remove.Parameters.Add("$id", SqliteType.Text);
        foreach (var (id, flag) in delta.Seen)
        {
            if (flag is char f)
            {
                putId.Value = id;
                putFlag.Value = f == 's' ? "s" : "h";
                put.ExecuteNonQuery();
            }
            else
            {
                removeId.Value = id;
                remove.ExecuteNonQuery();
            }
        }
    }

    public BayesMagic GetMagic()
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT nspam, nham, last_expire, last_expire_delta, last_expire_reduce,
                   (SELECT count(*) FROM tokens), (SELECT ifnull(min(atime), 0) FROM tokens), (SELECT ifnull(max(atime), 0) FROM tokens)
            FROM bayes_vars WHERE id = 1
            """;
        using var r = command.ExecuteReader();
        if (!r.Read()) return new BayesMagic(BayesBackupFormat.DbVersion, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        return new BayesMagic(BayesBackupFormat.DbVersion, r.GetInt64(0), r.GetInt64(1), r.GetInt64(5), r.GetInt64(6),
            r.GetInt64(7), LastJournalSync: 0, r.GetInt64(2), r.GetInt64(3), r.GetInt64(4));
    }

    public long ExpireOldTokens(int maxTokens, long now, bool force)
    {
        lock (writeLock)
        {
            using var transaction = writer.BeginTransaction(deferred: false);
            var plan = ExpiryPlan.Compute(maxTokens, now, force, (sql, p) => ScalarLong(sql, transaction, p));
            if (plan == null) return 0;
            long removed = 0;
            if (plan.Value.Reduction > 0)
            {
                using var delete = Command("DELETE FROM tokens WHERE atime < $cutoff", transaction);
                delete.Parameters.AddWithValue("$cutoff", plan.Value.Cutoff);
                removed = delete.ExecuteNonQuery();
            }
            using var vars = Command("UPDATE bayes_vars SET last_expire = $now, last_expire_delta = $delta, last_expire_reduce = $removed", transaction);
            vars.Parameters.AddWithValue("$now", now);
            vars.Parameters.AddWithValue("$delta", plan.Value.AtimeDelta);
            vars.Parameters.AddWithValue("$removed", removed);
            vars.ExecuteNonQuery();
            transaction.Commit();
            return removed;
        }
    }

    public void Clear()
    {
        lock (writeLock)
        {
            using var transaction = writer.BeginTransaction(deferred: false);
            using (var clear = Command("DELETE FROM tokens; DELETE FROM seen; UPDATE bayes_vars SET nspam = 0, nham = 0, last_expire = 0, last_expire_delta = 0, last_expire_reduce = 0", transaction))
                clear.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    public void Backup(TextWriter output)
    {
        using var connection = OpenReader();
        // One read transaction so the counts, tokens and seen ids are a consistent snapshot.
        using var transaction = connection.BeginTransaction(deferred: true);
        using (var vars = connection.CreateCommand())
        {
            vars.Transaction = transaction;
            vars.CommandText = "SELECT nspam, nham FROM bayes_vars WHERE id = 1";
            using var r = vars.ExecuteReader();
            r.Read();
            BayesBackupFormat.WriteHeader(output, new MessageCounts(r.GetInt64(0), r.GetInt64(1)));
        }
        using (var tokens = connection.CreateCommand())
        {
            tokens.Transaction = transaction;
            tokens.CommandText = "SELECT key, spam, ham, atime FROM tokens";
            using var r = tokens.ExecuteReader();
            while (r.Read())
                BayesBackupFormat.WriteToken(output, r.GetInt64(0), new TokenCounts(r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)));
        }
        using (var seen = connection.CreateCommand())
        {
            seen.Transaction = transaction;
            seen.CommandText = "SELECT msgid, flag FROM seen";
            using var r = seen.ExecuteReader();
            while (r.Read()) BayesBackupFormat.WriteSeen(output, r.GetString(0), r.GetString(1)[0]);
        }
    }

    public void Restore(TextReader input)
    {
        var contents = BayesBackupFormat.Read(input, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        lock (writeLock)
        {
            using var transaction = writer.BeginTransaction(deferred: false);
            using (var clear = Command("DELETE FROM tokens; DELETE FROM seen; UPDATE bayes_vars SET last_expire = 0, last_expire_delta = 0, last_expire_reduce = 0", transaction))
                clear.ExecuteNonQuery();
            using (var vars = Command("UPDATE bayes_vars SET nspam = $s, nham = $h", transaction))
            {
                vars.Parameters.AddWithValue("$s", contents.Counts.Spam);
                vars.Parameters.AddWithValue("$h", contents.Counts.Ham);
                vars.ExecuteNonQuery();
            }
            using (var insert = Command("INSERT OR REPLACE INTO tokens (key, spam, ham, atime) VALUES ($k, $s, $h, $a)", transaction))
            {
                var k = insert.Parameters.Add("$k", SqliteType.Integer);
                var s = insert.Parameters.Add("$s", SqliteType.Integer);
                var h = insert.Parameters.Add("$h", SqliteType.Integer);
                var a = insert.Parameters.Add("$a", SqliteType.Integer);
                insert.Prepare();
                foreach (var (key, counts) in contents.Tokens)
                {
                    k.Value = key; s.Value = counts.Spam; h.Value = counts.Ham; a.Value = counts.Atime;
                    insert.ExecuteNonQuery();
                }
            }
            foreach (var (id, flag) in contents.Seen) PutSeen(id, flag, transaction);
            transaction.Commit();
        }
    }

    public void Dispose()
    {
        lock (writeLock) writer.Dispose();
        while (scanReaders.TryTake(out var reader)) reader.Dispose();
    }

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(readConnectionString);
        connection.Open();
        return connection;
    }

    private void PutSeen(string id, char flag, SqliteTransaction transaction)
    {
        using var command = Command("INSERT OR REPLACE INTO seen (msgid, flag) VALUES ($id, $flag)", transaction);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$flag", flag.ToString());
        command.ExecuteNonQuery();
    }

    private long ScalarLong(string sql, SqliteTransaction transaction, long parameter)
    {
        using var command = Command(sql, transaction);
        command.Parameters.AddWithValue("$p", parameter);
        return command.ExecuteScalar() is long v ? v : 0;
    }

    private SqliteCommand Command(string sql, SqliteTransaction transaction)
    {
        var command = writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string KeysAsJson(IReadOnlyCollection<long> keys)
    {
        // Ascending keys walk the B-tree in order: fewer page visits than random order.
        long[] sorted = [.. keys];
        Array.Sort(sorted);
        var sb = new StringBuilder(keys.Count * 14 + 2);
        sb.Append('[');
        foreach (long key in sorted)
        {
            if (sb.Length > 1) sb.Append(',');
            sb.Append(key);
        }
        return sb.Append(']').ToString();
    }
}
