using System.Globalization;
using Spamd.Engine.Rules;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Learning;

/// <summary>
/// SpamAssassin 4.0.1's autolearn decision (the AutoLearnThreshold plugin): whether a scanned message is sure
/// enough ham or spam to be learned by Bayes. Points are recounted with the score set without Bayes, leaving
/// out <c>noautolearn</c>, <c>userconf</c> and <c>learn</c> rules; spam also needs 3 header and 3 body points
/// (unless an <c>autolearn_force</c> rule hit), Bayes must not disagree, and the verdict must agree.
/// </summary>
public sealed record AutoLearnDecision(bool? LearnAsSpam, bool Forced, string ForcedRules, double Points)
{
    private const double RequiredHeaderPoints = 3, RequiredBodyPoints = 3;
    private const double LearnerSaidHam = -1.0, LearnerSaidSpam = 1.0;

    /// <summary>What X-Spam-Status shows after "autolearn_force=": "no", "yes", or "yes (RULE,...)".</summary>
    public string ForceStatus => !Forced ? "no" : ForcedRules.Length == 0 ? "yes" : $"yes ({ForcedRules})";

    /// <param name="hits">The rules that hit, in any order.</param>
    /// <param name="scoreSet">The score set the scan used (2 or 3 when Bayes was available).</param>
    /// <param name="scoresOf">Effective scores of every rule (user overrides applied) for a score set.</param>
    /// <param name="isSpam">The scan's verdict.</param>
    public static AutoLearnDecision Decide(RuleSet rules, IEnumerable<RuleHit> hits, int scoreSet, Func<int, double[]> scoresOf,
        ScanSettings settings, bool isSpam)
    {
        double[] withoutBayes = scoresOf(scoreSet & ~2), current = scoresOf(scoreSet);
        double points = 0, headerPoints = 0, bodyPoints = 0, learnedPoints = 0;
        var forced = new List<string>();
        foreach (var hit in hits)
        {
            if (!rules.IndexByName.TryGetValue(hit.Name, out int index)) continue;
            Rule rule = rules.Rules[index];
            if (rule.Flags.NoAutoLearn || rule.Flags.UserConf) continue;
            if (rule.Flags.Learn)
            {
                // What the learner itself (Bayes) said, in the scan's own score set.
                learnedPoints += current[index];
                continue;
            }
            if (rule.Flags.AutoLearnForce) forced.Add(rule.Name);

            double score = withoutBayes[index];
            if (score == 0) continue;
            switch (rule.Flags.AutoLearnPart ?? PartOf(rule.Kind))
            {
                case AutoLearnPart.Header: headerPoints += score; break;
                case AutoLearnPart.Body: bodyPoints += score; break;
                default:
                    if (rule.Kind == RuleKind.Meta)
                    {
                        // A meta's points are shared between header and body by the types of the rules it names.
                        int header = rule.Dependencies.Count(d => PartOf(rules.Rules[d].Kind) == AutoLearnPart.Header);
                        int body = rule.Dependencies.Count(d => PartOf(rules.Rules[d].Kind) == AutoLearnPart.Body);
                        if (header + body > 0)
                        {
                            headerPoints += Round3(score * header / (header + body));
                            bodyPoints += Round3(score * body / (header + body));
                        }
                    }
                    break;
            }
            points += score;
        }
        points = Round3(points);

        bool? learnAsSpam = Verdict(settings, points, headerPoints, bodyPoints, learnedPoints, forced.Count > 0, isSpam);
        // SpamAssassin reports the force flag only for a message it decided to learn.
        return learnAsSpam is null
            ? new AutoLearnDecision(null, false, "", points)
            : new AutoLearnDecision(learnAsSpam, forced.Count > 0, string.Join(',', forced), points);
    }

    private static bool? Verdict(ScanSettings settings, double points, double headerPoints, double bodyPoints, double learnedPoints,
        bool forced, bool isSpam)
    {
        if (points < settings.BayesAutoLearnThresholdNonspam)
            return learnedPoints > LearnerSaidSpam || isSpam ? null : false;
        if (points < settings.BayesAutoLearnThresholdSpam) return null;
        double requiredBody = forced ? -99 : RequiredBodyPoints, requiredHeader = forced ? -99 : RequiredHeaderPoints;
        if (bodyPoints < requiredBody || headerPoints < requiredHeader) return null;
        return learnedPoints < LearnerSaidHam || !isSpam ? null : true;
    }

    /// <summary>SpamAssassin's test types: header tests and evals; body, rawbody and uri tests and evals (and mimeheader).</summary>
    private static AutoLearnPart? PartOf(RuleKind kind) => kind switch
    {
        RuleKind.Header or RuleKind.HeaderEval => AutoLearnPart.Header,
        RuleKind.Body or RuleKind.BodyEval or RuleKind.RawBody or RuleKind.RawBodyEval or RuleKind.Uri or RuleKind.MimeHeader => AutoLearnPart.Body,
        _ => null,
    };

    /// <summary>Perl's <c>sprintf "%0.3f"</c> read back as a number.</summary>
    private static double Round3(double value) =>
        double.Parse(value.ToString("F3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
