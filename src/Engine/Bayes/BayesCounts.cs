namespace Spamd.Engine.Bayes;

/// <summary>How often a token was seen in learned spam and ham, and when it was last used (Unix seconds).</summary>
public readonly record struct TokenCounts(long Spam, long Ham, long Atime);

/// <summary>How many spam and ham messages the database has learned.</summary>
public readonly record struct MessageCounts(long Spam, long Ham);

/// <summary>The figures <c>sa-learn --dump magic</c> prints.</summary>
public readonly record struct BayesMagic(
    int DbVersion, long Spam, long Ham, long TokenCount, long OldestAtime, long NewestAtime,
    long LastJournalSync, long LastExpire, long LastExpireAtimeDelta, long LastExpireReduction);
