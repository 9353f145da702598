using Spamd.Engine.Rules.Literals;

namespace Spamd.Engine.Rules;

/// <summary>
/// The base strings of the sa-compile'd body rules in one automaton: which rules Rule2XSBody's scanner would
/// try on a message's body lines (lower-cased ASCII, as Perl's <c>lc</c> on octets), hit or miss.
/// </summary>
public sealed class BaseStringScanner
{
    private readonly AhoCorasick automaton;
    private readonly int[][] rulesOfBase;

    public BaseStringScanner(IReadOnlyDictionary<int, List<string>> basesOfRule)
    {
        var bases = new List<string>();
        var rules = new List<List<int>>();
        var indexOfBase = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (rule, ruleBases) in basesOfRule)
            foreach (var text in ruleBases.Select(b => new string(b.Select(Fold).ToArray())).Where(b => b.Length > 0))
            {
                if (!indexOfBase.TryGetValue(text, out int index))
                {
                    indexOfBase[text] = index = bases.Count;
                    bases.Add(text);
                    rules.Add([]);
                }
                rules[index].Add(rule);
            }
        automaton = new AhoCorasick(bases, Fold);
        rulesOfBase = rules.Select(r => r.ToArray()).ToArray();
    }

    private static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;

    /// <summary>Calls <paramref name="tried"/> with each rule one of whose base strings occurs in a line.</summary>
    public void FindTried(IReadOnlyList<string> lines, Action<int> tried)
    {
        Span<bool> found = rulesOfBase.Length <= 4096 ? stackalloc bool[rulesOfBase.Length] : new bool[rulesOfBase.Length];
        foreach (var line in lines) automaton.FindAll(line, found);
        for (int i = 0; i < found.Length; i++)
            if (found[i])
                foreach (int rule in rulesOfBase[i]) tried(rule);
    }
}
