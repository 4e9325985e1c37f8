using Protmem.Platform.DeviceTree;
using static Protmem.Platform.Tests.DeviceTree.DtsTestSupport;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>The DTS writer: dtc's output style, checked against dtc's own output, and read back to the same tree.</summary>
public sealed class DtsWriterTests
{
    private const string Source = """
        /dts-v1/;
        /memreserve/ 0x2000 0x100;
        /memreserve/ 0x1000 0x100;
        / {
            z = <1>;
            compatible = "b,one", "a,two";
            top: bytes = [de ad be ef 01];
            sizes = /bits/ 16 <1 2>, /bits/ 64 <3>, /bits/ 8 <4>;
            refs = <&a 1 &b>, <&b>, &a;
            text = "tab\there", "quote\"", "hi\x01\xe9", "nul\0007";
            empty;
            a: m-node@2 { reg = <2>; };
            b: l-node@1 { reg = <1>; };
        };
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_TreeFromSource_SameTextAsDtc(bool sort)
    {
        var ours = DtsWriter.Write(Parse(Source), new DtsWriterOptions { Sort = sort, DtcEscapes = true });

        Assert.Equal(Dtc.SourceToSource(Source, sort), ours);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_TreeFromBlob_SameTextAsDtcDecompiling(bool sort)
    {
        var blob = Dtc.CompileText(Source);

        var ours = DtsWriter.Write(DtbReader.Read(blob), new DtsWriterOptions { Sort = sort, DtcEscapes = true });

        Assert.Equal(Dtc.Decompile(blob, sort), ours);
    }

    [Fact]
    public void Write_NulBeforeDigitAndHighByte_UnambiguousEscapesReadBackExactly()
    {
        var tree = Parse("/dts-v1/; / { s = \"a\\0002\", \"\\xe9\"; };");

        var text = DtsWriter.Write(tree);

        Assert.Contains("s = \"a\\0002\", \"\\xe9\";", text, StringComparison.Ordinal);
        Assert.Null(DtComparer.FindFirstDifference(tree, Parse(text)));
        Assert.Contains("s = \"a\\02\", \"\\xffffffe9\";", DtsWriter.Write(tree, new DtsWriterOptions { DtcEscapes = true }), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ThenRead_SameTree()
    {
        var tree = Parse(Source);

        var again = Parse(DtsWriter.Write(tree));

        Assert.Null(DtComparer.FindFirstDifference(tree, again));
    }

    [Fact]
    public void Write_BuiltTree_GuessesStringCellsAndBytes()
    {
        var tree = new DtTree(new DtNode("",
            [DtProperty.FromStrings("model", "Board"), DtProperty.FromCells("reg", 1, 0x20), new DtProperty("mac", [1, 2, 3, 4, 5, 6]), DtProperty.Empty("flag")],
            [new DtNode("child@0", labels: ["c"])]));

        var text = DtsWriter.Write(tree);

        Assert.Equal("/dts-v1/;\n\n/ {\n\tmodel = \"Board\";\n\treg = <0x01 0x20>;\n\tmac = [01 02 03 04 05 06];\n\tflag;\n\n\tc: child@0 {\n\t};\n};\n", text);
    }
}
