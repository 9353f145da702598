using System.Collections.Concurrent;
using System.Diagnostics;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Rules;

/// <summary>
/// One execution of a ruleset over one message: runs the priority levels, records hits the way
/// SpamAssassin's got_hit does (score 0 never hits; a rule hits once unless <c>multiple</c>; sub-rules
/// count for metas but not for the score), and evaluates metas as soon as their dependencies are done.
/// Hits are listed in SpamAssassin's order (see <see cref="RuleHit.Step"/>).
/// </summary>
internal sealed class RuleRun(RuleContext context, double[] scores, CancellationToken cancellationToken, ScanProfile? profile = null)
{
    private static readonly ConcurrentDictionary<string, RuleRegex?> TemplateRegexes = new(StringComparer.Ordinal);
    // Tag values are per message (GB_TO_ADDR is the recipient), so most patterns never come back: a small cache
    // serves a site's recurring recipients, and is emptied when full rather than growing with the mail seen.
    private const int MaxTemplateRegexes = 256;
    private static int templateRegexCount;

    private readonly Rule[] rules = context.Rules.Rules;
    private ScanScratch scratch = null!;
    private bool[] done = null!;
    private List<int>?[]? bodyTexts, rawBodyTexts, fullTexts, uriTexts;
    private int level;
    private long step;
    private bool stepByText;
    private int currentText;
    private List<int>? triedOneLineRules;

    public double Score { get; private set; }

    public List<RuleHit> Hits { get; } = [];

    /// <summary>The network tests of this scan, running since the start; null for local tests only.</summary>
    private Evals.DnsChecks? dns;

    public void Execute()
    {
        scratch = ScanScratch.Rent(context.Rules);
        done = scratch.Done;
        Run();
        ScanScratch.Return(scratch);
    }

    private void Run()
    {
        using var checks = dns = Evals.DnsChecks.Start(context, scores, cancellationToken);
        var levels = context.Rules.Levels;
        for (int l = 0; l < levels.Length; l++)
        {
            var phases = levels[l].Phases;
            cancellationToken.ThrowIfCancellationRequested();
            level = l;
            RunOneLineBody(levels[l]);
            RunPhase(phases, RulePhase.Header, HeaderRule);
            RunPhase(phases, RulePhase.HeaderEval, EvalRule);
            RunPhase(phases, RulePhase.Body, BodyRule);
            RunPhase(phases, RulePhase.Uri, UriRule);
            RunPhase(phases, RulePhase.BodyEval, EvalRule);
            RunPhase(phases, RulePhase.RawBody, RawBodyRule);
            RunPhase(phases, RulePhase.RawBodyEval, EvalRule);
            RunPhase(phases, RulePhase.Full, FullRule);
            RunPhase(phases, RulePhase.FullEval, EvalRule);
            step = StepOf(l, null);
            RunMetas(final: false);
        }
        step = StepOf(levels.Length, null);
        HarvestDns();
        RunMetas(final: true);
    }

    /// <summary>Priority level, then rule type (metas last); the low bits are left for text lines.</summary>
    private static long StepOf(int level, RulePhase? phase) =>
        ((long)level << 40) | ((long)((int?)phase ?? 15) << 32);

    /// <summary>
    /// Rules sa-compile turned into one-line scanners run first in their priority and hit line by line,
    /// so they are listed by the body line they first hit. One that misses counts as run if one of its base
    /// strings occurs in a line (the scanner tried it), else only after the last priority (Rule2XSBody marks
    /// it in check_cleanup), which delays the metas over it.
    /// </summary>
    private void RunOneLineBody(PriorityLevel level)
    {
        var phases = level.Phases;
        if (phases[(int)RulePhase.OneLineBody].Length == 0) return;
        int first = Hits.Count;
        stepByText = true;
        RunPhase(phases, RulePhase.OneLineBody, BodyRule);
        stepByText = false;
        if (triedOneLineRules is null)
        {
            // One pass over the body for every priority that has such rules (the stock set: two).
            triedOneLineRules = [];
            context.Rules.OneLineBases?.FindTried(context.Message.BodyText, triedOneLineRules.Add);
        }
        foreach (int index in triedOneLineRules)
            if (rules[index].Priority == level.Priority && scores[index] != 0) done[index] = true;
        if (Hits.Count - first < 2) return;
        var sorted = Hits.GetRange(first, Hits.Count - first).OrderBy(h => h.Step).ToArray(); // stable
        for (int i = 0; i < sorted.Length; i++) Hits[first + i] = sorted[i];
    }

    private void RunPhase(Rule[][] phases, RulePhase phase, Action<Rule> run)
    {
        long phaseStart = profile?.Now() ?? 0;
        step = StepOf(level, phase);
        foreach (var rule in phases[(int)phase])
        {
            if (scores[rule.Index] == 0) continue; // disabled rules do not run
            cancellationToken.ThrowIfCancellationRequested();
            if (phase is not (RulePhase.OneLineBody or RulePhase.HeaderEval or RulePhase.BodyEval or RulePhase.RawBodyEval or RulePhase.FullEval))
                done[rule.Index] = true;
            if (profile is not { RuleTimes: true })
            {
                run(rule);
                continue;
            }
            long start = profile.Now();
            run(rule);
            profile.AddRule(rule.Name, profile.Now() - start);
        }
        profile?.AddPhase(phase.ToString(), profile.Now() - phaseStart);
    }

    /// <summary>Waits (until the scan's DNS deadline) for the network tests and records their hits.</summary>
    private void HarvestDns()
    {
        if (dns is null) return;
        long start = profile is null ? 0 : Stopwatch.GetTimestamp();
        foreach (var (index, notes) in dns.Harvest())
        {
            context.PendingLog = notes;
            Hit(rules[index]);
        }
        context.PendingLog = null;
        profile?.AddPhase("Dns", Stopwatch.GetTimestamp() - start);
    }

    /// <summary>SpamAssassin's got_hit.</summary>
    private void Hit(Rule rule, double value = 1)
    {
        double score = scores[rule.Index];
        if (score == 0) return;
        if (context.Values[rule.Index] > 0 && !rule.Flags.Multiple) return;
        done[rule.Index] = true;
        context.Values[rule.Index] += value > 0 ? value : 1;
        if (rule.IsSubRule) return;
        Score += score;
        Hits.Add(new RuleHit(rule.Name, score, rule.Description, rule.Area)
        {
            Log = LogOf(rule),
            Step = stepByText ? step + currentText : step,
        });
    }

    private List<string>? LogOf(Rule rule)
    {
        if (rule.Kind == RuleKind.Meta || context.PendingLog is not { } log) return null;
        return rule.Flags.NoLog ? ["*REDACTED*"] : log;
    }

    private void HeaderRule(Rule rule)
    {
        string? header = HeaderOf(rule);
        if (rule.ExistsTest)
        {
            if (header is not null) Hit(rule);
            return;
        }
        string value = header ?? rule.IfUnset ?? "";
        // Without one of its literals the regex cannot match: a negated rule hits, the others do not.
        bool mayMatch = header is not null && context.Rules.HeaderLiterals is { } filter && filter.Covers(rule)
            ? filter.MayMatch(rule, header, headerLiterals ??= new(filter, rules.Length))
            : rule.RequiredLiterals is not { Length: <= MaxOwnLiterals } literals || ContainsAny(value, literals);
        if (rule.Negated)
        {
            if (!mayMatch || !Matches(rule, value)) Hit(rule);
            return;
        }
        if (mayMatch) MatchTexts(rule, [value], skipFirst: false, only: null);
    }

    /// <summary>The rule's header value; rules of one spec share a slot, so the spec is looked up once per scan.</summary>
    private string? HeaderOf(Rule rule)
    {
        int slot = scratch.Layout.HeaderSlotOf[rule.Index];
        if (slot < 0) return context.Header(rule.HeaderSpec!);
        if (scratch.HeaderKnown[slot]) return scratch.HeaderValues[slot];
        scratch.HeaderKnown[slot] = true;
        return scratch.HeaderValues[slot] = context.Header(rule.HeaderSpec!);
    }

    /// <summary>Without the shared literal pass, more literals than this cost more to look for than the regex saves.</summary>
    private const int MaxOwnLiterals = 4;

    private HeaderLiteralFilter.State? headerLiterals;

    /// <summary>Whether a literal occurs in the text (ignoring case: literals are folded, see LiteralExtractor.Fold).</summary>
    private static bool ContainsAny(string text, string[] literals)
    {
        foreach (var literal in literals)
            if (text.Contains(literal, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private void BodyRule(Rule rule)
    {
        if (rule.Kind == RuleKind.MimeHeader) return;
        MatchTexts(rule, context.Message.BodyText, skipFirst: rule.Flags.NoSubject, ref bodyTexts, 0);
    }

    private void RawBodyRule(Rule rule)
    {
        MatchTexts(rule, context.Message.RawBodyText, skipFirst: false, ref rawBodyTexts, 1);
    }

    private void FullRule(Rule rule)
    {
        MatchTexts(rule, [context.Message.FullText], skipFirst: false, ref fullTexts, 2);
    }

    private void UriRule(Rule rule)
    {
        MatchTexts(rule, context.Message.Uris, skipFirst: false, ref uriTexts, 3);
    }

    private void EvalRule(Rule rule)
    {
        if (SkippedInScoreSet(rule)) return;
        done[rule.Index] = dns is null || !dns.IsPending(rule); // a pending DNS rule is done at the harvest
        if (rule.Eval is null) return;
        bool hit;
        context.PendingLog = null;
        try
        {
            hit = rule.Eval(context, rule.EvalArguments);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            hit = false; // SpamAssassin logs a failed eval and carries on
        }
        if (hit) Hit(rule);
        context.PendingLog = null;
    }

    /// <summary>
    /// SpamAssassin runs no net eval without network tests and no learn eval without Bayes (score sets 0
    /// and 2 here); such a rule never counts as run, so metas over it wait for the end.
    /// </summary>
    private bool SkippedInScoreSet(Rule rule) =>
        (rule.Flags.Net && !context.NetworkTests) || (rule.Flags.Learn && context.BayesProbability is null);

    /// <summary>Runs a rule over the texts of its class that the prefilter left it (all, without a literal).</summary>
    private void MatchTexts(Rule rule, IReadOnlyList<string> texts, bool skipFirst, ref List<int>?[]? textsOfRule, int textClass)
    {
        var prefilter = PrefilterOf(rule.Kind);
        if (!prefilter.Filters(rule.Index))
        {
            MatchTexts(rule, texts, skipFirst, only: null);
            return;
        }
        if (textsOfRule is null)
        {
            textsOfRule = scratch.TextsOfRule(textClass);
            prefilter.FindTexts(texts, textsOfRule);
        }
        if (textsOfRule[rule.Index] is { } only) MatchTexts(rule, texts, skipFirst, only);
    }

    private Prefilter PrefilterOf(RuleKind kind) => kind switch
    {
        RuleKind.Body => context.Rules.BodyPrefilter,
        RuleKind.RawBody => context.Rules.RawBodyPrefilter,
        RuleKind.Full => context.Rules.FullPrefilter,
        _ => context.Rules.UriPrefilter,
    };

    /// <summary>
    /// Runs a regex rule over texts (or only the listed ones, in order): first match per rule, or every match up
    /// to maxhits when multiple.
    /// </summary>
    private void MatchTexts(Rule rule, IReadOnlyList<string> texts, bool skipFirst, List<int>? only)
    {
        var regex = RegexFor(rule);
        if (regex is null) return;
        bool multiple = rule.Flags.Multiple;
        int limit = rule.Flags.MaxHits > 0 ? rule.Flags.MaxHits : int.MaxValue;
        int hits = 0;
        int textCount = only?.Count ?? texts.Count;
        for (int t = 0; t < textCount; t++)
        {
            int i = only is null ? t : only[t];
            if (skipFirst && i == 0) continue;
            string text = texts[i];
            currentText = i;
            if (!multiple)
            {
                if (!MatchOnce(rule, regex, text)) continue;
                Hit(rule);
                return;
            }
            int count = regex.CountMatches(text, limit - hits, ref context.RegexTimeouts);
            for (int n = 0; n < count; n++) Hit(rule);
            hits += count;
            if (hits >= limit) return;
        }
    }

    private bool Matches(Rule rule, string text)
    {
        var regex = RegexFor(rule);
        return regex is not null && MatchOnce(rule, regex, text);
    }

    private bool MatchOnce(Rule rule, RuleRegex regex, string text)
    {
        if (regex.TagGroups.Length == 0) return regex.IsMatch(text, ref context.RegexTimeouts);
        var match = regex.FirstMatch(text, ref context.RegexTimeouts);
        if (match is null) return false;
        foreach (var tag in regex.TagGroups)
            if (match.Groups[tag].Success) context.Tags[tag] = match.Groups[tag].Value;
        return true;
    }

    /// <summary>The rule's regex; for %{TAG} rules, compiled with the tag values of this message (or null if unset).</summary>
    private RuleRegex? RegexFor(Rule rule)
    {
        if (rule.TemplatePattern is null) return rule.Regex;
        string pattern = rule.TemplatePattern;
        foreach (var tag in rule.TemplateTags)
        {
            if (!context.Tags.TryGetValue(tag, out var value)) return null;
            pattern = pattern.Replace("%{" + tag + "}", PerlRegex.QuoteMeta(value));
        }
        if (TemplateRegexes.TryGetValue(pattern, out var cached)) return cached;
        var regex = RuleRegex.Create(pattern, TimeSpan.FromMilliseconds(250), allowNonBacktracking: false, out _);
        // A counter of our own: the dictionary's Count takes all its locks.
        if (Interlocked.Increment(ref templateRegexCount) > MaxTemplateRegexes)
        {
            TemplateRegexes.Clear();
            Volatile.Write(ref templateRegexCount, 1);
        }
        TemplateRegexes[pattern] = regex;
        return regex;
    }

    /// <summary>
    /// One meta pass, in SpamAssassin's rounds: each round evaluates the metas whose dependencies were all done
    /// when it began (a meta made ready by another waits for the next round), until a round finds none. At the
    /// end, rules that never ran (score 0, undefined, no test) count as done with value 0, and only scored metas
    /// are evaluated, as in SpamAssassin. A zero-score meta that is true stays "not done", which keeps its
    /// dependents from running; it is evaluated once per pass.
    /// </summary>
    private void RunMetas(bool final)
    {
        long start = profile?.Now() ?? 0;
        var metas = scratch.Metas;
        metas.NextPass();
        int pass = metas.Pass;
        var passOf = metas.PassOf;
        var metaAt = scratch.Layout.MetaAt;
        var positions = context.Rules.MetaPositions;
        var round = metas.Round;
        round.Clear();
        // The first round: every meta still pending that is ready now (done metas leave the list for good).
        // Indices and blockers only, so the many metas still waiting cost a look at two arrays, not at the rule.
        var pending = metas.Pending;
        var blockedBy = metas.BlockedBy;
        int kept = 0;
        for (int i = 0; i < metas.PendingCount; i++)
        {
            int index = pending[i];
            if (done[index]) continue;
            pending[kept++] = index;
            int blocker = blockedBy[index] - 1;
            if (!final && blocker >= 0 && !done[blocker]) continue;
            if (!IsReady(index, final)) continue;
            Evaluate(index);
            round.Add(positions[index]);
        }
        metas.PendingCount = kept;
        var next = metas.Next;
        while (round.Count > 0)
        {
            // Only metas over one evaluated in the last round can have become ready.
            next.Clear();
            int stamp = metas.NextRoundStamp();
            foreach (int position in round)
            {
                int evaluated = metaAt[position];
                if (!done[evaluated]) continue; // a true zero-score meta keeps its dependents waiting
                foreach (int dependent in context.Rules.MetaDependents[evaluated])
                {
                    if (passOf[dependent] == pass || metas.CheckedIn[dependent] == stamp) continue;
                    metas.CheckedIn[dependent] = stamp; // nothing changes while the round is gathered: one look suffices
                    int blocker = blockedBy[dependent] - 1;
                    if (!final && blocker >= 0 && !done[blocker]) continue;
                    if (IsReady(dependent, final, roundStart: false)) next.Add(positions[dependent]);
                }
            }
            next.Sort(); // meta order, as spamd evaluates a round's metas
            foreach (int position in next) Evaluate(metaAt[position]);
            (round, next) = (next, round);
        }
        metas.Round = round;
        metas.Next = next;
        profile?.AddPhase(ScanProfile.Meta, profile.Now() - start);
    }

    /// <summary>
    /// Whether the meta's dependencies are all done; in a pass's first round a dependency evaluated in this
    /// same round does not count yet (spamd looks at the metas marked ready when the round began). The look
    /// starts at the dependency that kept the meta waiting last time: the ones before it were done then, before
    /// this pass, so they are done and were not evaluated in this pass.
    /// </summary>
    private bool IsReady(int index, bool final, bool roundStart = true)
    {
        var metas = scratch.Metas;
        var layout = scratch.Layout;
        int pass = metas.Pass;
        var passOf = metas.PassOf;
        var flags = layout.Flags;
        if (done[index] || (flags[index] & ScanLayout.MetaFlags.HasProgram) == 0 || passOf[index] == pass) return false;
        if (final ? scores[index] == 0 : (flags[index] & ScanLayout.MetaFlags.WaitsForEnd) != 0) return false;
        var dependencies = layout.Dependencies;
        int first = layout.DependencyStart[index], end = layout.DependencyStart[index + 1];
        for (int d = first + metas.BlockedAt[index]; d < end; d++)
        {
            int dependency = dependencies[d];
            if (done[dependency])
            {
                if (roundStart && passOf[dependency] == pass) return false;
                continue;
            }
            if (final && (flags[dependency] & ScanLayout.MetaFlags.IsMeta) == 0) continue;
            metas.BlockedBy[index] = dependency + 1; // likely still undone next time: looked at first then
            metas.BlockedAt[index] = d - first;
            return false;
        }
        return true;
    }

    private void Evaluate(int index)
    {
        scratch.Metas.PassOf[index] = scratch.Metas.Pass;
        double result = scratch.Layout.Programs[index]!(context.Values);
        if (result != 0 && !double.IsNaN(result))
        {
            if (scores[index] != 0) Hit(rules[index], result);
            return; // a true zero-score meta is never marked done
        }
        done[index] = true;
    }
}
