using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Boards;

/// <summary>
/// A boot loader appending to the kernel command line (U-Boot's bootargs, QEMU's -append): the words given
/// go after <c>/chosen/bootargs</c> (a /chosen node is made when the tree has none); a later word for the same
/// option wins, as Linux's command line does.
/// </summary>
internal static class BootargsFixup
{
    public static DtTree Apply(DtTree tree, string append)
    {
        if (string.IsNullOrWhiteSpace(append))
        {
            return tree;
        }

        var root = tree.Root;
        var chosen = root.Children.FirstOrDefault(c => c.Name == "chosen");
        var current = chosen?.FindProperty("bootargs") is { } p && p.TryAsString(out var text) ? text : "";
        var bootargs = DtProperty.FromStrings("bootargs", string.Join(' ', new[] { current, append.Trim() }.Where(w => w.Length > 0)));
        var properties = (chosen?.Properties.Where(q => q.Name != "bootargs") ?? []).Append(bootargs);
        var newChosen = new DtNode("chosen", properties, chosen?.Children.Select(Clone) ?? [], chosen?.Labels);
        var children = root.Children.Where(c => c.Name != "chosen").Select(Clone).Prepend(newChosen);
        return new DtTree(new DtNode(root.Name, root.Properties, children, root.Labels), tree.MemoryReservations, tree.BootCpuId);
    }

    private static DtNode Clone(DtNode node) => new(node.Name, node.Properties, node.Children.Select(Clone), node.Labels);
}
