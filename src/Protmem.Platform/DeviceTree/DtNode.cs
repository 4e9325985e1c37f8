namespace Protmem.Platform.DeviceTree;

/// <summary>
/// A device-tree node: a name with its unit address (<c>serial@fe650000</c>), properties and
/// children in order, labels from the source, and the phandle its <c>phandle</c> property
/// gives. Built bottom-up and immutable: a node gets its parent when it is passed as a child
/// to its parent's constructor, once.
/// </summary>
public sealed class DtNode
{
    private readonly DtProperty[] _properties;
    private readonly DtNode[] _children;
    private readonly Dictionary<string, DtProperty> _propertyByName;
    private readonly Dictionary<string, DtNode> _childByName;

    /// <summary>A node; names of its properties and of its children must be unique, and each child must not have a parent yet.</summary>
    public DtNode(string name, IEnumerable<DtProperty>? properties = null, IEnumerable<DtNode>? children = null, IEnumerable<string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > 0 && !IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid node name (printable ASCII without '/')", nameof(name));
        }

        Name = name;
        _properties = properties?.ToArray() ?? [];
        _children = children?.ToArray() ?? [];
        Labels = labels?.ToArray() ?? [];
        _propertyByName = new Dictionary<string, DtProperty>(_properties.Length, StringComparer.Ordinal);
        foreach (var property in _properties)
        {
            if (!_propertyByName.TryAdd(property.Name, property))
            {
                throw new ArgumentException($"node '{name}' has two properties named '{property.Name}'", nameof(properties));
            }
        }

        _childByName = new Dictionary<string, DtNode>(_children.Length, StringComparer.Ordinal);
        foreach (var child in _children)
        {
            if (child.Parent is not null || child.Name.Length == 0)
            {
                throw new ArgumentException(child.Name.Length == 0
                    ? $"a child of '{name}' has an empty name (only the root has one)"
                    : $"node '{child.Name}' already has a parent ({child.Parent!.Path})", nameof(children));
            }

            if (!_childByName.TryAdd(child.Name, child))
            {
                throw new ArgumentException($"node '{name}' has two children named '{child.Name}'", nameof(children));
            }
        }

        foreach (var child in _children)
        {
            child.Parent = this;
        }

        Phandle = ReadPhandle("phandle") ?? ReadPhandle("linux,phandle");
    }

    /// <summary>The name with its unit address, as written (<c>memory@40000000</c>); empty for the root.</summary>
    public string Name { get; }

    /// <summary>The name before '@' (<c>memory</c>).</summary>
    public string BaseName => Name.Split('@')[0];

    /// <summary>The unit address after '@' (<c>40000000</c>), or null when the name has none.</summary>
    public string? UnitAddress => Name.IndexOf('@', StringComparison.Ordinal) is var at and >= 0 ? Name[(at + 1)..] : null;

    public DtNode? Parent { get; private set; }

    /// <summary>The full path from the root (<c>/soc/serial@fe650000</c>; <c>/</c> for the root).</summary>
    public string Path => Parent is null ? (Name.Length == 0 ? "/" : Name) : Parent.Parent is null ? "/" + Name : Parent.Path + "/" + Name;

    public IReadOnlyList<DtProperty> Properties => _properties;

    public IReadOnlyList<DtNode> Children => _children;

    /// <summary>Labels on the node in the source (<c>uart0: serial@... { }</c>), in dtc's order; empty when read from a DTB.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The node's phandle (its <c>phandle</c>, else <c>linux,phandle</c>, property as one cell), or null.</summary>
    public uint? Phandle { get; }

    /// <summary>The strings of <c>compatible</c>, most specific first; empty when there is none; a <see cref="DtValueException"/> when it is not a string list.</summary>
    public IReadOnlyList<string> Compatible => FindProperty("compatible")?.AsStringList() ?? [];

    /// <summary>The <c>status</c> string, or null when there is none.</summary>
    public string? Status => FindProperty("status")?.AsString();

    /// <summary>
    /// True when the device is available, as Linux's of_device_is_available decides: no
    /// <c>status</c>, or a status whose first string is <c>"okay"</c> or <c>"ok"</c>.
    /// </summary>
    public bool IsEnabled
    {
        get
        {
            if (FindProperty("status") is not { } status)
            {
                return true;
            }

            var value = status.Value;
            var end = value.IndexOf((byte)0);
            var first = end < 0 ? value : value[..end];
            return first.SequenceEqual("okay"u8) || first.SequenceEqual("ok"u8);
        }
    }

    /// <summary>This node's <c>#address-cells</c> (how its children's addresses are written); 2 when absent.</summary>
    public int AddressCells => (int)(FindProperty("#address-cells")?.AsUInt32() ?? 2);

    /// <summary>This node's <c>#size-cells</c> (how its children's sizes are written); 1 when absent.</summary>
    public int SizeCells => (int)(FindProperty("#size-cells")?.AsUInt32() ?? 1);

    /// <summary>True when <c>compatible</c> lists <paramref name="compatible"/>; false when it does not, is absent or is not a string list.</summary>
    public bool IsCompatible(string compatible) =>
        FindProperty("compatible") is { } property && property.AsStringListOrEmpty().Contains(compatible, StringComparer.Ordinal);

    public bool HasProperty(string name) => _propertyByName.ContainsKey(name);

    public DtProperty? FindProperty(string name) => _propertyByName.GetValueOrDefault(name);

    public bool TryGetProperty(string name, out DtProperty property) => _propertyByName.TryGetValue(name, out property!);

    /// <summary>The property named <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> naming this node when absent.</summary>
    public DtProperty GetProperty(string name) =>
        _propertyByName.GetValueOrDefault(name) ?? throw new KeyNotFoundException($"node {Path} has no property '{name}'");

    /// <summary>
    /// The child named exactly <paramref name="name"/>; failing that, when the name has no
    /// unit address, the first child whose name before '@' matches (as libfdt looks up paths).
    /// </summary>
    public DtNode? FindChild(string name)
    {
        if (_childByName.TryGetValue(name, out var exact))
        {
            return exact;
        }

        if (name.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        return Array.Find(_children, c => c.Name.Length > name.Length && c.Name[name.Length] == '@' && c.Name.StartsWith(name, StringComparison.Ordinal));
    }

    /// <summary>This node and every node under it, each before its children, children in order.</summary>
    public IEnumerable<DtNode> SelfAndDescendants()
    {
        var pending = new Stack<DtNode>();
        pending.Push(this);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            yield return node;
            for (var i = node._children.Length - 1; i >= 0; i--)
            {
                pending.Push(node._children[i]);
            }
        }
    }

    /// <summary>The <c>reg</c> entries, read with the parent's <c>#address-cells</c> and <c>#size-cells</c>; empty when there is no <c>reg</c>.</summary>
    public IReadOnlyList<DtRegEntry> GetReg()
    {
        var reg = FindProperty("reg");
        if (reg is null)
        {
            return [];
        }

        if (Parent is null)
        {
            throw new DtValueException("reg", "the root node cannot have a reg property (it has no parent bus)");
        }

        try
        {
            return reg.DecodeReg(Parent.AddressCells, Parent.SizeCells);
        }
        catch (DtValueException e)
        {
            throw new DtValueException("reg", $"of {Path}: {e.Message}");
        }
    }

    public override string ToString() => Path;

    internal static bool IsValidName(string name) =>
        name.Length > 0 && name.All(c => c is > ' ' and <= '~' and not '/');

    private uint? ReadPhandle(string property) =>
        FindProperty(property) is { } p && p.TryAsUInt32(out var value) ? value : null;
}
