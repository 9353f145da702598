using System.Collections.Frozen;
using System.Drawing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Mime;

/// <summary>
/// The font and colour state HTML.pm keeps while rendering (<c>text_style</c>, <c>html_font_invisible</c>):
/// a stack of styles pushed by body/font/table/tr/td/th/big/small/basefont/marquee/span/p/div/a, and the test for
/// text a reader cannot see (same or near colours, an invalid colour, size ≤ 1, display:none, visibility:hidden).
/// </summary>
internal sealed partial class HtmlTextStyle
{
    // A value on the stack (no object per tag); Serial tells pushed styles apart for the verdict cache.
    private readonly record struct Style(string Tag, string Fg, string Bg, int Size, string? Display, string? Visibility)
    {
        public int Serial { get; init; }
    }

    private readonly List<Style> stack = [new Style("default", "#000000", "#ffffff", 3, null, null)];
    private int serials;

    private void Push(Style style) => stack.Add(style with { Serial = ++serials });
    private int baseFont = 3;

    /// <summary>Largest/smallest font size markup set (HTML.pm max_size/min_size).</summary>
    public int MaxSize { get; private set; } = 3;
    public int MinSize { get; private set; } = 3;

    /// <summary>Whether text was tested while low contrast / an invalid colour was in force.</summary>
    public bool LowContrastSeen { get; private set; }
    public bool InvalidColorSeen { get; private set; }

    public static bool Applies(string tag) => tag is "body" or "font" or "table" or "tr" or "th" or "td" or "big" or "small" or "basefont"
        or "marquee" or "span" or "p" or "div" or "a";

    public void Apply(string tag, Dictionary<string, string>? attrs, int num)
    {
        if (tag == "th") tag = "td";
        if (num < 0)
        {
            if (tag != "body") Close(tag);
            return;
        }
        if (tag == "basefont" && attrs!.TryGetValue("size", out var bf) && LeadingNumber(bf) is { Length: > 0 } b)
        {
            baseFont = SaturatedNumber(b);
            return;
        }
        if (tag is "td" or "tr") CloseTable(tag);
        var top = stack[^1];
        var next = top with { Tag = tag };
        if (tag == "big" || tag == "small")
        {
            Push(next with { Size = top.Size + (tag == "big" ? 1 : -1) });
            return;
        }
        foreach (var (name, value) in attrs!)
        {
            if (!Allowed(tag, name)) continue;
            if (name is "text" or "color") next = next with { Fg = NameToRgb(value) };
            else if (name == "size")
            {
                var rel = RelativeSize(value);
                if (rel.Length > 0) next = next with { Size = (int)Math.Clamp(baseFont + (long)SaturatedNumber(rel), int.MinValue, int.MaxValue) };
                else if (LeadingNumber(value) is { Length: > 0 } abs && int.TryParse(abs, out var size)) next = next with { Size = size };
            }
            else if (name == "style") next = ApplyCss(next, top, value);
            if (next.Size > MaxSize) MaxSize = next.Size;
            else if (next.Size < MinSize) MinSize = next.Size;
        }
        Push(next);
    }

    // ^\s*(\d+) : the digits, or empty
    private static ReadOnlySpan<char> LeadingNumber(string value)
    {
        int i = 0;
        while (i < value.Length && char.IsWhiteSpace(value[i])) i++;
        int start = i;
        while (i < value.Length && char.IsDigit(value[i])) i++;
        return value.AsSpan(start, i - start);
    }

    // Perl reads a number too large for an int as a huge one and digits other than ASCII as 0; an int that
    // saturates keeps that order without throwing on hostile markup.
    private static int SaturatedNumber(ReadOnlySpan<char> signedDigits)
    {
        bool negative = signedDigits.StartsWith("-");
        if (signedDigits.Length > 0 && signedDigits[0] is '+' or '-') signedDigits = signedDigits[1..];
        long value = 0;
        foreach (var c in signedDigits)
        {
            if (!char.IsAsciiDigit(c)) break;
            value = Math.Min(value * 10 + (c - '0'), 1L << 32);
        }
        return (int)Math.Clamp(negative ? -value : value, int.MinValue, int.MaxValue);
    }

    // ^\s*([+-]\d+) : the signed digits, or empty
    private static ReadOnlySpan<char> RelativeSize(string value)
    {
        int i = 0;
        while (i < value.Length && char.IsWhiteSpace(value[i])) i++;
        if (i == value.Length || value[i] is not ('+' or '-')) return default;
        int start = i++;
        while (i < value.Length && char.IsDigit(value[i])) i++;
        return i - start > 1 ? value.AsSpan(start, i - start) : default;
    }

    private static bool Allowed(string tag, string name) => tag switch
    {
        "basefont" or "font" => name is "color" or "face" or "size",
        "body" => name is "text" or "bgcolor" or "link" or "alink" or "vlink" or "background",
        "marquee" => name is "bgcolor" or "background",
        "table" or "td" or "tr" => name is "bgcolor" or "style",
        "span" or "p" or "div" or "a" => name == "style",
        _ => false,
    };

    private static Style ApplyCss(Style next, Style parent, string css)
    {
        foreach (var part in css.Split(';'))
        {
            var color = part.Contains("color:", StringComparison.OrdinalIgnoreCase) ? CssColor().Match(part) : Match.Empty;
            if (color.Success)
            {
                bool background = color.Groups[1].Success;
                var value = ImportantSuffix().Replace(color.Groups[2].Value.ToLowerInvariant(), "");
                string? rgb = null;
                if (value.Contains("rgb", StringComparison.Ordinal))
                {
                    var numbers = new string(value.Where(c => char.IsAsciiDigit(c) || c == ',').ToArray()).Split(',');
                    int Channel(int i) => i < numbers.Length && int.TryParse(numbers[i], out var v) && v > 0 ? Math.Min(v, 255) : 0;
                    rgb = $"#{Channel(0):x2}{Channel(1):x2}{Channel(2):x2}";
                }
                else if (value == "transparent") rgb = value;
                else if (value != "inherit") rgb = NameToRgb(value);
                if (rgb != null) next = background ? next with { Bg = rgb } : next with { Fg = rgb };
                continue;
            }
            var bg = part.Contains("background:", StringComparison.Ordinal) ? CssBackground().Match(part) : Match.Empty;
            if (bg.Success)
            {
                var layers = bg.Groups[1].Value.ToLowerInvariant().Split(',');
                foreach (var token in layers[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var c = NameToRgb(token);
                    if (c == "invalid") continue;
                    next = next with { Bg = c };
                    break;
                }
                continue;
            }
            // only display and visibility are read
            var property = part.Contains("display", StringComparison.Ordinal) || part.Contains("visibility", StringComparison.Ordinal)
                ? CssProperty().Match(part) : Match.Empty;
            if (property.Success)
            {
                if (property.Groups[1].Value == "display") next = next with { Display = property.Groups[2].Value };
                else if (property.Groups[1].Value == "visibility") next = next with { Visibility = property.Groups[2].Value };
            }
        }
        if (next.Bg == "transparent") next = next with { Bg = parent.Bg };
        if (next.Fg == "transparent") next = next with { Fg = next.Bg };
        return next;
    }

    private bool OnStack(string tag)
    {
        foreach (var s in stack) if (s.Tag == tag) return true;
        return false;
    }

    private void CloseTable(string tag)
    {
        if (!OnStack(tag)) return;
        while (stack.Count > 0)
        {
            var top = stack[^1].Tag;
            if (tag == "td" && top is "font" or "td" || tag == "tr" && top is "font" or "td" or "tr") stack.RemoveAt(stack.Count - 1);
            else break;
        }
        if (stack.Count == 0) Push(new Style("default", "#000000", "#ffffff", baseFont, null, null));
    }

    private void Close(string tag)
    {
        if (!OnStack(tag)) return;
        while (stack.Count > 0)
        {
            var popped = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            if (popped.Tag == tag) break;
        }
        if (stack.Count == 0) Push(new Style("default", "#000000", "#ffffff", baseFont, null, null));
    }

    private enum Verdict { Visible, LowContrast, InvalidColor, Hidden }

    // Text runs test the same style over and over: the verdict of the last style tested is kept.
    private int lastTested = -1;
    private Verdict lastVerdict;

    /// <summary>HTML.pm html_font_invisible for the current style.</summary>
    public bool Invisible()
    {
        var s = stack[^1];
        if (s.Serial != lastTested)
        {
            lastVerdict = Judge(s);
            lastTested = s.Serial;
        }
        switch (lastVerdict)
        {
            case Verdict.LowContrast: return LowContrastSeen = true;
            case Verdict.InvalidColor: return InvalidColorSeen = true;
            case Verdict.Hidden: return true;
            default: return false;
        }
    }

    private static Verdict Judge(Style s)
    {
        if (Tail6(s.Fg).SequenceEqual(Tail6(s.Bg))) return Verdict.LowContrast;
        if (TryParseHex(s.Fg, out int fr, out int fg, out int fb) && TryParseHex(s.Bg, out int br, out int bgG, out int bb))
        {
            // squares as products (Perl takes pow(); the two agree to an ulp, so only a distance of exactly 12 could tell)
            double r = 0.2126 * (fr - br), g = 0.7152 * (fg - bgG), bl = 0.0722 * (fb - bb);
            if (Math.Sqrt(r * r + g * g + bl * bl) < 12) return Verdict.LowContrast;
        }
        if (s.Fg == "invalid" || s.Bg == "invalid") return Verdict.InvalidColor;
        if (s.Size <= 1) return Verdict.Hidden;
        if (s.Display != null && s.Display.Equals("none", StringComparison.OrdinalIgnoreCase)) return Verdict.Hidden;
        return s.Visibility != null && s.Visibility.Equals("hidden", StringComparison.OrdinalIgnoreCase) ? Verdict.Hidden : Verdict.Visible;
    }

    private static ReadOnlySpan<char> Tail6(string s) => s.Length > 6 ? s.AsSpan(s.Length - 6) : s;

    // ^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$ ('$' also before a final newline)
    private static bool TryParseHex(string s, out int r, out int g, out int b)
    {
        r = g = b = 0;
        var v = s.AsSpan();
        if (v.EndsWith("\n")) v = v[..^1];
        if (v.StartsWith("#")) v = v[1..];
        if (v.Length != 6) return false;
        foreach (var c in v) if (!(char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')) return false;
        r = int.Parse(v[..2], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        g = int.Parse(v[2..4], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        b = int.Parse(v[4..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>HTML.pm name_to_rgb: a CSS colour name, #rgb/#rrggbb (padded or cut), rgb(...), else "invalid".</summary>
    internal static string NameToRgb(string value)
    {
        // the usual spellings first, without a lower-cased copy: "#rrggbb" as written, or a colour name
        if (IsHashHex6(value)) return value;
        var trimmed = value.AsSpan().Trim();
        if (trimmed.Length <= LongestColorName)
        {
            Span<char> lower = stackalloc char[trimmed.Length];
            trimmed.ToLowerInvariant(lower);
            if (NamedColorsBySpan.TryGetValue(lower, out var byName)) return byName;
        }
        var color = value.ToLowerInvariant().Trim();
        if (IsHashHex6(color)) return color;
        if (NamedColors.TryGetValue(color, out var named)) return named;
        if (!HexOrRgb().IsMatch(color)) return "invalid";
        var percent = RgbPercent().Match(color);
        if (percent.Success)
            color = "#" + string.Concat(Enumerable.Range(1, 3).Select(i => Dec2Hex((long)(long.Parse(percent.Groups[i].ValueSpan, CultureInfo.InvariantCulture) / 100.0 * 255))));
        var rgb = RgbDecimal().Match(color);
        if (rgb.Success)
            color = "#" + string.Concat(Enumerable.Range(1, 3).Select(i => Dec2Hex(long.TryParse(rgb.Groups[i].ValueSpan, out var v) ? v : 0)));
        if (!color.StartsWith('#')) return "invalid";
        color = new string(color.Where(char.IsAsciiHexDigit).Select(char.ToLowerInvariant).ToArray());
        if (color.Length > 6) color = color[..6];
        if (color.Length is > 3 and < 6) color = color[..3];
        if (color.Length % 3 != 0) color += new string('0', 3 - color.Length % 3);
        if (color.Length == 3) color = $"{color[0]}{color[0]}{color[1]}{color[1]}{color[2]}{color[2]}";
        return "#" + color;
    }

    // "#rrggbb" in lower case is its own normal form.
    private static bool IsHashHex6(string color)
    {
        if (color.Length != 7 || color[0] != '#') return false;
        for (int i = 1; i < 7; i++) if (!(char.IsAsciiDigit(color[i]) || color[i] is >= 'a' and <= 'f')) return false;
        return true;
    }

    // CSS colour names (System.Drawing's known, non-system colours) in lower case, also spelt with "grey",
    // mapped to "#rrggbb".
    private static readonly FrozenDictionary<string, string> NamedColors = BuildNamedColors();
    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> NamedColorsBySpan =
        NamedColors.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly int LongestColorName = NamedColors.Keys.Max(k => k.Length);

    private static FrozenDictionary<string, string> BuildNamedColors()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var known in Enum.GetValues<KnownColor>())
        {
            var c = Color.FromKnownColor(known);
            if (c.IsSystemColor) continue;
            var name = c.Name.ToLowerInvariant();
            if (name is "transparent" or "rebeccapurple") continue;
            var rgb = $"#{c.R:x2}{c.G:x2}{c.B:x2}";
            map[name] = rgb;
            map[name.Replace("gray", "grey")] = rgb;
        }
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string Dec2Hex(long value) => value < 16 ? "0" + value.ToString("x", CultureInfo.InvariantCulture) : value.ToString("x", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(background-)?color:\s*(.+?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex CssColor();

    [GeneratedRegex(@"\s*!\s*important$", RegexOptions.CultureInvariant)]
    private static partial Regex ImportantSuffix();

    [GeneratedRegex(@"^\s*background:\s*(.+?)\s*$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex CssBackground();

    [GeneratedRegex(@"^\s*([a-z_-]+)\s*:\s*(\S.*?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex CssProperty();

    [GeneratedRegex(@"^[#a-f0-9]*$|rgb\([\d%, ]*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HexOrRgb();

    [GeneratedRegex(@"rgb\((\d+)%,\s*(\d+)%,\s*(\d+)%\s*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RgbPercent();

    [GeneratedRegex(@"rgb\((\d+),\s*(\d+),\s*(\d+)\s*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RgbDecimal();
}
