using System.Buffers.Binary;
using System.Text;

namespace Protmem.Platform.DeviceTree;

/// <summary>
/// Writes a <see cref="DtTree"/> as a version 17 flattened device tree (last compatible
/// version 16), laid out as dtc 1.6 lays it out: header, reservation block right after it,
/// structure block (nodes in tree order, each node's properties before its children), then
/// the strings block with shared names. No padding is added at the end.
/// </summary>
public static class DtbWriter
{
    /// <summary>The blob for <paramref name="tree"/>.</summary>
    public static byte[] Write(DtTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var strings = new DtbStringTable();
        var structure = new List<byte>(64 * 1024);
        WriteNode(tree.Root, structure, strings);
        AppendUInt32(structure, DtbFormat.End);

        var reserveOffset = DtbFormat.Align(DtbFormat.HeaderSize, 8);
        var reserveSize = (tree.MemoryReservations.Count + 1) * DtbFormat.ReserveEntrySize;
        var structOffset = reserveOffset + reserveSize;
        var stringsOffset = structOffset + structure.Count;
        var total = stringsOffset + strings.Length;

        var blob = new byte[total];
        var header = blob.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(header[0..], DtbFormat.Magic);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], (uint)structOffset);
        BinaryPrimitives.WriteUInt32BigEndian(header[12..], (uint)stringsOffset);
        BinaryPrimitives.WriteUInt32BigEndian(header[16..], (uint)reserveOffset);
        BinaryPrimitives.WriteUInt32BigEndian(header[20..], DtbFormat.Version);
        BinaryPrimitives.WriteUInt32BigEndian(header[24..], DtbFormat.LastCompatibleVersion);
        BinaryPrimitives.WriteUInt32BigEndian(header[28..], tree.BootCpuId);
        BinaryPrimitives.WriteUInt32BigEndian(header[32..], (uint)strings.Length);
        BinaryPrimitives.WriteUInt32BigEndian(header[36..], (uint)structure.Count);

        var at = reserveOffset;
        foreach (var entry in tree.MemoryReservations)
        {
            BinaryPrimitives.WriteUInt64BigEndian(blob.AsSpan(at), entry.Address);
            BinaryPrimitives.WriteUInt64BigEndian(blob.AsSpan(at + 8), entry.Size);
            at += DtbFormat.ReserveEntrySize;
        }

        structure.CopyTo(blob, structOffset);
        for (var i = 0; i < strings.Length; i++)
        {
            blob[stringsOffset + i] = strings.Bytes[i];
        }

        return blob;
    }

    private static void WriteNode(DtNode node, List<byte> structure, DtbStringTable strings)
    {
        AppendUInt32(structure, DtbFormat.BeginNode);
        structure.AddRange(Encoding.ASCII.GetBytes(node.Name));
        structure.Add(0);
        Pad(structure);
        foreach (var property in node.Properties)
        {
            AppendUInt32(structure, DtbFormat.Prop);
            AppendUInt32(structure, (uint)property.Length);
            AppendUInt32(structure, (uint)strings.Add(property.Name));
            structure.AddRange(property.Value);
            Pad(structure);
        }

        foreach (var child in node.Children)
        {
            WriteNode(child, structure, strings);
        }

        AppendUInt32(structure, DtbFormat.EndNode);
    }

    private static void Pad(List<byte> structure)
    {
        while (structure.Count % 4 != 0)
        {
            structure.Add(0);
        }
    }

    private static void AppendUInt32(List<byte> structure, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        structure.AddRange(bytes);
    }
}
