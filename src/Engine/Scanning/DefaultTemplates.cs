namespace Spamd.Engine.Scanning;

/// <summary>
/// Built-in report templates, used only when no ruleset supplies its own (the stock ruleset's
/// 10_default_prefs.cf replaces them, so with it our output matches spamd's byte for byte).
/// </summary>
public static class DefaultTemplates
{
    public const string Report =
        "This message was checked for spam on \"_HOSTNAME_\" and was judged\n" +
        "_YESNO(to be,not to be)_ spam. The original message is attached unchanged so that\n" +
        "you can read it safely or use it to train the filter. Questions about this\n" +
        "check go to _CONTACTADDRESS_.\n" +
        "\n" +
        "Content preview:  _PREVIEW_\n" +
        "\n" +
        "Content analysis details:   (_SCORE_ points, _REQD_ required)\n" +
        "\n" +
        " pts rule name              description\n" +
        "---- ---------------------- --------------------------------------------------\n" +
        "_SUMMARY_\n";

    public const string UnsafeReport =
        "The attached message contains non-text content. Opening it could be unsafe:\n" +
        "only do so if you trust its sender.\n";
}
