using Protmem.Platform.DeviceTree;
using static Protmem.Platform.Tests.DeviceTree.DtsTestSupport;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>References and phandles: &amp;label and &amp;{/path}, inside cells (phandles) and outside (paths), assigned as dtc assigns them.</summary>
public sealed class DtsReferenceTests
{
    [Fact]
    public void Parse_LabelReferenceInCells_PhandleAssignedAndPropertyAdded()
    {
        var tree = AssertSameAsDtc("/dts-v1/; / { intc: interrupt-controller { }; dev { interrupt-parent = <&intc>; }; };");

        var intc = tree.GetNode("/interrupt-controller");
        Assert.Equal(1u, intc.Phandle);
        Assert.Equal("phandle", intc.Properties[^1].Name);
        Assert.Equal(Cells(1), tree.Bytes("/dev", "interrupt-parent"));
        Assert.Same(intc, tree.FindByPhandle(1));
    }

    [Fact]
    public void Parse_PathReferenceInCells_Phandle()
    {
        var tree = AssertSameAsDtc("/dts-v1/; / { c = <&{/a/b@1} 7>; a { b@1 { }; }; };");

        Assert.Equal(Cells(1, 7), tree.Bytes("/", "c"));
        Assert.Equal(1u, tree.GetNode("/a/b@1").Phandle);
    }

    [Fact]
    public void Parse_ReferencesOutsideCells_FullPathStrings()
    {
        var tree = AssertSameAsDtc("/dts-v1/; / { aliases { serial0 = &uart; root = &{/}; }; soc { uart: serial@10 { }; }; };");

        Assert.Equal("/soc/serial@10", tree.GetNode("/aliases").GetProperty("serial0").AsString());
        Assert.Equal("/", tree.GetNode("/aliases").GetProperty("root").AsString());
        Assert.Null(tree.GetNode("/soc/serial@10").Phandle);
    }

    [Fact]
    public void Parse_PathReferenceBetweenOtherValues_InsertedInPlace()
    {
        var tree = AssertSameAsDtc("/dts-v1/; / { v = \"a\", &x, <&x>, &x; x: n { }; };");

        Assert.Equal("a\0/n\0"u8.ToArray().Concat(Cells(1)).Concat("/n\0"u8.ToArray()), tree.Bytes("/", "v"));
    }

    [Fact]
    public void Parse_PhandlesNumberedInTreeOrderOfFirstReference_AsDtc()
    {
        var tree = AssertSameAsDtc("""
            /dts-v1/;
            / {
                a: a { };
                b: b { };
                c: c { };
                user1 { p = <&c>; };
                user2 { p = <&a &c &b>; };
            };
            """);

        Assert.Equal([2u, 3u, 1u], new[] { "/a", "/b", "/c" }.Select(p => tree.GetNode(p).Phandle!.Value));
    }

    [Fact]
    public void Parse_ExplicitPhandles_KeptAndSkippedByAssignment()
    {
        var tree = AssertSameAsDtc("""
            /dts-v1/;
            / {
                a: a { phandle = <1>; };
                b: b { };
                c: c { linux,phandle = <2>; };
                user { p = <&b &a &c>; };
            };
            """);

        Assert.Equal(Cells(3, 1, 2), tree.Bytes("/user", "p"));
        Assert.Equal(3u, tree.GetNode("/b").Phandle);
        Assert.False(tree.GetNode("/c").HasProperty("phandle"));
    }

    [Fact]
    public void Parse_PhandleReferringToItself_AssignedEvenIfUnreferenced()
    {
        var tree = AssertSameAsDtc("/dts-v1/; / { n: n { phandle = <&n>; }; };");

        Assert.Equal(Cells(1), tree.Bytes("/n", "phandle"));
    }

    [Fact]
    public void Parse_ReferenceToMissingLabel_ErrorAtReference()
    {
        AssertError("/dts-v1/;\n/ {\n  p = <1 &nope>;\n};", 3, 10, "reference to non-existent node or label \"nope\"");
    }

    [Fact]
    public void Parse_ReferenceToMissingPath_ErrorAtReference()
    {
        AssertError("/dts-v1/;\n/ {\n  p = &{/a/b};\n};", 3, 7, "reference to non-existent node or label \"/a/b\"");
    }

    [Fact]
    public void Parse_ReferenceInNarrowCells_Error()
    {
        AssertError("/dts-v1/; / { p = /bits/ 16 <&n>; n: n { }; };", 1, 30, "references are only allowed in arrays with 32-bit elements");
    }

    [Fact]
    public void Parse_PhandleReferringToAnotherNode_Error()
    {
        AssertError("/dts-v1/; / { a: a { }; b { phandle = <&a>; }; };", 1, 40, "phandle of /b is a reference to another node");
    }

    [Theory]
    [InlineData("phandle = <0>;", "bad value (0x0)")]
    [InlineData("phandle = <0xffffffff>;", "bad value (0xffffffff)")]
    [InlineData("phandle = <1 2>;", "bad length (8)")]
    public void Parse_InvalidExplicitPhandle_Error(string property, string reason)
    {
        AssertError($"/dts-v1/; / {{ n {{ {property} }}; }};", 1, 19, reason);
    }

    [Fact]
    public void Parse_DuplicatePhandle_ErrorNamesBothNodes()
    {
        AssertError("/dts-v1/; / { a { phandle = <5>; }; b { phandle = <5>; }; };", 1, 37, "duplicated phandle 0x5 in /b (seen before at /a)");
    }

    [Fact]
    public void Parse_LabelsOnNodeReadBack_InDtcOrderAndFoundByLabel()
    {
        var tree = Parse("/dts-v1/; / { one: two: n { }; }; three: &one { };");

        var node = tree.GetNode("/n");
        Assert.Equal(["three", "one", "two"], node.Labels);
        Assert.Same(node, tree.FindByLabel("two"));
        Assert.Null(tree.FindByLabel("four"));
    }

    [Fact]
    public void Parse_DuplicateLabel_ErrorNamesBothPlaces()
    {
        AssertError("/dts-v1/; / { x: a { }; b { x: p; }; };", 1, 32, "duplicate label 'x' on property 'p' in /b and /a");
    }
}
