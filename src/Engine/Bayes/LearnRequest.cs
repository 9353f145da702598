using Spamd.Engine.Learning;

namespace Spamd.Engine.Bayes;

/// <summary>
/// One message to learn or forget, already tokenized. <paramref name="MessageIds"/> lists the ids the message
/// may have been learned under, the one to record first (SpamAssassin: generated id, then Message-Id).
/// <paramref name="NoRelearn"/> (autolearn) leaves a message learned as the other class as it is.
/// </summary>
public sealed record LearnRequest(IReadOnlyList<string> MessageIds, LearnAction Action, IReadOnlyCollection<long> Tokens, long Atime,
    bool NoRelearn = false);
