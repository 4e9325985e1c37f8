using Protmem.Hardware;
using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Boards;

/// <summary>
/// A boot loader's memory fixup (U-Boot's fdt_fixup_memory, QEMU's -m): the normal-world RAM the
/// caller gives replaces the tree's enabled /memory nodes, one <c>memory@BASE</c> node per range, in
/// the root's cells. Secure-only memory nodes stay. Real trees such as rk3588-rock-5b ship without
/// /memory because the boot loader fills it in.
/// </summary>
internal static class MemoryFixup
{
    public static DtTree Apply(DtTree tree, IReadOnlyList<PhysRange> memory)
    {
        if (memory.Count == 0)
        {
            return tree;
        }

        var root = tree.Root;
        var addressCells = root.AddressCells;
        var sizeCells = root.SizeCells;
        var children = root.Children.Where(c => !IsNormalWorldMemory(c)).Select(Clone).ToList();
        foreach (var range in PhysRanges.Normalise(memory))
        {
            var name = $"memory@{range.Start.Value:x}";
            children.RemoveAll(c => c.Name == name);
            children.Add(new DtNode(name,
            [
                DtProperty.FromStrings("device_type", "memory"),
                DtProperty.FromCells("reg", [.. Cells(range.Start.Value, addressCells, "address", range), .. Cells(range.Length, sizeCells, "size", range)]),
            ]));
        }

        return new DtTree(new DtNode(root.Name, root.Properties, children, root.Labels), tree.MemoryReservations, tree.BootCpuId);
    }

    private static bool IsNormalWorldMemory(DtNode node) =>
        node.FindProperty("device_type") is { } type && type.TryAsString(out var text) && text == "memory"
        && node.FindProperty("status")?.AsString() is null or "okay" or "ok";

    private static DtNode Clone(DtNode node) => new(node.Name, node.Properties, node.Children.Select(Clone), node.Labels);

    private static uint[] Cells(ulong value, int cells, string what, PhysRange range)
    {
        if (cells is < 1 or > 2 || (cells == 1 && value > uint.MaxValue))
        {
            throw new PlatformException($"--memory {range}: the {what} does not fit in the root's #{what}-cells = <{cells}>");
        }

        return cells == 1 ? [(uint)value] : [(uint)(value >> 32), (uint)value];
    }
}
