using System.Buffers.Binary;
using Protmem.Platform.DeviceTree;
using static Protmem.Platform.Tests.DeviceTree.DtsTestSupport;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>The flattened format: layout of what the writer produces, what the reader accepts, and the offset it names when it refuses.</summary>
public sealed class DtbTests
{
    private const string Sample = """
        /dts-v1/;
        /memreserve/ 0x40000000 0x100000;
        / {
            #address-cells = <1>;
            #size-cells = <1>;
            compatible = "test,board";
            memory@80000000 { device_type = "memory"; reg = <0x80000000 0x40000000>; };
            cpus { #address-cells = <1>; #size-cells = <0>; cpu@3 { reg = <3>; }; };
            odd { b = [01 02 03]; e; };
        };
        """;

    [Fact]
    public void Write_Sample_HeaderLaidOutAsDtc()
    {
        var blob = DtbWriter.Write(Parse(Sample));

        uint At(int offset) => BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(offset));
        Assert.Equal(0xd00dfeedu, At(0));
        Assert.Equal((uint)blob.Length, At(4));
        Assert.Equal(40u, At(16));
        Assert.Equal(40u + 32, At(8));
        Assert.Equal(17u, At(20));
        Assert.Equal(16u, At(24));
        Assert.Equal(3u, At(28));
        Assert.Equal(At(8) + At(36), At(12));
        Assert.Equal(At(12) + At(32), (uint)blob.Length);
        Assert.Equal(Dtc.CompileText(Sample), blob);
    }

    [Fact]
    public void Write_NamesSharingSuffix_StoredOnceInStringsBlock()
    {
        var tree = new DtTree(new DtNode("", [DtProperty.FromCells("#size-cells", 1), DtProperty.FromCells("size-cells", 2), DtProperty.Empty("cells")]));

        var blob = DtbWriter.Write(tree);

        var strings = blob.AsSpan((int)BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(12)));
        Assert.Equal("#size-cells\0"u8.ToArray(), strings.ToArray());
        Assert.Equal(Cells(2), DtbReader.Read(blob).Root.GetProperty("size-cells").Value.ToArray());
    }

    [Fact]
    public void Read_WrittenSample_SameTreeWithoutLabels()
    {
        var tree = Parse(Sample);

        var read = DtbReader.Read(DtbWriter.Write(tree));

        Assert.Null(DtComparer.FindFirstDifference(tree, read));
        Assert.Equal(new DtReserveEntry(0x40000000, 0x100000), Assert.Single(read.MemoryReservations));
        Assert.Equal(3u, read.BootCpuId);
    }

    [Fact]
    public void Read_NopTokensAnywhereInStructure_Skipped()
    {
        var blob = DtbWriter.Write(Parse(Sample));
        var withNops = InsertNops(blob);

        Assert.Null(DtComparer.FindFirstDifference(DtbReader.Read(blob), DtbReader.Read(withNops), DtCompareOptions.IgnoreMemoryReservations | DtCompareOptions.IgnoreBootCpuId));
        Assert.True(withNops.Length > blob.Length);
    }

    [Fact]
    public void Read_Version16HeaderWithoutStructSize_Read()
    {
        var blob = DtbWriter.Write(Parse(Sample));
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(20), 16);
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(36), 0xdeadbeef);

        Assert.Null(DtComparer.FindFirstDifference(DtbReader.Read(DtbWriter.Write(Parse(Sample))), DtbReader.Read(blob)));
    }

    [Fact]
    public void Read_TrailingBytesAfterTotalSize_Ignored()
    {
        var blob = DtbWriter.Write(Parse(Sample));

        var read = DtbReader.Read([.. blob, 1, 2, 3, 4]);

        Assert.Equal("test,board", read.Root.GetProperty("compatible").AsString());
    }

    [Theory]
    [InlineData(0, 0x12345678u, 0, "bad magic 0x12345678")]
    [InlineData(4, 0x100000u, 4, "totalsize 1048576 is outside")]
    [InlineData(20, 15u, 20, "version 15 is not supported")]
    [InlineData(24, 18u, 24, "needs a reader of version 18")]
    [InlineData(8, 0x7ffffff0u, 8, "the structure block offset 0x7ffffff0 is outside the blob")]
    [InlineData(36, 0x10000u, 36, "the structure block (0x48 + 65536 bytes) runs past the end of the blob")]
    [InlineData(12, 4u, 12, "the strings block offset 0x4 is outside the blob")]
    [InlineData(16, 0xfff0u, 16, "the memory reservation block offset 0xfff0 is outside the blob")]
    public void Read_BadHeaderField_ErrorAtThatField(int field, uint value, long offset, string reason)
    {
        var blob = DtbWriter.Write(Parse(Sample));
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(field), value);

        var error = Assert.Throws<DtbFormatException>(() => DtbReader.Read(blob));

        Assert.Equal(offset, error.Offset);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooShortForHeader_ErrorAtZero()
    {
        var error = Assert.Throws<DtbFormatException>(() => DtbReader.Read(new byte[10]));

        Assert.Equal("DTB offset 0x0: 10 bytes are too few for a device-tree header", error.Message);
    }

    [Fact]
    public void Read_UnknownToken_ErrorAtToken()
    {
        var (blob, structOffset) = Structure(Sample);
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(structOffset + 8), 7);

        var error = Assert.Throws<DtbFormatException>(() => DtbReader.Read(blob));

        Assert.Equal(structOffset + 8, error.Offset);
        Assert.Contains("unknown structure token 0x00000007", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PropertyLengthPastBlock_ErrorAtPropertyToken()
    {
        var (blob, structOffset) = Structure(Sample);
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(structOffset + 12), 0x7fffffff);

        var error = Assert.Throws<DtbFormatException>(() => DtbReader.Read(blob));

        Assert.Equal(structOffset + 8, error.Offset);
        Assert.Contains("property '#address-cells' of 2147483647 bytes runs past the end of the structure block", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PropertyNameOffsetOutsideStrings_Error()
    {
        var (blob, structOffset) = Structure(Sample);
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(structOffset + 16), 0x100000);

        var error = Assert.Throws<DtbFormatException>(() => DtbReader.Read(blob));

        Assert.Contains("property name offset 1048576 is outside the strings block", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicatePhandle_ErrorAtSecondNodesBeginToken()
    {
        var root = new DtNode("", children: [new DtNode("a", [DtProperty.FromCells("phandle", 1)]), new DtNode("b", [DtProperty.FromCells("phandle", 1)])]);

        var error = Assert.Throws<DtbFormatException>(() => DtbReader.Read(HandBuilt(root)));

        // root BEGIN_NODE at 0x38, "a" at 0x40 (BEGIN, name, PROP with 4 bytes, END_NODE): "b" begins at 0x5c.
        Assert.Equal(0x5c, error.Offset);
        Assert.Contains("phandle 0x1 is on both /a and /b", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EndNodeWithoutNode_Error()
    {
        var blob = Blob(structure: [2, 9]);

        var error = Assert.Throws<DtbFormatException>(() => DtbReader.Read(blob));

        Assert.Equal(0x38, error.Offset);
        Assert.Contains("FDT_END_NODE with no node open", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StructureEndsInsideNode_Error()
    {
        var error = Assert.Throws<DtbFormatException>(() => DtbReader.Read(Blob(structure: [1, 0])));

        Assert.Contains("the structure block ends inside a node", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EndBeforeRootClosed_Error()
    {
        var error = Assert.Throws<DtbFormatException>(() => DtbReader.Read(Blob(structure: [1, 0, 9])));

        Assert.Contains("FDT_END while 1 node(s) are still open", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NestedDeeperThanLimit_ErrorNotCrash()
    {
        var tokens = new List<uint> { 1, 0 };
        for (var i = 0; i < 1000; i++)
        {
            tokens.AddRange([1, 0x61000000]);
        }

        var error = Assert.Throws<DtbFormatException>(() => DtbReader.Read(Blob([.. tokens, 9])));

        Assert.Contains("nested more than 200 deep", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PropertyAfterChild_Error()
    {
        // root { child { } ; prop }: a property after a child is out of order.
        var error = Assert.Throws<DtbFormatException>(() => DtbReader.Read(Blob([1, 0, 1, 0x61000000, 2, 3, 0, 0, 2, 9], strings: "p\0"u8.ToArray())));

        Assert.Contains("property 'p' of node '' comes after a child node", error.Reason, StringComparison.Ordinal);
    }

    /// <summary>A blob with the given structure tokens (big-endian words), an empty reservation block and the given strings.</summary>
    private static byte[] Blob(uint[] structure, byte[]? strings = null)
    {
        strings ??= [];
        var structBytes = structure.SelectMany(t => new[] { (byte)(t >> 24), (byte)(t >> 16), (byte)(t >> 8), (byte)t }).ToArray();
        var blob = new byte[0x38 + structBytes.Length + strings.Length];
        void Put(int at, uint v) => BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(at), v);
        Put(0, 0xd00dfeed);
        Put(4, (uint)blob.Length);
        Put(8, 0x38);
        Put(12, (uint)(0x38 + structBytes.Length));
        Put(16, 0x28);
        Put(20, 17);
        Put(24, 16);
        Put(32, (uint)strings.Length);
        Put(36, (uint)structBytes.Length);
        structBytes.CopyTo(blob, 0x38);
        strings.CopyTo(blob, 0x38 + structBytes.Length);
        return blob;
    }

    /// <summary>A blob for a tree the model would refuse to build (written by hand, as firmware might).</summary>
    private static byte[] HandBuilt(DtNode root)
    {
        var words = new List<uint> { 1, 0 };
        foreach (var child in root.Children)
        {
            words.AddRange([1, (uint)child.Name[0] << 24, 3, 4, 0, child.Properties[0].AsUInt32(), 2]);
        }

        words.AddRange([2, 9]);
        return Blob([.. words], "phandle\0"u8.ToArray());
    }

    private static (byte[] Blob, int StructOffset) Structure(string source)
    {
        var blob = DtbWriter.Write(Parse(source));
        return (blob, (int)BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(8)));
    }

    /// <summary>The blob's structure block with an FDT_NOP before every token (reservations left out).</summary>
    private static byte[] InsertNops(byte[] blob)
    {
        uint U(int at) => BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(at));
        var structOffset = (int)U(8);
        var words = Enumerable.Range(0, (int)U(36) / 4).Select(i => U(structOffset + (i * 4))).ToList();
        var withNops = new List<uint>();
        for (var i = 0; i < words.Count;)
        {
            var length = words[i] switch
            {
                1 => 1 + NameWords(blob, structOffset + ((i + 1) * 4)),
                3 => 3 + (int)((words[i + 1] + 3) / 4),
                _ => 1,
            };
            withNops.Add(4);
            withNops.AddRange(words.GetRange(i, length));
            i += length;
        }

        return Blob([.. withNops], blob.AsSpan((int)U(12), (int)U(32)).ToArray());
    }

    private static int NameWords(byte[] blob, int at)
    {
        var nul = Array.IndexOf(blob, (byte)0, at);
        return ((nul - at) / 4) + 1;
    }
}
