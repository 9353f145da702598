namespace Spamd.Engine.Bayes;

/// <summary>
/// SpamAssassin's token expiry: once the database holds more than the maximum, shrink it towards 75% of that
/// (never under 100,000 tokens) by dropping tokens unused for the shortest of 12 h, 1 d, 2 d ... 256 d that
/// does not remove more than needed. Old tokens are the rare ones: frequent tokens are touched by new mail.
/// </summary>
internal readonly record struct ExpiryPlan(long Cutoff, long AtimeDelta, long Reduction)
{
    private const long FirstDelta = 43_200;
    private const int MaxDoublings = 9;
    private const long MinimumKeep = 100_000;
    private const long MinimumReduction = 1_000;

    /// <param name="scalar">Runs a scalar SQL query with one parameter <c>$p</c>.</param>
    /// <returns>Null when expiry is not due; a zero reduction when it ran but found nothing worth removing.</returns>
    public static ExpiryPlan? Compute(int maxTokens, long now, bool force, Func<string, long, long> scalar)
    {
        long count = scalar("SELECT count(*) FROM tokens WHERE $p = $p", 0);
        long lastExpire = scalar("SELECT last_expire FROM bayes_vars WHERE $p = $p", 0);
        if (!force && (count <= maxTokens || now - lastExpire < FirstDelta)) return null;

        long keep = Math.Max((long)(maxTokens * 0.75), MinimumKeep);
        long reduction = count - keep;
        if (reduction < MinimumReduction) return new ExpiryPlan(0, 0, 0);

        long newest = Math.Min(scalar("SELECT ifnull(max(atime), 0) FROM tokens WHERE $p = $p", 0), now);
        for (int k = 0; k <= MaxDoublings; k++)
        {
            long delta = FirstDelta << k;
            long removed = scalar("SELECT count(*) FROM tokens WHERE atime < $p", newest - delta);
            if (removed <= reduction) return new ExpiryPlan(newest - delta, delta, removed);
        }
        return new ExpiryPlan(0, 0, 0);
    }
}
