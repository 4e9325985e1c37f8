using System.Text;
using Protmem.Platform.DeviceTree;
using static Protmem.Platform.Tests.DeviceTree.DtsTestSupport;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>Property value syntax: cells, sizes, characters, strings, bytes, mixed values, labels inside values.</summary>
public sealed class DtsValueSyntaxTests
{
    [Fact]
    public void Parse_CellsInHexDecimalOctalAndSuffixed_BigEndianCells()
    {
        var tree = AssertSameAsDtc("/dts-v1/; / { c = <0x10 16 020 7U 8UL 9ULL 0xFFFFFFFF>; };");

        Assert.Equal(Cells(16, 16, 16, 7, 8, 9, 0xffffffff), tree.Bytes("/", "c"));
    }

    [Theory]
    [InlineData(8, new byte[] { 0x01, 0xff })]
    [InlineData(16, new byte[] { 0x00, 0x01, 0x00, 0xff })]
    [InlineData(32, new byte[] { 0, 0, 0, 1, 0, 0, 0, 0xff })]
    [InlineData(64, new byte[] { 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0xff })]
    public void Parse_BitsSizes_ElementsOfThatWidth(int bits, byte[] expected)
    {
        var tree = AssertSameAsDtc($"/dts-v1/; / {{ v = /bits/ {bits} <1 0xff>; }};");

        Assert.Equal(expected, tree.Bytes("/", "v"));
    }

    [Fact]
    public void Parse_NegativeValueInNarrowElement_SignExtendedBitsAccepted()
    {
        var tree = AssertSameAsDtc("/dts-v1/; / { v = /bits/ 8 <(-1) (-128)>; w = <(-2)>; };");

        Assert.Equal(new byte[] { 0xff, 0x80 }, tree.Bytes("/", "v"));
        Assert.Equal(Cells(0xfffffffe), tree.Bytes("/", "w"));
    }

    [Fact]
    public void Parse_CharLiteralsWithEscapes_CharacterCodes()
    {
        var tree = AssertSameAsDtc(@"/dts-v1/; / { c = /bits/ 8 <'a' '\n' '\x41' '\101' '\'' '""' '\\'>; };");

        Assert.Equal("a\nAA'\"\\"u8.ToArray(), tree.Bytes("/", "c"));
    }

    [Fact]
    public void Parse_StringWithEscapes_DecodedAndNulTerminated()
    {
        var tree = AssertSameAsDtc(@"/dts-v1/; / { s = ""tab\there \""q\"" \x7e\101\0end \q""; };");

        Assert.Equal(Encoding.ASCII.GetBytes("tab\there \"q\" ~A\0end q\0"), tree.Bytes("/", "s"));
    }

    [Fact]
    public void Parse_StringList_EachStringNulTerminated()
    {
        var tree = AssertSameAsDtc("/dts-v1/; / { compatible = \"vendor,board\", \"vendor,soc\", \"\"; };");

        Assert.Equal(["vendor,board", "vendor,soc", ""], tree.Root.GetProperty("compatible").AsStringList());
    }

    [Fact]
    public void Parse_ByteStringsWithAndWithoutSpaces_Bytes()
    {
        var tree = AssertSameAsDtc("/dts-v1/; / { b = [00 11 aA]; c = [0011aabb]; e = []; };");

        Assert.Equal(new byte[] { 0x00, 0x11, 0xaa }, tree.Bytes("/", "b"));
        Assert.Equal(new byte[] { 0x00, 0x11, 0xaa, 0xbb }, tree.Bytes("/", "c"));
        Assert.Empty(tree.Bytes("/", "e"));
    }

    [Fact]
    public void Parse_MixedValuesSeparatedByCommas_Concatenated()
    {
        var tree = AssertSameAsDtc("/dts-v1/; / { m = \"ab\", <1>, [ff], /bits/ 16 <2>, \"c\"; };");

        Assert.Equal("ab\0"u8.ToArray().Concat(Cells(1)).Concat(new byte[] { 0xff, 0, 2 }).Concat("c\0"u8.ToArray()), tree.Bytes("/", "m"));
    }

    [Fact]
    public void Parse_EmptyProperty_NoBytes()
    {
        var tree = AssertSameAsDtc("/dts-v1/; / { flag; };");

        Assert.True(tree.Root.GetProperty("flag").IsEmpty);
    }

    [Fact]
    public void Parse_LabelsInsideCellsBytesAndBetweenValues_ValueUnchangedLabelsKeptForWriter()
    {
        var source = "/dts-v1/; / { p: v = a: <1 b: 2 c:>, d: [01 e: 02], f: \"s\" g:; };";

        var tree = AssertSameAsDtc(source);

        Assert.Equal(Cells(1, 2).Concat(new byte[] { 1, 2 }).Concat("s\0"u8.ToArray()), tree.Bytes("/", "v"));
        Assert.Equal(["p"], tree.Root.GetProperty("v").Labels);
        Assert.Equal(Dtc.SourceToSource(source), DtsWriter.Write(tree));
    }

    [Fact]
    public void Parse_CommentsOfBothKinds_Ignored()
    {
        var tree = AssertSameAsDtc("/dts-v1/; // line\n/ { /* block\n * more */ a = <1 /* in cells */ 2>; // end\n};");

        Assert.Equal(Cells(1, 2), tree.Bytes("/", "a"));
    }

    [Fact]
    public void Parse_EscapedNameWithBackslash_NameWithoutBackslash()
    {
        var tree = AssertSameAsDtc("/dts-v1/; / { \\status = \"okay\"; \\node { }; };");

        Assert.True(tree.Root.HasProperty("status"));
        Assert.NotNull(tree.Root.FindChild("node"));
    }

    [Fact]
    public void Parse_SeveralDtsV1Lines_Accepted()
    {
        var tree = AssertSameAsDtc("/dts-v1/;\n/dts-v1/;\n/dts-v1/;\n/ { a; };");

        Assert.True(tree.Root.HasProperty("a"));
    }

    [Fact]
    public void Parse_MemReserve_EntriesInOrder()
    {
        var tree = AssertSameAsDtc("/dts-v1/; /memreserve/ 0x10000000 0x4000; r: /memreserve/ (1 << 32) 0x1000; / { };");

        Assert.Equal([new DtReserveEntry(0x10000000, 0x4000), new DtReserveEntry(1UL << 32, 0x1000)], tree.MemoryReservations);
    }

    [Fact]
    public void Parse_IncbinWholeAndSlice_FileBytes()
    {
        var files = new DtsInMemoryFileSource().Add("blob.bin", [1, 2, 3, 4, 5]);

        var tree = Parse("/dts-v1/; / { all = /incbin/(\"blob.bin\"); part = /incbin/(\"blob.bin\", 1, 3); };", files);

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, tree.Bytes("/", "all"));
        Assert.Equal(new byte[] { 2, 3, 4 }, tree.Bytes("/", "part"));
    }

    [Fact]
    public void Parse_CppLineMarkers_ErrorsNameTheOriginalFile()
    {
        var source = "# 1 \"board.dts\"\n/dts-v1/;\n# 7 \"soc.dtsi\" 1\n/ {\n  a = <1>;\n  b = <;\n};\n";

        var error = AssertError(source, 9, 8, "expected");

        Assert.Equal("soc.dtsi", error.FileName);
    }
}
