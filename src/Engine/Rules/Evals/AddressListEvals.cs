namespace Spamd.Engine.Rules.Evals;

public static class AddressListEvals
{
    public static void Register(Dictionary<string, EvalFunction> functions)
    {
    }
}
