namespace Spamd.Engine.Rules.Evals;

public static class BodyEvals
{
    public static void Register(Dictionary<string, EvalFunction> functions)
    {
    }
}
