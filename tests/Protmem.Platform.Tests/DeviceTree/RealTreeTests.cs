using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>The acceptance tests: four real Linux trees read as dtc reads them, checked against dtc's own outputs.</summary>
public sealed class RealTreeTests(RealTreesFixture trees) : IClassFixture<RealTreesFixture>
{
    public static TheoryData<string> Boards => new(DtTestData.Boards);

    [Theory]
    [MemberData(nameof(Boards))]
    public void ReadFile_PreprocessedSource_EqualsDtcCanonicalOutput(string board)
    {
        var difference = DtComparer.FindFirstDifference(trees.Canonical(board), trees.Source(board), DtCompareOptions.IgnoreOrder | DtCompareOptions.IgnoreBootCpuId);

        Assert.True(difference is null, $"{board}: {difference}");
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Read_DtcBlob_EqualsTreeFromSourceInOrder(string board)
    {
        var fromDtc = DtbReader.Read(trees.DtcBlob(board));

        var difference = DtComparer.FindFirstDifference(trees.Source(board), fromDtc, DtCompareOptions.IgnoreLabels);
        Assert.True(difference is null, $"{board}: {difference}");
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Write_TreeFromSource_IsByteForByteDtcBlob(string board)
    {
        var ours = DtbWriter.Write(trees.Source(board));

        var dtc = trees.DtcBlob(board);
        var firstDifference = Enumerable.Range(0, Math.Min(ours.Length, dtc.Length)).FirstOrDefault(i => ours[i] != dtc[i], -1);
        Assert.True(firstDifference < 0 && ours.Length == dtc.Length, $"{board}: our DTB ({ours.Length} bytes) differs from dtc's ({dtc.Length} bytes) first at offset 0x{firstDifference:x}");
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Write_DecompiledByDtc_ReadsBackAsDtcReadsIt(string board)
    {
        var decompiled = Dtc.Decompile(DtbWriter.Write(trees.Source(board)), sort: false);

        var ours = DtsReader.Parse(decompiled, $"{board}.decompiled.dts");
        var dtcs = DtbReader.Read(Dtc.CompileText(decompiled));
        var difference = DtComparer.FindFirstDifference(dtcs, ours, DtCompareOptions.IgnoreLabels);
        Assert.True(difference is null, $"{board}: {difference}");
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Write_DecompiledByDtc_ReadsBackToSourceTree(string board)
    {
        var source = trees.Source(board);

        var decompiled = DtsReader.Parse(Dtc.Decompile(DtbWriter.Write(source), sort: false), $"{board}.decompiled.dts");

        // dtc prints "a\0" "26m" as "a\026m", which reads back as octal 026: only such values may differ.
        var structure = DtComparer.FindFirstDifference(WithoutValues(source), WithoutValues(decompiled), DtCompareOptions.IgnoreLabels);
        Assert.True(structure is null, $"{board}: {structure}");
        foreach (var node in source.Nodes)
        {
            var other = decompiled.GetNode(node.Path);
            foreach (var property in node.Properties)
            {
                var value = property.Value.ToArray();
                var ambiguous = Enumerable.Range(0, Math.Max(0, value.Length - 1)).Any(i => value[i] == 0 && value[i + 1] is >= (byte)'0' and <= (byte)'7');
                Assert.True(ambiguous || value.AsSpan().SequenceEqual(other.GetProperty(property.Name).Value), $"{board}: {node.Path} property '{property.Name}' did not survive dtc's decompilation");
            }
        }
    }

    private static DtTree WithoutValues(DtTree tree)
    {
        static DtNode Strip(DtNode node) =>
            new(node.Name, node.Properties.Select(p => p.Name is "phandle" or "linux,phandle" ? p : DtProperty.Empty(p.Name)), node.Children.Select(Strip));
        return new DtTree(Strip(tree.Root), tree.MemoryReservations, tree.BootCpuId);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Read_OurBlob_EqualsDtcBlobTree(string board)
    {
        var ours = DtbReader.Read(DtbWriter.Write(trees.Source(board)));

        var difference = DtComparer.FindFirstDifference(DtbReader.Read(trees.DtcBlob(board)), ours);
        Assert.True(difference is null, $"{board}: {difference}");
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Write_SortedTreeFromSource_IsDtcCanonicalTextByteForByte(string board)
    {
        var canonical = File.ReadAllText(DtTestData.Canonical(board));
        var body = canonical[canonical.IndexOf("/dts-v1/;", StringComparison.Ordinal)..];

        var ours = DtsWriter.Write(trees.Source(board), new DtsWriterOptions { Sort = true, DtcEscapes = true });

        AssertSameText(body, ours, board);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Write_SortedTreeFromDtcBlob_IsDtcDecompiledTextByteForByte(string board)
    {
        var expected = Dtc.Decompile(trees.DtcBlob(board), sort: true);

        var ours = DtsWriter.Write(DtbReader.Read(trees.DtcBlob(board)), new DtsWriterOptions { Sort = true, DtcEscapes = true });

        AssertSameText(expected, ours, board);
    }

    private static void AssertSameText(string expected, string actual, string board)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Min(expectedLines.Length, actualLines.Length); i++)
        {
            Assert.True(expectedLines[i] == actualLines[i], $"{board}: line {i + 1} differs:\n expected: {expectedLines[i]}\n found:    {actualLines[i]}");
        }

        Assert.True(expectedLines.Length == actualLines.Length, $"{board}: {actualLines.Length} lines, expected {expectedLines.Length}");
    }
}
