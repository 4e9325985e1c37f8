using System.Text;

namespace Protmem.Platform.DeviceTree;

/// <summary>
/// Reads dtc's source format (DTS) into a <see cref="DtTree"/>, with dtc 1.6's semantics:
/// 1. lex and parse, following <c>/include/</c>s (<see cref="DtsLexer"/>, <see cref="DtsParser"/>);
/// 2. build the tree as definitions arrive: later definitions of a node merge into it, a
///    property defined again takes the new value, <c>/delete-node/</c> and
///    <c>/delete-property/</c> remove;
/// 3. run dtc's error checks and fixups (<see cref="DtsTreeChecks"/>): references become
///    phandles (assigned from 1 in tree order, skipping explicit ones) or paths, and
///    unreferenced <c>/omit-if-no-ref/</c> nodes go;
/// 4. hand back the public tree (nodes, properties, labels, value layout hints).
/// Any problem with the source is a <see cref="DtsParseException"/> naming file:line:column.
/// </summary>
public static class DtsReader
{
    /// <summary>Reads the DTS file at <paramref name="path"/> (from <see cref="DtsReaderOptions.Files"/>, else the disk).</summary>
    public static DtTree ReadFile(string path, DtsReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new DtsReaderOptions();
        var files = options.Files ?? DtsDiskFileSource.Instance;
        if (!files.TryReadFile(path, out var bytes))
        {
            throw new DtsParseException(path, 1, 1, $"cannot open \"{path}\"");
        }

        return Read(new DtsSourceFile(path, bytes, DtsFileResolver.DirectoryOf(path)), options);
    }

    /// <summary>Reads DTS text; <paramref name="fileName"/> names it in messages and places its relative includes.</summary>
    public static DtTree Parse(string source, string fileName = "<input>", DtsReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Parse(Encoding.UTF8.GetBytes(source), fileName, options);
    }

    /// <summary>Reads DTS bytes; <paramref name="fileName"/> names it in messages and places its relative includes.</summary>
    public static DtTree Parse(ReadOnlySpan<byte> source, string fileName = "<input>", DtsReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return Read(new DtsSourceFile(fileName, source.ToArray(), DtsFileResolver.DirectoryOf(fileName)), options ?? new DtsReaderOptions());
    }

    private static DtTree Read(DtsSourceFile file, DtsReaderOptions options)
    {
        var resolver = new DtsFileResolver(options.Files ?? DtsDiskFileSource.Instance, options.IncludePaths);
        var live = new DtsParser(file, resolver).ParseSourceFile();
        DtsTreeChecks.Run(live.Root);
        return new DtTree(ToPublic(live.Root), live.Reservations, live.BootCpuId);
    }

    private static DtNode ToPublic(LiveNode node)
    {
        var properties = node.LiveProperties.Select(p => new DtProperty(p.Name, p.Value.ToArray(), p.LiveLabels.ToArray(), Hints(p.Value)));
        var children = node.LiveChildren.Select(ToPublic);
        return new DtNode(node.Name, properties, children, node.LiveLabels);
    }

    private static DtsValueHint[] Hints(LiveValue value) =>
        value.Markers.Select(m => new DtsValueHint(m.Offset, m.Kind, m.Kind == LiveMarkerKind.Label ? m.Reference : null)).ToArray();
}
