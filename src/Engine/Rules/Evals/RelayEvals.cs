namespace Spamd.Engine.Rules.Evals;

public static class RelayEvals
{
    public static void Register(Dictionary<string, EvalFunction> functions)
    {
    }
}
