using System.Text.RegularExpressions;

namespace Spamd.Engine.Rules.Evals;

/// <summary>
/// RelayEval functions that need only the count of Received relays. SpamAssassin's full relay parser
/// (trusted/untrusted classification) is not modelled yet; a relay here is any Received header.
/// </summary>
public static class RelayEvals
{
    public static void Register(Dictionary<string, EvalFunction> functions)
    {
        functions["check_no_relays"] = (context, _) => ReceivedCount(context) == 0;
        functions["check_relays_unparseable"] = (_, _) => false;
    }

    private static int ReceivedCount(RuleContext context) =>
        context.Message.Headers.Count(h => h.Key.Equals("Received", StringComparison.OrdinalIgnoreCase));
}
