using Spamd.Engine.Bayes;
using Spamd.Engine.Learning;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Tests.Bayes;

/// <summary>A scan's autolearn learns the tokens the message was scored on (tokenized once per message).</summary>
public class ScannedTokensTests
{
    private static readonly byte[] Message = "From: a@example.org\nSubject: offer\n\nCheap watches for everyone\n"u8.ToArray();

    [Fact]
    public void Autolearn_after_scoring_learns_the_scored_tokens()
    {
        using var dir = new TempDirectory();
        using var stores = new BayesStoreProvider(dir.File("bayes"));
        var classifier = new BayesClassifier(stores, raw => MailMessage.Parse(raw));
        var store = stores.For(null);
        Func<string, string?> relays(string host) => name => name == "X-Spam-Relays-Untrusted" ? $"[ ip=192.0.2.1 rdns={host} helo={host} by=mx ]" : null;

        var scanned = MailMessage.Parse(Message);
        classifier.Probability(scanned, (string?)null, relays("scored.example"));
        Assert.True(classifier.AutoLearn(scanned, null, asSpam: true, relays("other.example")));
        var learned = classifier.CreateRequest(MailMessage.Parse(Message), LearnAction.Spam, relays("scored.example")).Tokens;
        var other = classifier.CreateRequest(MailMessage.Parse(Message), LearnAction.Spam, relays("other.example")).Tokens;

        Assert.NotEqual(learned.Order(), other.Order()); // the relay text does become tokens
        Assert.Equal(learned.Count, store.GetTokens(learned).Count);
        Assert.Empty(store.GetTokens(other.Except(learned).ToArray()));

        // A message that was never scored is tokenized for autolearn itself.
        var fresh = MailMessage.Parse("From: b@example.org\nSubject: hello\n\nLunch tomorrow?\n"u8.ToArray());
        Assert.True(classifier.AutoLearn(fresh, null, asSpam: false));
        Assert.Equal(new MessageCounts(1, 1), store.GetMessageCounts());
    }
}
