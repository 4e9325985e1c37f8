using Protmem.Hardware;
using Protmem.Kernel.Accel.Rocket;
using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Bindings;

/// <summary>
/// Bus masters: an enabled node with <c>iommus</c>, <c>memory-region</c> or <c>protmem,master-id</c>
/// (firmware nodes and reserved-memory children aside).
/// 1. Names: the node name without unit address, or with it when two masters or IOMMUs share a base name.
/// 2. Firewall ids: <c>protmem,master-id</c> when given (not 0, the CPU's; unique); the rest get the
///    lowest free ids from 1 in tree order.
/// 3. <c>iommus</c>: a phandle plus the target's <c>#iommu-cells</c> arguments per entry; the first entry
///    whose target is a bound Rockchip IOMMU puts the master behind it.
/// 4. <c>memory-region</c>: phandles to reserved-memory children, kept by name.
/// 6. <c>protmem,npu-isolation</c> on a <c>rockchip,rk3588-rknn-core</c> node: how the NPU driver isolates
///    clients (one of <see cref="RocketIsolationNames.All"/>); such a node's master is an NPU core.
/// 5. <c>protmem,secure-master</c>: the master can issue secure-state transactions (a GPU in protected mode);
///    <c>protected-heap-name</c>: the dma-heap its driver takes protected memory from (the panthor protected-mode series).
/// </summary>
internal static class MasterBinding
{
    /// <summary>What the masters bind to: the SoC's masters and IOMMUs, the kernel's devices, and each master node's name.</summary>
    public sealed record Result(
        List<BusMasterDescription> Masters,
        List<IommuDescription> Iommus,
        List<DeviceDescription> Devices,
        Dictionary<DtNode, string> NameOf);

    public static Result Bind(BindingContext context, IReadOnlyList<IommuBinding.BoundIommu> iommus, IReadOnlyList<ReservedRegionDescription> reserved, ISet<DtNode> firmwareNodes)
    {
        var iommuNodes = iommus.Select(i => i.Node).ToHashSet();
        var masterNodes = context.EnabledNodes()
            .Where(n => n.Parent is not null && !iommuNodes.Contains(n) && !firmwareNodes.Contains(n) && n.Parent.Name != "reserved-memory")
            .Where(n => n.HasProperty("iommus") || n.HasProperty("memory-region") || n.HasProperty("protmem,master-id"))
            .ToList();
        var names = AssignNames([.. masterNodes, .. iommuNodes]);
        var ids = AssignIds(context, masterNodes);

        var behind = new Dictionary<DtNode, List<string>>();
        var masters = new List<BusMasterDescription>();
        var devices = new List<DeviceDescription>();
        foreach (var node in masterNodes)
        {
            context.Claim(node);
            var name = names[node];
            var iommu = node.HasProperty("iommus") ? FindIommu(context, node, iommuNodes) : null;
            if (iommu is not null)
            {
                if (!behind.TryGetValue(iommu, out var list))
                {
                    behind[iommu] = list = [];
                }

                list.Add(name);
            }

            var regions = node.HasProperty("memory-region") ? RegionNames(context, node, reserved) : [];
            var secure = node.HasProperty("protmem,secure-master");
            masters.Add(new BusMasterDescription(ids[node], name, CanIssueNonSecure: true, CanIssueSecure: secure));
            var heap = node.HasProperty("protected-heap-name") ? BindingContext.ReadString(node, "protected-heap-name") : null;
            var strings = new Dictionary<string, string>(StringComparer.Ordinal);
            if (node.HasProperty(RocketIsolationNames.Property))
            {
                var isolation = BindingContext.ReadString(node, RocketIsolationNames.Property);
                if (!BindingContext.CompatibleOf(node).Contains(RocketDevice.CoreCompatible, StringComparer.Ordinal) || !RocketIsolationNames.TryParse(isolation, out _))
                {
                    throw BindingContext.Error(node, RocketIsolationNames.Property, $"\"{isolation}\" is not one of {string.Join(", ", RocketIsolationNames.All.Select(a => a.Name))} on a {RocketDevice.CoreCompatible} node");
                }

                strings[RocketIsolationNames.Property] = isolation;
            }

            foreach (var property in (string[])[Kernel.Gpu.Panthor.PanthorFwMemoryNames.Property, Kernel.Gpu.Panthor.PanthorFwMemoryNames.CheckProperty])
            {
                if (node.HasProperty(property))
                {
                    strings[property] = BindingContext.ReadString(node, property);
                }
            }

            if (strings.TryGetValue(Kernel.Gpu.Panthor.PanthorFwMemoryNames.Property, out var fwMemory) && !Kernel.Gpu.Panthor.PanthorFwMemoryNames.TryParse(fwMemory, out _))
            {
                throw BindingContext.Error(node, Kernel.Gpu.Panthor.PanthorFwMemoryNames.Property, $"\"{fwMemory}\" is not one of {string.Join(", ", Kernel.Gpu.Panthor.PanthorFwMemoryNames.All.Select(a => a.Name))}");
            }

            devices.Add(new DeviceDescription(name, node.Path, BindingContext.CompatibleOf(node) is [var first, ..] ? first : "", name, iommu is null ? null : names[iommu], regions, heap, strings));
        }

        var iommuDescriptions = iommus
            .Select(i => new IommuDescription(names[i.Node], behind.TryGetValue(i.Node, out var list) ? list : [], i.BankCount, i.IotlbEntries, i.Compatible) { AllCompatible = BindingContext.CompatibleOf(i.Node) })
            .ToList();
        return new Result(masters, iommuDescriptions, devices, names);
    }

    private static Dictionary<DtNode, string> AssignNames(IReadOnlyList<DtNode> nodes)
    {
        var byBase = nodes.GroupBy(n => n.BaseName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var byName = nodes.GroupBy(n => n.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var names = new Dictionary<DtNode, string>();
        foreach (var node in nodes)
        {
            names[node] = byBase[node.BaseName] == 1 ? node.BaseName
                : byName[node.Name] == 1 ? node.Name
                : node.Path.TrimStart('/').Replace('/', ':');
        }

        return names;
    }

    private static Dictionary<DtNode, int> AssignIds(BindingContext context, IReadOnlyList<DtNode> nodes)
    {
        var ids = new Dictionary<DtNode, int>();
        var used = new Dictionary<int, DtNode> { [0] = context.Tree.Root };
        foreach (var node in nodes.Where(n => n.HasProperty("protmem,master-id")))
        {
            var id = BindingContext.ReadUInt32(node, "protmem,master-id");
            if (id == 0 || id > int.MaxValue)
            {
                throw BindingContext.Error(node, "protmem,master-id", $"{id} is not a device master id (0 is the CPU's)");
            }

            if (!used.TryAdd((int)id, node))
            {
                throw BindingContext.Error(node, "protmem,master-id", $"{id} is already the id of {used[(int)id].Path}");
            }

            ids[node] = (int)id;
        }

        var next = 1;
        foreach (var node in nodes.Where(n => !ids.ContainsKey(n)))
        {
            while (used.ContainsKey(next))
            {
                next++;
            }

            used[next] = node;
            ids[node] = next;
        }

        return ids;
    }

    private static DtNode? FindIommu(BindingContext context, DtNode node, HashSet<DtNode> bound)
    {
        var cells = BindingContext.ReadCells(node, "iommus");
        DtNode? chosen = null;
        var seen = new HashSet<DtNode>();
        for (var i = 0; i < cells.Count;)
        {
            var target = context.ResolvePhandle(node, "iommus", cells[i]);
            var argCells = target.FindProperty("#iommu-cells") is { } p && p.TryAsUInt32(out var n) ? (int)n : -1;
            if (argCells < 0 || i + 1 + argCells > cells.Count)
            {
                throw BindingContext.Error(node, "iommus", $"entry {i} names {target.Path}, which has no usable #iommu-cells for its arguments");
            }

            if (!seen.Add(target))
            {
                i += 1 + argCells;
                continue;
            }

            if (bound.Contains(target))
            {
                if (chosen is not null && chosen != target)
                {
                    context.Warn($"{node.Path}: iommus names a second IOMMU {target.Path}; a master sits behind one IOMMU in the model, {chosen.Path} is used");
                }

                chosen ??= target;
            }
            else if (!BindingContext.IsEnabled(target))
            {
                context.Warn($"{node.Path}: its IOMMU {target.Path} is disabled; the master reaches memory directly");
            }
            else if (!BindingContext.CompatibleOf(target).Any(c => IommuBinding.Compatibles.Contains(c, StringComparer.Ordinal)))
            {
                context.Warn($"{node.Path}: its IOMMU {target.Path} ({string.Join(", ", BindingContext.CompatibleOf(target))}) is not modelled; the master reaches memory directly");
            }

            i += 1 + argCells;
        }

        return chosen;
    }

    private static List<string> RegionNames(BindingContext context, DtNode node, IReadOnlyList<ReservedRegionDescription> reserved)
    {
        var names = new List<string>();
        foreach (var target in context.ReadPhandles(node, "memory-region"))
        {
            if (target.Parent?.Name != "reserved-memory")
            {
                throw BindingContext.Error(node, "memory-region", $"{target.Path} is not a child of /reserved-memory");
            }

            if (reserved.Any(r => r.Path == target.Path))
            {
                names.Add(target.Name);
            }
            else
            {
                context.Warn($"{node.Path}: memory-region {target.Path} was not reserved; ignored");
            }
        }

        return names;
    }
}
