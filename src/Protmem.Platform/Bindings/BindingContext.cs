using Protmem.Hardware;
using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Bindings;

/// <summary>
/// What the bindings share while one tree is bound: the tree, the warnings, which nodes a binding
/// claimed (the rest with a <c>compatible</c> become "no binding" warnings), and readers that turn a
/// malformed value into a <see cref="BindingException"/> naming the node and the property.
/// </summary>
internal sealed class BindingContext
{
    private readonly List<string> _warnings = [];
    private readonly List<string> _modelWarnings = [];
    private readonly List<string> _unbound = [];
    private readonly List<ReservedRegionDescription> _skippedReserved = [];
    private readonly HashSet<DtNode> _claimed = [];

    public BindingContext(DtTree tree)
    {
        Tree = tree;
        RootAddressCells = ReadCellCount(tree.Root, "#address-cells", 2);
        RootSizeCells = ReadCellCount(tree.Root, "#size-cells", 1);
    }

    public DtTree Tree { get; }

    public int RootAddressCells { get; }

    public int RootSizeCells { get; }

    /// <summary>Every warning, in the order given.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>The warnings that change what the model does (an assumption, a part left out, a likely typo).</summary>
    public IReadOnlyList<string> ModelWarnings => _modelWarnings;

    /// <summary>The "no binding" notes: nodes Protmem does not model (most of a real tree).</summary>
    public IReadOnlyList<string> UnboundWarnings => _unbound;

    /// <summary>Reserved-memory nodes with a fixed reg outside system RAM: described, not reserved.</summary>
    public IReadOnlyList<ReservedRegionDescription> SkippedReserved => _skippedReserved;

    public void SkipReserved(ReservedRegionDescription region) => _skippedReserved.Add(region);

    /// <summary>A warning that changes the model: <c>run</c> shows it first.</summary>
    public void Warn(string warning)
    {
        _warnings.Add(warning);
        _modelWarnings.Add(warning);
    }

    /// <summary>A node or region Protmem has no binding or driver for: counted, listed on request.</summary>
    public void WarnUnbound(string warning)
    {
        _warnings.Add(warning);
        _unbound.Add(warning);
    }

    /// <summary>Marks <paramref name="node"/> as bound (no "no binding" warning for it).</summary>
    public void Claim(DtNode node) => _claimed.Add(node);

    public bool IsClaimed(DtNode node) => _claimed.Contains(node);

    /// <summary>True when the node and every ancestor are enabled (<c>status</c> absent, "okay" or "ok").</summary>
    public static bool IsEnabled(DtNode node)
    {
        for (var n = node; n is not null; n = n.Parent)
        {
            if (!IsStatusOkay(n))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when the secure world sees the node: enabled, or <c>status = "disabled"</c> with
    /// <c>secure-status = "okay"</c> (the secure-status binding, as QEMU marks its secure RAM and TZC).
    /// </summary>
    public static bool IsSecureOnly(DtNode node) =>
        !IsStatusOkay(node) && node.FindProperty("secure-status") is { } s && s.TryAsString(out var text) && text is "okay" or "ok"
        && (node.Parent is null || IsEnabled(node.Parent));

    /// <summary>The node's <c>compatible</c> strings; empty when absent or not a string list.</summary>
    public static IReadOnlyList<string> CompatibleOf(DtNode node) =>
        node.FindProperty("compatible") is { } p && (p.IsEmpty || p.Value[^1] == 0) ? p.AsStringList() : [];

    public static bool IsCompatible(DtNode node, string compatible) => CompatibleOf(node).Contains(compatible, StringComparer.Ordinal);

    /// <summary>Every enabled node, the root first, in tree order.</summary>
    public IEnumerable<DtNode> EnabledNodes() => Walk(Tree.Root);

    public static BindingException Error(DtNode node, string? property, string reason, Exception? inner = null) =>
        new(node.Path, property, reason, inner);

    public static uint ReadUInt32(DtNode node, string property)
    {
        var p = node.GetProperty(property);
        return Guard(node, property, p.AsUInt32);
    }

    public static string ReadString(DtNode node, string property)
    {
        var p = node.GetProperty(property);
        return Guard(node, property, p.AsString);
    }

    /// <summary>The value as 32-bit cells.</summary>
    public static IReadOnlyList<uint> ReadCells(DtNode node, string property)
    {
        var p = node.GetProperty(property);
        return Guard(node, property, p.AsCells);
    }

    /// <summary>A number of one or two cells (whatever the value holds).</summary>
    public static ulong ReadNumber(DtNode node, string property)
    {
        var p = node.GetProperty(property);
        return p.Length switch
        {
            4 => p.AsUInt32(),
            8 => p.AsUInt64(),
            _ => throw Error(node, property, $"its {p.Length} bytes are not a number of one or two cells"),
        };
    }

    /// <summary>(address, size) entries of <paramref name="addressCells"/> and <paramref name="sizeCells"/> cells.</summary>
    public static IReadOnlyList<DtRegEntry> ReadRegs(DtNode node, string property, int addressCells, int sizeCells)
    {
        var p = node.GetProperty(property);
        var entries = Guard(node, property, () => p.DecodeReg(addressCells, sizeCells));
        return entries;
    }

    /// <summary>Exactly one (address, size) entry in the root's cells, as a physical range.</summary>
    public PhysRange ReadRootRange(DtNode node, string property)
    {
        var entries = ReadRegs(node, property, RootAddressCells, RootSizeCells);
        if (entries.Count != 1)
        {
            throw Error(node, property, $"expected one (address, size) entry of {RootAddressCells}+{RootSizeCells} cells, found {entries.Count}");
        }

        return ToRange(node, property, entries[0]);
    }

    /// <summary>A page-aligned, non-empty physical range from an entry; a BindingException otherwise.</summary>
    public static PhysRange ToRange(DtNode node, string property, DtRegEntry entry)
    {
        if (entry.Size == 0 || entry.Address % HwConstants.PageSize != 0 || entry.Size % HwConstants.PageSize != 0)
        {
            throw Error(node, property, $"{entry} is not a non-empty, page-aligned (4 KiB) range");
        }

        if (entry.Address > ulong.MaxValue - entry.Size)
        {
            throw Error(node, property, $"{entry} runs past the end of the address space");
        }

        return new PhysRange(new PhysAddr(entry.Address), entry.Size);
    }

    /// <summary>A list of phandles (no argument cells), each naming an existing node.</summary>
    public IReadOnlyList<DtNode> ReadPhandles(DtNode node, string property)
    {
        var p = node.GetProperty(property);
        var cells = Guard(node, property, p.AsCells);
        return cells.Select(c => ResolvePhandle(node, property, c)).ToArray();
    }

    public DtNode ResolvePhandle(DtNode node, string property, uint phandle) =>
        Tree.FindByPhandle(phandle) ?? throw Error(node, property, $"phandle 0x{phandle:x} names no node");

    private static int ReadCellCount(DtNode node, string property, int fallback)
    {
        if (node.FindProperty(property) is not { } p)
        {
            return fallback;
        }

        if (!p.TryAsUInt32(out var cells) || cells is 0 or > 2)
        {
            throw Error(node, property, "must be one cell holding 1 or 2");
        }

        return (int)cells;
    }

    private static T Guard<T>(DtNode node, string property, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DtValueException e)
        {
            throw Error(node, property, e.Message, e);
        }
    }

    private static bool IsStatusOkay(DtNode node) =>
        node.FindProperty("status") is not { } status || (status.TryAsString(out var text) && text is "okay" or "ok");

    private static IEnumerable<DtNode> Walk(DtNode root)
    {
        var pending = new Stack<DtNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!IsStatusOkay(node))
            {
                continue;
            }

            yield return node;
            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                pending.Push(node.Children[i]);
            }
        }
    }
}
