namespace Spamd.Engine.Bayes;

/// <summary>
/// Optional for a message: the text of HTML that a reader would not see (tiny, hidden, same colour as the
/// background). SpamAssassin learns it as "I*:" tokens; a message type that renders it implements this.
/// </summary>
public interface IInvisibleBodyText
{
    IReadOnlyList<string> InvisibleBodyText { get; }
}
