namespace Protmem.Platform.DeviceTree;

/// <summary>
/// A whole device tree as the flattened format carries it: the root node, the memory
/// reservation block and the boot CPU id. Lifecycle of a tree in Protmem:
/// 1. read: <see cref="DtsReader"/> (dtc source, references resolved and phandles assigned
///    as dtc assigns them) or <see cref="DtbReader"/> (a blob);
/// 2. checked here on construction: one node per label, one per phandle, valid phandles,
///    nesting at most <see cref="MaxDepth"/> deep;
/// 3. queried by path, alias, label, phandle or compatible string (this class);
/// 4. written: <see cref="DtbWriter"/> (a blob, as dtc lays it out) or
///    <see cref="DtsWriter"/> (dtc's source style);
/// 5. compared: <see cref="DtComparer"/> names the first difference by path.
/// </summary>
public sealed class DtTree
{
    /// <summary>The deepest nesting accepted (the root is depth 0). Real trees stay under 10.</summary>
    public const int MaxDepth = 200;

    private readonly Dictionary<string, DtNode> _byLabel = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, DtNode> _byPhandle = [];

    /// <summary>A tree over <paramref name="root"/>; throws <see cref="ArgumentException"/> when a rule of step 2 is broken.</summary>
    public DtTree(DtNode root, IEnumerable<DtReserveEntry>? memoryReservations = null, uint bootCpuId = 0)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.Parent is not null || root.Name.Length != 0)
        {
            throw new ArgumentException("the root node must have an empty name and no parent", nameof(root));
        }

        Root = root;
        MemoryReservations = memoryReservations?.ToArray() ?? [];
        BootCpuId = bootCpuId;
        if (FindRuleBroken(root) is { } broken)
        {
            throw new ArgumentException(broken.Reason, nameof(root));
        }

        foreach (var node in root.SelfAndDescendants())
        {
            foreach (var label in node.Labels)
            {
                _byLabel.TryAdd(label, node);
            }

            if (node.Phandle is { } phandle)
            {
                _byPhandle.Add(phandle, node);
            }
        }
    }

    public DtNode Root { get; }

    /// <summary>The memory reservation block, in order.</summary>
    public IReadOnlyList<DtReserveEntry> MemoryReservations { get; }

    /// <summary>The header's boot_cpuid_phys (dtc guesses it from the first child of /cpus).</summary>
    public uint BootCpuId { get; }

    /// <summary>Every node, the root first, each node before its children.</summary>
    public IEnumerable<DtNode> Nodes => Root.SelfAndDescendants();

    /// <summary>The <c>/aliases</c> entries whose value is a string (alias name to path), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Aliases =>
        Root.FindChild("aliases")?.Properties
            .Where(p => p.TryAsString(out _))
            .Select(p => KeyValuePair.Create(p.Name, p.AsString()))
            .ToArray() ?? [];

    /// <summary>
    /// The node at <paramref name="path"/>: absolute (<c>/soc/serial@fe650000</c>) or starting
    /// with an alias (<c>serial0</c>, <c>mmc0/card@0</c>). A component without a unit address
    /// also matches the first child with that name before '@' (<c>/memory</c>). Null when absent.
    /// </summary>
    public DtNode? FindNode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        DtNode? node;
        string rest;
        if (path.StartsWith('/'))
        {
            (node, rest) = (Root, path);
        }
        else
        {
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            var alias = slash < 0 ? path : path[..slash];
            node = ResolveAlias(alias);
            rest = slash < 0 ? "" : path[slash..];
        }

        foreach (var part in rest.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node?.FindChild(part);
        }

        return node;
    }

    /// <summary>Like <see cref="FindNode"/>, but throws <see cref="KeyNotFoundException"/> naming the path.</summary>
    public DtNode GetNode(string path) =>
        FindNode(path) ?? throw new KeyNotFoundException($"the device tree has no node {path}");

    /// <summary>The node an alias names (through <c>/aliases</c>), or null.</summary>
    public DtNode? ResolveAlias(string alias)
    {
        var target = Root.FindChild("aliases")?.FindProperty(alias);
        return target is not null && target.TryAsString(out var path) && path.StartsWith('/') ? FindNode(path) : null;
    }

    /// <summary>The node carrying a source label, or null (trees read from a DTB have no labels).</summary>
    public DtNode? FindByLabel(string label) => _byLabel.GetValueOrDefault(label);

    /// <summary>The node whose phandle is <paramref name="phandle"/>, or null.</summary>
    public DtNode? FindByPhandle(uint phandle) => _byPhandle.GetValueOrDefault(phandle);

    /// <summary>Like <see cref="FindByPhandle"/>, but throws <see cref="KeyNotFoundException"/> naming the phandle.</summary>
    public DtNode GetByPhandle(uint phandle) =>
        FindByPhandle(phandle) ?? throw new KeyNotFoundException($"no node has phandle 0x{phandle:x}");

    /// <summary>Every node whose <c>compatible</c> lists <paramref name="compatible"/>, in tree order (a malformed <c>compatible</c> matches nothing).</summary>
    public IEnumerable<DtNode> FindCompatible(string compatible) => Nodes.Where(n => n.IsCompatible(compatible));

    public override string ToString() => $"device tree ({Nodes.Count()} nodes)";

    /// <summary>The first node (in tree order) that breaks a rule of step 2, with the reason; null when none does.</summary>
    internal static (DtNode Node, string Reason)? FindRuleBroken(DtNode root)
    {
        var labels = new Dictionary<string, DtNode>(StringComparer.Ordinal);
        var phandles = new Dictionary<uint, DtNode>();
        var pending = new Stack<(DtNode Node, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            if (depth > MaxDepth)
            {
                return (node, $"{node.Path} is nested more than {MaxDepth} deep");
            }

            foreach (var label in node.Labels)
            {
                if (!labels.TryAdd(label, node) && labels[label] != node)
                {
                    return (node, $"label '{label}' is on both {labels[label].Path} and {node.Path}");
                }
            }

            if (PhandleProblem(node, phandles) is { } problem)
            {
                return (node, problem);
            }

            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                pending.Push((node.Children[i], depth + 1));
            }
        }

        return null;
    }

    private static string? PhandleProblem(DtNode node, Dictionary<uint, DtNode> seen)
    {
        uint? value = null;
        foreach (var name in (string[])["phandle", "linux,phandle"])
        {
            if (node.FindProperty(name) is not { } property)
            {
                continue;
            }

            if (!property.TryAsUInt32(out var cell) || cell is 0 or uint.MaxValue)
            {
                return $"{node.Path} has an invalid {name} property (it must be one cell, not 0 or 0xffffffff)";
            }

            if (value is { } other && other != cell)
            {
                return $"{node.Path} has mismatching 'phandle' and 'linux,phandle' properties";
            }

            value = cell;
        }

        if (value is { } phandle && !seen.TryAdd(phandle, node))
        {
            return $"phandle 0x{phandle:x} is on both {seen[phandle].Path} and {node.Path}";
        }

        return null;
    }
}
