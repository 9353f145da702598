using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using Spamd.Engine.Bayes;

namespace Spamd.Engine.Tests.Bayes;

public class Sha1Tests
{
    [Fact]
    public void Managed_SHA1_equals_the_platform_one_for_any_input()
    {
        Prop.ForAll<byte[]>(data =>
        {
            Span<byte> ours = stackalloc byte[20];
            Sha1.Hash(data, ours);
            return ours.SequenceEqual(SHA1.HashData(data));
        }).QuickCheckThrowOnFailure();

        // Every padding boundary.
        for (int length = 0; length <= 130; length++)
        {
            byte[] data = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
            byte[] ours = new byte[20];
            Sha1.Hash(data, ours);
            Assert.Equal(SHA1.HashData(data), ours);
        }
    }
}
