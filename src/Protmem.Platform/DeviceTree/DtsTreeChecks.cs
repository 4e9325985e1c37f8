using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Protmem.Platform.DeviceTree;

/// <summary>
/// The checks dtc treats as errors, and its fixups, in dtc's order; each walks the live tree
/// root first, children in order:
/// 1. names: no two children or properties of a node share a name; node and property names
///    use dtc's characters; a node name has at most one '@'; a "name" property matches.
/// 2. labels: no label is used twice (on nodes, properties or inside values).
/// 3. explicit phandles: each <c>phandle</c>/<c>linux,phandle</c> is one valid cell, unique.
/// 4. phandle references: each <c>&amp;ref</c> in cells becomes the target's phandle; a
///    target without one gets the lowest unused number counting up from 1 and a
///    <c>phandle</c> property after its others.
/// 5. path references: each <c>&amp;ref</c> outside cells becomes the target's full path.
/// 6. <c>/omit-if-no-ref/</c> nodes that nothing referenced are deleted.
/// </summary>
internal sealed class DtsTreeChecks
{
    private static readonly SearchValues<char> NodeChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,._+-@");

    private static readonly SearchValues<char> PropertyChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,._+*#?-");

    private readonly LiveNode _root;
    private readonly Dictionary<uint, LiveNode> _byPhandle = [];
    private readonly Dictionary<string, LiveNode> _labelIndex = new(StringComparer.Ordinal);
    private uint _nextPhandle = 1;

    private DtsTreeChecks(LiveNode root)
    {
        _root = root;
    }

    /// <summary>Runs every check and fixup on <paramref name="root"/>; throws at the first error.</summary>
    public static void Run(LiveNode root)
    {
        var checks = new DtsTreeChecks(root);
        checks.ForEachNode(checks.CheckNames);
        checks.ForEachNode(checks.CheckNameProperty);
        checks.CheckDuplicateLabels();
        checks.ForEachNode(checks.CheckExplicitPhandles);
        checks.ForEachNode(checks.FixPhandleReferences);
        checks.ForEachNode(checks.FixPathReferences);
        checks.ForEachNode(n =>
        {
            if (n.OmitIfUnused && !n.IsReferenced)
            {
                n.Delete();
            }
        });
    }

    /// <summary>Visits live nodes root first, each node before its children; a node deleted by the visit is not descended into.</summary>
    private void ForEachNode(Action<LiveNode> visit) => Visit(_root, visit);

    private static void Visit(LiveNode node, Action<LiveNode> visit)
    {
        visit(node);
        for (var i = 0; i < node.Children.Count; i++)
        {
            if (!node.Children[i].Deleted)
            {
                Visit(node.Children[i], visit);
            }
        }
    }

    private void CheckNames(LiveNode node)
    {
        var children = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in node.LiveChildren)
        {
            if (!children.Add(child.Name))
            {
                throw child.Location.Error($"duplicate node name '{child.Name}' in {node.FullPath}");
            }

            var bad = child.Name.AsSpan().IndexOfAnyExcept(NodeChars);
            if (bad >= 0)
            {
                throw child.Location.Error($"bad character '{child.Name[bad]}' in node name '{child.Name}'");
            }

            if (child.Name.Count(c => c == '@') > 1)
            {
                throw child.Location.Error($"multiple '@' characters in node name '{child.Name}'");
            }
        }

        var properties = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in node.LiveProperties)
        {
            if (!properties.Add(property.Name))
            {
                throw property.Location.Error($"duplicate property name '{property.Name}' in {node.FullPath}");
            }

            var bad = property.Name.AsSpan().IndexOfAnyExcept(PropertyChars);
            if (bad >= 0)
            {
                throw property.Location.Error($"bad character '{property.Name[bad]}' in property name '{property.Name}'");
            }
        }
    }

    /// <summary>A "name" property must be a string equal to the node's name before '@'; then it is redundant and dropped.</summary>
    private void CheckNameProperty(LiveNode node)
    {
        var name = node.FindProperty("name");
        if (name is null)
        {
            return;
        }

        var bytes = name.Value.Bytes;
        if (bytes.Length == 0 || bytes[^1] != 0 || bytes[..^1].Contains((byte)0))
        {
            throw name.Location.Error($"property 'name' of {node.FullPath} is not a string");
        }

        var at = node.Name.IndexOf('@', StringComparison.Ordinal);
        var baseName = at < 0 ? node.Name : node.Name[..at];
        if (Encoding.Latin1.GetString(bytes[..^1]) != baseName)
        {
            throw name.Location.Error($"\"name\" property is incorrect (\"{Encoding.Latin1.GetString(bytes[..^1])}\" instead of base node name \"{baseName}\")");
        }

        node.Properties.Remove(name);
    }

    private void CheckDuplicateLabels()
    {
        var seen = new Dictionary<string, (LiveNode Node, LiveProperty? Property, bool InValue)>(StringComparer.Ordinal);
        static string Describe((LiveNode Node, LiveProperty? Property, bool InValue) owner) => owner.Property is null
            ? owner.Node.FullPath
            : $"{(owner.InValue ? "value of " : "")}property '{owner.Property.Name}' in {owner.Node.FullPath}";

        void Claim(string label, (LiveNode, LiveProperty?, bool) owner, DtsLocation at)
        {
            if (!seen.TryAdd(label, owner))
            {
                throw at.Error($"duplicate label '{label}' on {Describe(owner)} and {Describe(seen[label])}");
            }
        }

        ForEachNode(node =>
        {
            foreach (var label in node.Labels)
            {
                if (!label.Deleted)
                {
                    Claim(label.Name, (node, null, false), node.Location);
                    _labelIndex.TryAdd(label.Name, node);
                }
            }

            foreach (var property in node.Properties)
            {
                if (property.Deleted)
                {
                    continue;
                }

                foreach (var label in property.LiveLabels)
                {
                    Claim(label, (node, property, false), property.Location);
                }

                foreach (var marker in property.Value.Markers)
                {
                    if (marker.Kind == LiveMarkerKind.Label)
                    {
                        Claim(marker.Reference!, (node, property, true), marker.Location);
                    }
                }
            }
        });
    }

    private void CheckExplicitPhandles(LiveNode node)
    {
        var phandle = PhandleProperty(node, "phandle");
        var legacy = PhandleProperty(node, "linux,phandle");
        if (phandle == 0 && legacy == 0)
        {
            return;
        }

        if (phandle != 0 && legacy != 0 && phandle != legacy)
        {
            throw node.Location.Error($"mismatching 'phandle' and 'linux,phandle' properties in {node.FullPath}");
        }

        phandle = phandle != 0 ? phandle : legacy;
        if (_byPhandle.TryGetValue(phandle, out var other) && other != node)
        {
            throw node.Location.Error($"duplicated phandle 0x{phandle:x} in {node.FullPath} (seen before at {other.FullPath})");
        }

        node.Phandle = phandle;
        _byPhandle[phandle] = node;
    }

    /// <summary>The explicit phandle value of one property, or 0 when absent or a reference to the node itself (a number to be assigned).</summary>
    private uint PhandleProperty(LiveNode node, string name)
    {
        var property = node.FindProperty(name);
        if (property is null)
        {
            return 0;
        }

        if (property.Value.Length != 4)
        {
            throw property.Location.Error($"bad length ({property.Value.Length}) {name} property in {node.FullPath}");
        }

        foreach (var marker in property.Value.Markers.Where(m => m.Kind == LiveMarkerKind.ReferencePhandle))
        {
            if (Resolve(marker.Reference!) != node)
            {
                throw marker.Location.Error($"{name} of {node.FullPath} is a reference to another node");
            }

            return 0;
        }

        var value = BinaryPrimitives.ReadUInt32BigEndian(property.Value.Bytes);
        if (value is 0 or uint.MaxValue)
        {
            throw property.Location.Error($"bad value (0x{value:x}) in {name} property of {node.FullPath}");
        }

        return value;
    }

    private void FixPhandleReferences(LiveNode node)
    {
        // A reference to the node itself may add its phandle property: iterate over a snapshot.
        foreach (var property in node.LiveProperties.ToArray())
        {
            foreach (var marker in property.Value.Markers)
            {
                if (marker.Kind != LiveMarkerKind.ReferencePhandle)
                {
                    continue;
                }

                var target = Resolve(marker.Reference!)
                    ?? throw marker.Location.Error($"reference to non-existent node or label \"{marker.Reference}\"");
                property.Value.WriteUInt32(marker.Offset, PhandleOf(target));
                target.IsReferenced = true;
            }
        }
    }

    /// <summary>dtc's get_node_phandle: the node's phandle, assigning the lowest free number from the running counter when it has none.</summary>
    private uint PhandleOf(LiveNode node)
    {
        if (node.Phandle is not (0 or uint.MaxValue))
        {
            return node.Phandle;
        }

        while (_byPhandle.ContainsKey(_nextPhandle))
        {
            _nextPhandle++;
        }

        node.Phandle = _nextPhandle;
        _byPhandle[_nextPhandle] = node;
        if (node.FindProperty("phandle") is null)
        {
            var value = new LiveValue();
            value.AddMarker(LiveMarkerKind.TypeUInt32, null, node.Location);
            value.AppendInteger(node.Phandle, 32);
            node.Properties.Add(new LiveProperty("phandle", value, node.Location));
        }

        return node.Phandle;
    }

    private void FixPathReferences(LiveNode node)
    {
        foreach (var property in node.LiveProperties)
        {
            var markers = property.Value.Markers;
            for (var i = 0; i < markers.Count; i++)
            {
                if (markers[i].Kind != LiveMarkerKind.ReferencePath)
                {
                    continue;
                }

                var target = Resolve(markers[i].Reference!)
                    ?? throw markers[i].Location.Error($"reference to non-existent node or label \"{markers[i].Reference}\"");
                var path = Encoding.ASCII.GetBytes(target.FullPath + "\0");
                property.Value.InsertAtMarker(i, path);
                target.IsReferenced = true;
            }
        }
    }

    /// <summary>Labels are looked up in the index built by the label check (first node in tree order wins, as dtc's search does).</summary>
    private LiveNode? Resolve(string reference) =>
        reference.StartsWith('/') ? DtsReferences.FindNode(_root, reference)
        : _labelIndex.GetValueOrDefault(reference);
}
