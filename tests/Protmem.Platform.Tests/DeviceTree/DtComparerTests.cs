using Protmem.Platform.DeviceTree;
using static Protmem.Platform.Tests.DeviceTree.DtsTestSupport;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>The comparer names the first difference by path.</summary>
public sealed class DtComparerTests
{
    private const string Base = "/dts-v1/; / { a { x = <1>; y = \"s\"; }; b { c { }; }; };";

    [Fact]
    public void FindFirstDifference_SameSource_Null()
    {
        Assert.Null(DtComparer.FindFirstDifference(Parse(Base), Parse(Base)));
        Assert.True(DtComparer.AreEqual(Parse(Base), Parse(Base)));
    }

    [Theory]
    [InlineData("/dts-v1/; / { a { x = <2>; y = \"s\"; }; b { c { }; }; };", "/a property 'x': expected <0x1>, found <0x2>")]
    [InlineData("/dts-v1/; / { a { x = <1>; y = \"t\"; }; b { c { }; }; };", "/a property 'y': expected \"s\", found \"t\"")]
    [InlineData("/dts-v1/; / { a { x = <1>; }; b { c { }; }; };", "/a: property 'y' is missing")]
    [InlineData("/dts-v1/; / { a { x = <1>; y = \"s\"; z; }; b { c { }; }; };", "/a: unexpected property 'z'")]
    [InlineData("/dts-v1/; / { a { x = <1>; y = \"s\"; }; b { }; };", "/b: child node 'c' is missing")]
    [InlineData("/dts-v1/; / { a { x = <1>; y = \"s\"; }; b { c { d { }; }; }; };", "/b/c: unexpected child node 'd'")]
    [InlineData("/dts-v1/; / { b { c { }; }; a { x = <1>; y = \"s\"; }; };", "/: child node #1 is 'b', expected 'a'")]
    [InlineData("/dts-v1/; / { a { y = \"s\"; x = <1>; }; b { c { }; }; };", "/a: property #1 is 'y', expected 'x'")]
    [InlineData("/dts-v1/; / { l: a { x = <1>; y = \"s\"; }; b { c { }; }; };", "/a: labels: expected [], found [l]")]
    [InlineData("/dts-v1/; /memreserve/ 1 2; / { a { x = <1>; y = \"s\"; }; b { c { }; }; };", "/memreserve/: expected [], found [0x1 0x2]")]
    public void FindFirstDifference_OneChange_NamesIt(string changed, string expected)
    {
        var difference = DtComparer.FindFirstDifference(Parse(Base), Parse(changed));

        Assert.Equal(expected, difference?.ToString());
    }

    [Fact]
    public void FindFirstDifference_IgnoreOrder_ReorderedEqual()
    {
        var reordered = Parse("/dts-v1/; / { b { c { }; }; a { y = \"s\"; x = <1>; }; };");

        Assert.Null(DtComparer.FindFirstDifference(Parse(Base), reordered, DtCompareOptions.IgnoreOrder));
    }

    [Fact]
    public void FindFirstDifference_IgnoreOrderStillSeesMissing_NamesIt()
    {
        var missing = Parse("/dts-v1/; / { b { }; a { y = \"s\"; x = <1>; }; };");

        Assert.Equal("/b: child node 'c' is missing", DtComparer.FindFirstDifference(Parse(Base), missing, DtCompareOptions.IgnoreOrder)?.ToString());
    }

    [Fact]
    public void FindFirstDifference_IgnoreLabels_LabelledEqual()
    {
        var labelled = Parse("/dts-v1/; / { l: a { m: x = <1>; y = \"s\"; }; b { c { }; }; };");

        Assert.Null(DtComparer.FindFirstDifference(Parse(Base), labelled, DtCompareOptions.IgnoreLabels));
    }

    [Fact]
    public void Render_LongCells_Shortened()
    {
        var text = DtComparer.Render(DtProperty.FromCells("p", [.. Enumerable.Range(0, 40).Select(i => (uint)i)]).Value);

        Assert.EndsWith(" ...(160 bytes)>", text, StringComparison.Ordinal);
    }
}
