using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>Small helpers for inline DTS sources.</summary>
internal static class DtsTestSupport
{
    /// <summary>Reads an inline source (no files available to includes unless given).</summary>
    public static DtTree Parse(string source, DtsInMemoryFileSource? files = null) =>
        DtsReader.Parse(source, "test.dts", new DtsReaderOptions { Files = files ?? new DtsInMemoryFileSource() });

    /// <summary>The bytes of property <paramref name="name"/> of the node at <paramref name="path"/>.</summary>
    public static byte[] Bytes(this DtTree tree, string path, string name) => tree.GetNode(path).GetProperty(name).Value.ToArray();

    /// <summary>Parses the source with this reader and with dtc, and asserts the trees are equal, in order.</summary>
    public static DtTree AssertSameAsDtc(string source)
    {
        var ours = Parse(source);
        var dtcs = DtbReader.Read(Dtc.CompileText(source));
        var difference = DtComparer.FindFirstDifference(dtcs, ours, DtCompareOptions.IgnoreLabels);
        Assert.True(difference is null, $"differs from dtc: {difference}");
        return ours;
    }

    /// <summary>Reading the source fails with a located error whose reason contains <paramref name="reasonPart"/>.</summary>
    public static DtsParseException AssertError(string source, int line, int column, string reasonPart, DtsInMemoryFileSource? files = null)
    {
        var error = Assert.Throws<DtsParseException>(() => Parse(source, files));
        Assert.Contains(reasonPart, error.Reason, StringComparison.Ordinal);
        Assert.True((line, column) == (error.Line, error.Column), $"error at {error.Line}:{error.Column}, expected {line}:{column}: {error.Message}");
        return error;
    }

    public static byte[] Cells(params uint[] cells) => DtProperty.FromCells("x", cells).Value.ToArray();
}
