using System.Collections.Frozen;

namespace Spamd.Engine.Rules.Evals;

/// <summary>
/// The eval functions we implement, by name. A rule naming any other function compiles but never hits,
/// and is counted in the load report.
/// </summary>
public static class EvalRegistry
{
    private static readonly FrozenDictionary<string, EvalFunction> Functions = Build();

    public static EvalFunction? Find(string name) => Functions.GetValueOrDefault(name);

    public static IEnumerable<string> Names => Functions.Keys;

    private static FrozenDictionary<string, EvalFunction> Build()
    {
        var functions = new Dictionary<string, EvalFunction>(StringComparer.Ordinal);
        HeaderEvals.Register(functions);
        RelayEvals.Register(functions);
        ForgedReceivedEvals.Register(functions);
        AddressListEvals.Register(functions);
        BodyEvals.Register(functions);
        FreeMailEvals.Register(functions);
        MimeEvals.Register(functions);
        HtmlEvals.Register(functions);
        DnsChecks.Register(functions);
        return functions.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
