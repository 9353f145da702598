namespace Spamd.Engine.Learning;

public enum LearnAction { Spam, Ham, Forget }

public enum LearnOutcome
{
    /// <summary>The store changed (learned, relearned as the other class, or forgotten).</summary>
    Done,
    /// <summary>Nothing to do: already learned as this class, or forgetting a message never learned.</summary>
    NothingDone,
}

/// <summary>Local learning as TELL and sa-learn use it. Implementations are thread-safe.</summary>
public interface ILearner
{
    /// <param name="user">The user whose database to use, or null for the site-wide one.</param>
    LearnOutcome Learn(ReadOnlyMemory<byte> message, string? user, LearnAction action, CancellationToken cancellationToken);
}
