namespace Spamd.Engine.Rules.Evals;

public static class HeaderEvals
{
    public static void Register(Dictionary<string, EvalFunction> functions)
    {
    }
}
