namespace Spamd.Protocol;

/// <summary>What a TELL response said was done (<c>DidSet:</c> / <c>DidRemove:</c>).</summary>
[Flags]
public enum TellActions
{
    None = 0,
    SetLocal = 1,
    SetRemote = 2,
    RemoveLocal = 4,
    RemoveRemote = 8,
}

/// <summary>
/// Recognises spamd's response lines the way spamc 4.0.1 does (<c>libspamc.c</c>): the status line
/// <c>SPAMD/%18s %d %*s</c>, <c>Spam: %5s ; %20s / %20s</c>, <c>Content-length: %d</c>,
/// <c>DidSet: %14s</c>, <c>DidRemove: %14s</c>. Names are case-sensitive; anything else is ignored.
/// </summary>
public static class SpamcResponseLines
{
    /// <summary>The status line; the code is reported, never acted upon (spamc ignores it).</summary>
    public static bool TryParseStatus(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> version, out int code)
    {
        var scan = new CScanf(line);
        version = default;
        code = 0;
        if (!scan.Literal("SPAMD/"u8) || !scan.Word(18, out version)) return false;
        return scan.Literal(" "u8) && scan.Integer(out code);
    }

    /// <summary>spamc requires a version of at least 1.0.</summary>
    public static bool IsAcceptableVersion(ReadOnlySpan<byte> version) => SpamcNumbers.ParseFloat(version) >= 1.0f;

    /// <summary>
    /// <c>Spam: &lt;word&gt; ; &lt;score&gt; / &lt;threshold&gt;</c>. Only the word "true" (any case) means spam:
    /// spamd's REPORT_IFSPAM answer "Yes" does not.
    /// </summary>
    public static bool TryParseSpam(ReadOnlySpan<byte> line, out bool isSpam, out float score, out float threshold)
    {
        var scan = new CScanf(line);
        isSpam = false;
        score = threshold = 0;
        if (!scan.Literal("Spam: "u8) || !scan.Word(5, out var word)) return false;
        if (!scan.Literal(" ; "u8) || !scan.Word(20, out var s)) return false;
        if (!scan.Literal(" / "u8) || !scan.Word(20, out var t)) return false;
        isSpam = System.Text.Ascii.EqualsIgnoreCase(word, "true"u8);
        score = SpamcNumbers.Clamp(SpamcNumbers.ParseFloat(s));
        threshold = SpamcNumbers.Clamp(SpamcNumbers.ParseFloat(t));
        return true;
    }

    public static bool TryParseContentLength(ReadOnlySpan<byte> line, out int length)
    {
        var scan = new CScanf(line);
        length = 0;
        return scan.Literal("Content-length: "u8) && scan.Integer(out length);
    }

    /// <summary><c>DidSet:</c>/<c>DidRemove:</c>, with "local"/"remote" found anywhere in the first 14 bytes.</summary>
    public static bool TryParseTell(ReadOnlySpan<byte> line, out TellActions actions)
    {
        actions = TellActions.None;
        var scan = new CScanf(line);
        if (scan.Literal("DidSet: "u8) && scan.Word(14, out var set))
        {
            if (set.IndexOf("local"u8) >= 0) actions |= TellActions.SetLocal;
            if (set.IndexOf("remote"u8) >= 0) actions |= TellActions.SetRemote;
            return true;
        }
        scan = new CScanf(line);
        if (scan.Literal("DidRemove: "u8) && scan.Word(14, out var removed))
        {
            if (removed.IndexOf("local"u8) >= 0) actions |= TellActions.RemoveLocal;
            if (removed.IndexOf("remote"u8) >= 0) actions |= TellActions.RemoveRemote;
            return true;
        }
        return false;
    }

    /// <summary>spamc's own <c>score/threshold</c> line (<c>%.1f/%.1f\n</c>).</summary>
    public static string FormatScoreLine(float score, float threshold) =>
        SpamcNumbers.FormatOneDecimal(score) + "/" + SpamcNumbers.FormatOneDecimal(threshold) + "\n";
}
