namespace Spamd.Engine.Rules.Evals;

/// <summary>Body-level evals that need nothing beyond the rendered text: Bayes bands and body length.</summary>
public static class BodyEvals
{
    public static void Register(Dictionary<string, EvalFunction> functions)
    {
        functions["check_bayes"] = CheckBayes;
    }

    /// <summary>Bayes::check_bayes: probability in (min, max], min 0 inclusive, max "undef" open.</summary>
    private static bool CheckBayes(RuleContext context, IReadOnlyList<string> args)
    {
        if (context.BayesProbability is not { } probability || args.Count < 2) return false;
        double min = HeaderEvals.Number(args[0]);
        return (min == 0 || probability > min) && (args[1] == "undef" || probability <= HeaderEvals.Number(args[1]));
    }
}
