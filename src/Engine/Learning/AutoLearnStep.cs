using Spamd.Engine.Mime;
using Spamd.Engine.Rules;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Learning;

/// <summary>
/// Learns a message to Bayes as SpamAssassin 4.0.1 does at the end of a scan, and gives the words its
/// X-Spam-Status shows: <c>autolearn=</c> ham, spam, no (not sure enough), unavailable (decided but nothing
/// learned: no database, or learned before), failed (the learner threw) or disabled; and <c>autolearn_force=</c>.
/// </summary>
public static class AutoLearnStep
{
    /// <param name="learn">Learns the message (true = as spam); false when nothing was learned. Null: no learner.</param>
    /// <returns>The status and the force status (null: SpamAssassin prints none, as when disabled).</returns>
    public static (string Status, string? ForceStatus) Run(RuleSet rules, IEnumerable<RuleHit> hits, int scoreSet,
        Func<int, double[]> scoresOf, ScanSettings settings, bool isSpam, IMailMessage message, AutoLearnCallback? learn)
    {
        if (!settings.BayesAutoLearn || !settings.UseBayes) return ("disabled", null);
        var decision = AutoLearnDecision.Decide(rules, hits, scoreSet, scoresOf, settings, isSpam);
        if (decision.LearnAsSpam is not bool asSpam) return ("no", decision.ForceStatus);
        if (learn is null) return ("unavailable", decision.ForceStatus);
        try
        {
            bool learned = learn(message, settings, asSpam);
            return (!learned ? "unavailable" : asSpam ? "spam" : "ham", decision.ForceStatus);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // SpamAssassin reports the failure in the header and scans on.
            return ("failed", decision.ForceStatus);
        }
    }
}

/// <summary>Learns a scanned message as spam or ham; answers whether anything was learned.</summary>
public delegate bool AutoLearnCallback(IMailMessage message, ScanSettings settings, bool asSpam);
