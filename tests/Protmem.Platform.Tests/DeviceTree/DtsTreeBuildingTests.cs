using Protmem.Platform.DeviceTree;
using static Protmem.Platform.Tests.DeviceTree.DtsTestSupport;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>How definitions build the tree: merging, replacing, extending by label or path, deleting, omitting, including.</summary>
public sealed class DtsTreeBuildingTests
{
    [Fact]
    public void Parse_NodeDefinedTwice_MergedPropertyReplacedInPlace()
    {
        var tree = AssertSameAsDtc("/dts-v1/; / { n { a = <1>; b = <2>; }; }; / { n { a = <3>; c; }; m { }; };");

        var n = tree.GetNode("/n");
        Assert.Equal(["a", "b", "c"], n.Properties.Select(p => p.Name));
        Assert.Equal(Cells(3), tree.Bytes("/n", "a"));
        Assert.Equal(["n", "m"], tree.Root.Children.Select(c => c.Name));
    }

    [Fact]
    public void Parse_ExtendByLabelAndByPath_MergedIntoTarget()
    {
        var tree = AssertSameAsDtc("/dts-v1/; / { soc { u: uart@1 { status = \"disabled\"; }; }; }; &u { status = \"okay\"; }; &{/soc} { extra; };");

        Assert.True(tree.GetNode("/soc/uart@1").IsEnabled);
        Assert.True(tree.GetNode("/soc").HasProperty("extra"));
    }

    [Fact]
    public void Parse_ExtendMissingLabel_ErrorAtReference()
    {
        AssertError("/dts-v1/;\n/ { };\n&missing { a; };", 3, 1, "label or path missing not found");
    }

    [Fact]
    public void Parse_DeleteNodeByNameLabelAndPath_NodesGone()
    {
        var tree = AssertSameAsDtc("""
            /dts-v1/;
            / { a { x { }; y { }; }; l: b { }; c { }; };
            / { a { /delete-node/ x; }; };
            /delete-node/ &l;
            /delete-node/ &{/c};
            """);

        Assert.Equal(["a"], tree.Root.Children.Select(c => c.Name));
        Assert.Equal(["y"], tree.GetNode("/a").Children.Select(c => c.Name));
        Assert.Null(tree.FindByLabel("l"));
    }

    [Fact]
    public void Parse_DeleteProperty_PropertyGone()
    {
        var tree = AssertSameAsDtc("/dts-v1/; / { n: n { a; b; }; }; &n { /delete-property/ a; };");

        Assert.Equal(["b"], tree.GetNode("/n").Properties.Select(p => p.Name));
    }

    [Fact]
    public void Parse_DeletedThenRedefined_ComesBackInItsOldPlace()
    {
        var tree = AssertSameAsDtc("""
            /dts-v1/;
            / { n { a = <1>; b; }; c { }; d { }; };
            / { n { /delete-property/ a; }; /delete-node/ c; };
            / { n { a = <2>; }; c { k; }; };
            """);

        Assert.Equal(["a", "b"], tree.GetNode("/n").Properties.Select(p => p.Name));
        Assert.Equal(["n", "c", "d"], tree.Root.Children.Select(c => c.Name));
        Assert.Equal(["k"], tree.GetNode("/c").Properties.Select(p => p.Name));
    }

    [Fact]
    public void Parse_DeletedNodeLabel_NoLongerResolves()
    {
        AssertError("/dts-v1/; / { l: a { }; }; /delete-node/ &l; / { p = <&l>; };", 1, 55, "reference to non-existent node or label \"l\"");
    }

    [Fact]
    public void Parse_OmitIfNoRef_UnreferencedDroppedReferencedKept()
    {
        var tree = AssertSameAsDtc("""
            /dts-v1/;
            / {
                /omit-if-no-ref/ used: used { };
                /omit-if-no-ref/ unused: unused { };
                /omit-if-no-ref/ path: by-path { };
                late: late { };
                parent: parent { /omit-if-no-ref/ child { }; };
                user { p = <&used>; q = &path; r = <&parent>; };
            };
            /omit-if-no-ref/ &late;
            """);

        Assert.Equal(["used", "by-path", "parent", "user"], tree.Root.Children.Select(c => c.Name));
        Assert.Empty(tree.GetNode("/parent").Children);
    }

    [Fact]
    public void Parse_OmitIfNoRefOnProperty_Error()
    {
        AssertError("/dts-v1/; / { /omit-if-no-ref/ p; };", 1, 15, "'/omit-if-no-ref/' applies to nodes, not to properties");
    }

    [Fact]
    public void Parse_IncludeRelativeToIncludingFileThenIncludePaths_Merged()
    {
        var files = new DtsInMemoryFileSource()
            .Add("boards/board.dts", "/dts-v1/;\n/include/ \"soc.dtsi\"\n/include/ \"common.dtsi\"\n&uart { status = \"okay\"; };\n")
            .Add("boards/soc.dtsi", "/ { uart: serial@1 { status = \"disabled\"; }; };\n")
            .Add("include/common.dtsi", "/ { chosen { stdout-path = &uart; }; };\n");

        var tree = DtsReader.ReadFile("boards/board.dts", new DtsReaderOptions { Files = files, IncludePaths = ["include"] });

        Assert.True(tree.GetNode("/serial@1").IsEnabled);
        Assert.Equal("/serial@1", tree.GetNode("/chosen").GetProperty("stdout-path").AsString());
    }

    [Fact]
    public void Parse_IncludeInsideNode_TokensSpliced()
    {
        var files = new DtsInMemoryFileSource().Add("props.dtsi", "b = <2>;");

        var tree = Parse("/dts-v1/; / { a; /include/ \"props.dtsi\" c; };", files);

        Assert.Equal(["a", "b", "c"], tree.Root.Properties.Select(p => p.Name));
    }

    [Fact]
    public void Parse_ErrorInIncludedFile_NamesThatFile()
    {
        var files = new DtsInMemoryFileSource().Add("bad.dtsi", "/ {\n  x = <1>\n};\n");

        var error = AssertError("/dts-v1/;\n/include/ \"bad.dtsi\"\n", 3, 1, "expected ';' or ',' after a property value, found '}'", files);

        Assert.Equal("bad.dtsi", error.FileName);
    }

    [Fact]
    public void Parse_MissingInclude_ErrorListsPlacesLooked()
    {
        AssertError("/dts-v1/;\n/include/ \"nowhere.dtsi\"\n/ { };", 2, 1, "cannot open \"nowhere.dtsi\" (looked for \"nowhere.dtsi\")");
    }

    [Fact]
    public void Parse_FileIncludingItself_ErrorNotHang()
    {
        var files = new DtsInMemoryFileSource().Add("loop.dtsi", "/include/ \"loop.dtsi\"");

        AssertError("/dts-v1/; /include/ \"loop.dtsi\"", 1, 1, "includes nested more than 100 deep", files);
    }

    [Fact]
    public void Parse_Plugin_RejectedAsOverlay()
    {
        AssertError("/dts-v1/;\n/plugin/;\n&foo { };", 2, 1, "overlays not supported");
    }

    [Fact]
    public void Parse_CpusFirstChildWithOneCellReg_BootCpuIdLikeDtc()
    {
        var source = "/dts-v1/; / { cpus { #address-cells = <1>; #size-cells = <0>; cpu@100 { reg = <0x100>; }; cpu@0 { reg = <0>; }; }; };";

        var tree = AssertSameAsDtc(source);

        Assert.Equal(0x100u, tree.BootCpuId);
        Assert.Equal(0x100u, DtbReader.Read(Dtc.CompileText(source)).BootCpuId);
    }
}
