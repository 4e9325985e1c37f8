using Protmem.Uapi.Tee;

namespace Protmem.Uapi.Tests;

public sealed class TeeUuidTests
{
    private static readonly byte[] SdpBasicNode = [0x9d, 0xbb, 0x10, 0x1f, 0x74, 0xf0, 0x00, 0x99];

    [Fact]
    public void ToOctets_OfSdpBasicTa_IsBigEndianFieldsFirst()
    {
        var uuid = TeeUuid.FromFields(0x12345678, 0x5b69, 0x11e4, SdpBasicNode);

        Assert.Equal("12-34-56-78-5B-69-11-E4-9D-BB-10-1F-74-F0-00-99", BitConverter.ToString(uuid.ToOctets()));
    }

    [Fact]
    public void Parse_OfCanonicalText_EqualsFromFields()
    {
        var parsed = TeeUuid.Parse("12345678-5b69-11e4-9dbb-101f74f00099");

        Assert.Equal(TeeUuid.FromFields(0x12345678, 0x5b69, 0x11e4, SdpBasicNode), parsed);
        Assert.Equal("12345678-5b69-11e4-9dbb-101f74f00099", parsed.ToString());
    }

    [Fact]
    public void Parse_OfInvokeTestsPta_RoundTripsThroughOctets()
    {
        var uuid = TeeUuid.Parse("d96a5b40-c3e5-21e3-8794-1002a5d5c61b");

        Assert.Equal(uuid, TeeUuid.FromOctets(uuid.ToOctets()));
        Assert.Equal(0xd9, uuid.ToOctets()[0]);
        Assert.Equal(0x1b, uuid.ToOctets()[15]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345678-5b69-11e4-9dbb-101f74f0009")]
    [InlineData("12345678x5b69-11e4-9dbb-101f74f00099")]
    [InlineData("1234567g-5b69-11e4-9dbb-101f74f00099")]
    public void TryParse_OfMalformedText_ReturnsFalse(string text)
    {
        Assert.False(TeeUuid.TryParse(text, out _));
        Assert.Throws<FormatException>(() => TeeUuid.Parse(text));
    }

    [Fact]
    public void Nil_IsSixteenZeroOctets()
    {
        Assert.All(TeeUuid.Nil.ToOctets(), b => Assert.Equal(0, b));
    }
}
