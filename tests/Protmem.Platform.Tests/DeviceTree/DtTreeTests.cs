using Protmem.Platform.DeviceTree;
using static Protmem.Platform.Tests.DeviceTree.DtsTestSupport;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>Finding nodes: by path, alias, label, phandle and compatible; reg decoding with the parent's cells; the tree's rules.</summary>
public sealed class DtTreeTests
{
    private static readonly DtTree Board = Parse("""
        /dts-v1/;
        / {
            #address-cells = <2>;
            #size-cells = <2>;
            aliases { serial0 = &uart0; mmc0 = "/soc/mmc@fe2c0000"; broken = "no-slash"; };
            memory@40000000 { device_type = "memory"; reg = <0x0 0x40000000 0x1 0x0>; };
            soc {
                #address-cells = <1>;
                #size-cells = <1>;
                intc: interrupt-controller@fe600000 { reg = <0xfe600000 0x10000>; };
                uart0: serial@fe650000 { compatible = "rockchip,rk3588-uart", "snps,dw-apb-uart"; reg = <0xfe650000 0x100>; interrupt-parent = <&intc>; };
                serial@fe660000 { compatible = "snps,dw-apb-uart"; status = "disabled"; };
                mmc@fe2c0000 { card@0 { }; };
            };
        };
        """);

    [Theory]
    [InlineData("/soc/serial@fe650000", "/soc/serial@fe650000")]
    [InlineData("/memory", "/memory@40000000")]
    [InlineData("/soc/serial", "/soc/serial@fe650000")]
    [InlineData("serial0", "/soc/serial@fe650000")]
    [InlineData("mmc0/card@0", "/soc/mmc@fe2c0000/card@0")]
    [InlineData("/", "/")]
    public void FindNode_PathOrAlias_Node(string path, string expected)
    {
        Assert.Equal(expected, Board.FindNode(path)?.Path);
    }

    [Theory]
    [InlineData("/soc/nothing")]
    [InlineData("/soc/serial@1")]
    [InlineData("nosuchalias")]
    [InlineData("broken")]
    public void FindNode_Missing_Null(string path)
    {
        Assert.Null(Board.FindNode(path));
    }

    [Fact]
    public void GetNode_Missing_KeyNotFoundNamingPath()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Board.GetNode("/soc/gpu"));

        Assert.Equal("the device tree has no node /soc/gpu", error.Message);
    }

    [Fact]
    public void Aliases_StringProperties_InOrder()
    {
        Assert.Equal(["serial0=/soc/serial@fe650000", "mmc0=/soc/mmc@fe2c0000", "broken=no-slash"], Board.Aliases.Select(a => $"{a.Key}={a.Value}"));
    }

    [Fact]
    public void FindByPhandle_ReferencedNode_FollowsInterruptParent()
    {
        var uart = Board.GetNode("serial0");

        var parent = Board.GetByPhandle(uart.GetProperty("interrupt-parent").AsUInt32());

        Assert.Same(Board.FindByLabel("intc"), parent);
        Assert.Throws<KeyNotFoundException>(() => Board.GetByPhandle(99));
    }

    [Fact]
    public void FindCompatible_AnyPositionInList_AllMatchesInOrder()
    {
        Assert.Equal(["/soc/serial@fe650000", "/soc/serial@fe660000"], Board.FindCompatible("snps,dw-apb-uart").Select(n => n.Path));
    }

    [Fact]
    public void GetReg_UsesParentCells_AddressAndSize()
    {
        Assert.Equal([new DtRegEntry(0x40000000, 0x1_0000_0000)], Board.GetNode("/memory").GetReg());
        Assert.Equal([new DtRegEntry(0xfe650000, 0x100)], Board.GetNode("serial0").GetReg());
    }

    [Fact]
    public void NodeNameParts_BaseNameAndUnitAddress()
    {
        var uart = Board.GetNode("serial0");

        Assert.Equal(("serial", "fe650000"), (uart.BaseName, uart.UnitAddress));
        Assert.Null(Board.GetNode("/soc").UnitAddress);
    }

    [Fact]
    public void IsEnabled_StatusAbsentOkayOrDisabled()
    {
        Assert.True(Board.GetNode("serial0").IsEnabled);
        Assert.False(Board.GetNode("/soc/serial@fe660000").IsEnabled);
        Assert.True(Board.GetNode("serial0").IsCompatible("rockchip,rk3588-uart"));
    }

    [Theory]
    [InlineData("\"okay\"", true)]
    [InlineData("\"ok\"", true)]
    [InlineData("\"disabled\"", false)]
    [InlineData("\"fail\"", false)]
    [InlineData("<1>", false)]
    public void IsEnabled_StatusValues_AsLinuxDecides(string status, bool enabled)
    {
        var tree = Parse($"/dts-v1/; / {{ n {{ status = {status}; }}; }};");

        Assert.Equal(enabled, tree.GetNode("/n").IsEnabled);
    }

    [Fact]
    public void IsCompatible_MalformedCompatible_FalseButCompatibleThrows()
    {
        var node = Parse("/dts-v1/; / { n { compatible = <1>; }; };").GetNode("/n");

        Assert.False(node.IsCompatible("x"));
        Assert.Throws<DtValueException>(() => node.Compatible);
    }

    [Fact]
    public void CellsDefaults_AbsentProperties_TwoAndOne()
    {
        var node = new DtNode("n");

        Assert.Equal((2, 1), (node.AddressCells, node.SizeCells));
    }

    [Fact]
    public void Nodes_PreOrder_RootFirstChildrenInOrder()
    {
        Assert.Equal(["/", "/aliases", "/memory@40000000", "/soc", "/soc/interrupt-controller@fe600000"], Board.Nodes.Take(5).Select(n => n.Path));
    }

    [Fact]
    public void Constructor_DuplicatePhandle_ArgumentException()
    {
        var root = new DtNode("", children: [new DtNode("a", [DtProperty.FromCells("phandle", 3)]), new DtNode("b", [DtProperty.FromCells("phandle", 3)])]);

        var error = Assert.Throws<ArgumentException>(() => new DtTree(root));

        Assert.StartsWith("phandle 0x3 is on both /a and /b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DuplicateLabel_ArgumentException()
    {
        var root = new DtNode("", children: [new DtNode("a", labels: ["x"]), new DtNode("b", labels: ["x"])]);

        Assert.Throws<ArgumentException>(() => new DtTree(root));
    }

    [Fact]
    public void NodeConstructor_ChildTwiceOrDuplicateNames_ArgumentException()
    {
        var child = new DtNode("c");
        _ = new DtNode("p", children: [child]);

        Assert.Throws<ArgumentException>(() => new DtNode("q", children: [child]));
        Assert.Throws<ArgumentException>(() => new DtNode("q", children: [new DtNode("x"), new DtNode("x")]));
        Assert.Throws<ArgumentException>(() => new DtNode("q", [DtProperty.Empty("a"), DtProperty.Empty("a")]));
        Assert.Throws<ArgumentException>(() => new DtNode("a/b"));
    }

    [Fact]
    public void Constructor_TooDeep_ArgumentException()
    {
        var node = new DtNode("n");
        for (var i = 0; i < DtTree.MaxDepth + 1; i++)
        {
            node = new DtNode("n", children: [node]);
        }

        Assert.Throws<ArgumentException>(() => new DtTree(new DtNode("", children: [node])));
    }
}
