namespace Spamd.Engine.Bayes;

/// <summary>How token probabilities combine into the message's probability (<c>bayes_combining</c>).</summary>
public enum BayesCombining
{
    /// <summary>SpamAssassin 4.0.1's chi-square combining (Robinson's indicator), digit for digit.</summary>
    SpamAssassin,

    /// <summary>
    /// Beyond SpamAssassin: the same two chi-square tails, computed in log space, compared by their ratio
    /// rather than their difference; where both tails saturate (SpamAssassin's exact 0.5) the answer stays 0.5.
    /// </summary>
    TailRatio,
}
