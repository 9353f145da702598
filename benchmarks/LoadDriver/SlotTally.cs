namespace Spamd.LoadDriver;

/// <summary>What one concurrent slot observed; slots never share a tally, so recording takes no locks.</summary>
public sealed class SlotTally
{
    /// <summary>Stopwatch ticks of each successful exchange, connect to last reply byte.</summary>
    public List<long> LatencyTicks { get; } = new();
    public Dictionary<string, long> Errors { get; } = new();
    public VerdictCounts Verdicts { get; } = new();
    public long Requests { get; private set; }
    public long MessageBytes { get; private set; }

    public void Record(SpamcRequest request, SpamdReply reply, long elapsedTicks)
    {
        Requests++;
        if (reply.Error is { } error)
        {
            Errors[error] = Errors.GetValueOrDefault(error) + 1;
            return;
        }
        LatencyTicks.Add(elapsedTicks);
        MessageBytes += request.MessageLength;
        if (request.Scans) Verdicts.Add(request.ExpectSpam, reply.IsSpam);
    }
}
