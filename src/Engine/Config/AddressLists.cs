using System.Collections.Immutable;

namespace Spamd.Engine.Config;

/// <summary>One address-list entry: a lower-cased glob (<c>*</c>, <c>?</c>) and, for the _rcvd lists, the relay domain.</summary>
public sealed record AddressEntry(string Glob, string? RelayDomain = null)
{
    /// <summary>SpamAssassin's glob match: whole address, case-insensitive, <c>*</c> any run, <c>?</c> one char.</summary>
    public bool Matches(string address) => GlobMatch(Glob, address.ToLowerInvariant());

    internal static bool GlobMatch(ReadOnlySpan<char> glob, ReadOnlySpan<char> text)
    {
        // Iterative wildcard match with single backtrack point: linear for the usual patterns.
        int g = 0, t = 0, starG = -1, starT = 0;
        while (t < text.Length)
        {
            if (g < glob.Length && (glob[g] == '?' || glob[g] == text[t])) { g++; t++; }
            else if (g < glob.Length && glob[g] == '*') { starG = g++; starT = t; }
            else if (starG >= 0) { g = starG + 1; t = ++starT; }
            else return false;
        }
        while (g < glob.Length && glob[g] == '*') g++;
        return g == glob.Length;
    }
}

/// <summary>
/// The named address lists of welcomelist/blocklist configuration (welcomelist_from, blocklist_to,
/// enlist_addrlist lists ...). Immutable: user preferences build a copy.
/// </summary>
public sealed class AddressLists
{
    public static readonly AddressLists Empty = new(ImmutableDictionary<string, ImmutableArray<AddressEntry>>.Empty);

    private readonly ImmutableDictionary<string, ImmutableArray<AddressEntry>> lists;

    private AddressLists(ImmutableDictionary<string, ImmutableArray<AddressEntry>> lists) => this.lists = lists;

    public ImmutableArray<AddressEntry> this[string list] =>
        lists.TryGetValue(list, out var entries) ? entries : ImmutableArray<AddressEntry>.Empty;

    public IEnumerable<string> Names => lists.Keys;

    /// <summary>Adds (or replaces, as SpamAssassin keys entries by address) an entry.</summary>
    public AddressLists Add(string list, AddressEntry entry)
    {
        var current = this[list].RemoveAll(e => e.Glob == entry.Glob);
        return new AddressLists(lists.SetItem(list, current.Add(entry)));
    }

    public AddressLists Remove(string list, string glob) =>
        lists.ContainsKey(list) ? new AddressLists(lists.SetItem(list, this[list].RemoveAll(e => e.Glob == glob))) : this;

    /// <summary>The first entry of <paramref name="list"/> matching <paramref name="address"/>, or null.</summary>
    public AddressEntry? Find(string list, string address)
    {
        if (!lists.TryGetValue(list, out var entries)) return null;
        string lower = address.ToLowerInvariant();
        foreach (var entry in entries)
            if (AddressEntry.GlobMatch(entry.Glob, lower)) return entry;
        return null;
    }
}
