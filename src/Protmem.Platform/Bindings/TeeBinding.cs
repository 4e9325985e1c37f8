using Protmem.Hardware;
using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Bindings;

/// <summary>
/// The TEE firmware node.
/// 1. Which node: an enabled <c>arm,ffa</c> node means OP-TEE is reached over FF-A (Linux discovers FF-A
///    at run time; the node says so on a board file); else <c>linaro,optee-tz</c> with <c>method</c>
///    (the real binding: "smc" or "hvc"; only "smc" is modelled).
/// 2. Its memory (<c>protmem,</c> properties, no binding exists): <c>protmem,secure-dram</c> (TZDRAM),
///    <c>protmem,static-protmem</c> (the static SDP carveout, inside TZDRAM) and
///    <c>protmem,static-protmem-masters</c> (the carveout may instead be a whole no-map
///    <c>linaro,restricted-heap</c> region: the secure world firewalls it at boot); without <c>protmem,secure-dram</c>, a no-map reserved
///    region named <c>optee</c> is taken, with a warning. TZDRAM must be secure-only RAM or a no-map region.
/// 3. Use cases: child nodes with <c>protmem,use-case</c>, <c>protmem,masters</c>, optional
///    <c>protmem,min-size</c> and <c>protmem,alignment</c>; FF-A boards have no static carveout.
/// 4. <c>memory-region</c>: where the kernel takes memory it lends (default: the default CMA area).
/// </summary>
internal static class TeeBinding
{
    public const string OpteeCompatible = "linaro,optee-tz";
    public const string FfaCompatible = "arm,ffa";

    /// <summary>The enabled TEE nodes (FF-A and OP-TEE), which are firmware, not bus masters.</summary>
    public static HashSet<DtNode> FirmwareNodes(BindingContext context) =>
        context.EnabledNodes().Where(n => BindingContext.IsCompatible(n, OpteeCompatible) || BindingContext.IsCompatible(n, FfaCompatible)).ToHashSet();

    public static TeeDescription? Bind(
        BindingContext context,
        IReadOnlyList<PhysRange> systemRam,
        IReadOnlyList<PhysRange> secureRam,
        IReadOnlyList<ReservedRegionDescription> reserved,
        IReadOnlyDictionary<DtNode, string> masterNames)
    {
        var ffa = context.EnabledNodes().Where(n => BindingContext.IsCompatible(n, FfaCompatible)).ToList();
        var optee = context.EnabledNodes().Where(n => BindingContext.IsCompatible(n, OpteeCompatible)).ToList();
        foreach (var teeNode in ffa.Concat(optee))
        {
            context.Claim(teeNode);
        }

        if (ffa.Count + optee.Count == 0)
        {
            return null;
        }

        if (ffa.Count > 1 || optee.Count > 1)
        {
            throw BindingContext.Error((ffa.Count > 1 ? ffa : optee)[1], "compatible", "a board has one TEE; this is a second TEE node");
        }

        TeeAbi abi;
        DtNode node;
        if (ffa.Count == 1)
        {
            (abi, node) = (TeeAbi.Ffa, ffa[0]);
            if (optee.Count == 1)
            {
                context.Warn($"{optee[0].Path}: the board also has {node.Path} (FF-A); OP-TEE is reached over FF-A and the SMC node is not used");
            }
        }
        else
        {
            node = optee[0];
            if (!node.HasProperty("method"))
            {
                throw BindingContext.Error(node, "method", "linaro,optee-tz requires method (\"smc\" or \"hvc\")");
            }

            var method = BindingContext.ReadString(node, "method");
            abi = method switch
            {
                "smc" => TeeAbi.Smc,
                "hvc" => throw BindingContext.Error(node, "method", "\"hvc\" (OP-TEE behind a hypervisor) is not modelled; use \"smc\""),
                _ => throw BindingContext.Error(node, "method", $"\"{method}\" is not \"smc\" or \"hvc\""),
            };
        }

        var secureDram = ReadSecureDram(context, node, systemRam, secureRam, reserved);
        PhysRange? carveout = null;
        IReadOnlyList<string> carveoutMasters = [];
        if (node.HasProperty("protmem,static-protmem"))
        {
            if (abi == TeeAbi.Ffa)
            {
                throw BindingContext.Error(node, "protmem,static-protmem", "OP-TEE over FF-A has dynamic protected memory only");
            }

            carveout = context.ReadRootRange(node, "protmem,static-protmem");
            var restrictedHeap = reserved.Any(r => r.IsRestrictedHeap && r.NoMap && r.Range == carveout.Value);
            if (!restrictedHeap && (secureDram is not { } dram || !dram.Contains(carveout.Value)))
            {
                throw BindingContext.Error(node, "protmem,static-protmem", $"{carveout} is neither inside the secure DRAM {secureDram} nor a no-map linaro,restricted-heap region");
            }

            carveoutMasters = node.HasProperty("protmem,static-protmem-masters") ? Masters(context, node, "protmem,static-protmem-masters", masterNames) : [];
        }

        var useCases = node.Children.Where(c => c.HasProperty("protmem,use-case")).Select(c => UseCase(context, c, masterNames)).ToList();
        var duplicate = useCases.GroupBy(u => u.UseCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw BindingContext.Error(node, "protmem,use-case", $"use case {duplicate.Key} is described twice");
        }

        string? region = null;
        if (node.HasProperty("memory-region"))
        {
            var targets = context.ReadPhandles(node, "memory-region");
            if (targets.Count != 1 || reserved.FirstOrDefault(r => r.Path == targets[0].Path) is not { } r)
            {
                throw BindingContext.Error(node, "memory-region", "must name one reserved-memory region that was reserved");
            }

            region = r.Name;
        }

        var partition = node.HasProperty("protmem,ffa-partition-id") ? BindingContext.ReadUInt32(node, "protmem,ffa-partition-id") : 0x8001u;
        if (partition is 0 or > 0xFFFF)
        {
            throw BindingContext.Error(node, "protmem,ffa-partition-id", $"0x{partition:x} is not a 16-bit partition id other than 0 (the normal world)");
        }

        if (secureDram is null)
        {
            context.Warn($"{node.Path}: no protmem,secure-dram and no no-map reserved region named optee: the secure world's memory is unknown and it cannot be installed");
        }

        return new TeeDescription(node.Path, abi, secureDram, carveout, carveoutMasters, useCases, region)
        {
            FfaPartitionId = (ushort)partition,
            SecureCarveouts = SecureCarveouts(context, node, reserved, masterNames, secureDram),
        };
    }

    /// <summary>
    /// <c>protmem,secure-carveout</c>: fixed no-map reserved-memory regions, outside the secure DRAM, that the firmware
    /// firewalls at boot for secure transactions only; <c>protmem,secure-carveout-masters</c>: the secure-capable
    /// masters (<c>protmem,secure-master</c>) they are for.
    /// </summary>
    private static List<SecureCarveoutDescription> SecureCarveouts(BindingContext context, DtNode node, IReadOnlyList<ReservedRegionDescription> reserved, IReadOnlyDictionary<DtNode, string> masterNames, PhysRange? secureDram)
    {
        if (!node.HasProperty("protmem,secure-carveout"))
        {
            return node.HasProperty("protmem,secure-carveout-masters")
                ? throw BindingContext.Error(node, "protmem,secure-carveout-masters", "needs protmem,secure-carveout")
                : [];
        }

        var masters = node.HasProperty("protmem,secure-carveout-masters") ? Masters(context, node, "protmem,secure-carveout-masters", masterNames) : [];
        foreach (var target in context.ReadPhandles(node, "protmem,secure-carveout-masters"))
        {
            if (!target.HasProperty("protmem,secure-master"))
            {
                throw BindingContext.Error(node, "protmem,secure-carveout-masters", $"{target.Path} cannot issue secure transactions (no protmem,secure-master)");
            }
        }

        var carveouts = new List<SecureCarveoutDescription>();
        foreach (var target in context.ReadPhandles(node, "protmem,secure-carveout"))
        {
            if (reserved.FirstOrDefault(r => r.Path == target.Path) is not { } region || !region.NoMap || region.IsDynamic)
            {
                throw BindingContext.Error(node, "protmem,secure-carveout", $"{target.Path} is not a reserved no-map region with a fixed reg");
            }

            if (secureDram is { } dram && dram.Overlaps(region.Range))
            {
                throw BindingContext.Error(node, "protmem,secure-carveout", $"{region.Range} overlaps the secure DRAM {dram}");
            }

            carveouts.Add(new SecureCarveoutDescription(region.Name, region.Range, masters));
        }

        return carveouts;
    }

    private static PhysRange? ReadSecureDram(BindingContext context, DtNode node, IReadOnlyList<PhysRange> systemRam, IReadOnlyList<PhysRange> secureRam, IReadOnlyList<ReservedRegionDescription> reserved)
    {
        if (!node.HasProperty("protmem,secure-dram"))
        {
            var optee = reserved.FirstOrDefault(r => r.NoMap && r.Name.Split('@')[0] is "optee" or "optee-core" or "optee_core");
            if (optee is not null)
            {
                context.Warn($"{node.Path}: no protmem,secure-dram; the no-map region {optee.Path} is taken as the secure DRAM");
            }

            return optee?.Range;
        }

        var dram = context.ReadRootRange(node, "protmem,secure-dram");
        var inSecureRam = PhysRanges.Subtract([dram], secureRam).TrueForAll(r => r.IsEmpty);
        var inNoMap = reserved.Any(r => r.NoMap && r.Range.Contains(dram));
        var touchesRam = PhysRanges.Intersect([dram], systemRam).Count > 0;
        if (!inSecureRam && !inNoMap)
        {
            throw BindingContext.Error(node, "protmem,secure-dram", touchesRam
                ? $"{dram} lies in normal-world RAM outside any no-map reserved region: the kernel would use the firmware's memory"
                : $"{dram} is in no memory node (neither RAM nor secure-only RAM)");
        }

        return dram;
    }

    private static UseCaseDescription UseCase(BindingContext context, DtNode node, IReadOnlyDictionary<DtNode, string> masterNames)
    {
        var id = BindingContext.ReadUInt32(node, "protmem,use-case");
        if (id == 0)
        {
            throw BindingContext.Error(node, "protmem,use-case", "use case 0 is reserved");
        }

        var masters = node.HasProperty("protmem,masters") ? Masters(context, node, "protmem,masters", masterNames) : [];
        var minSize = node.HasProperty("protmem,min-size") ? BindingContext.ReadNumber(node, "protmem,min-size") : 1024 * 1024;
        var alignment = node.HasProperty("protmem,alignment") ? BindingContext.ReadNumber(node, "protmem,alignment") : HwConstants.PageSize;
        if (alignment < HwConstants.PageSize || !System.Numerics.BitOperations.IsPow2(alignment))
        {
            throw BindingContext.Error(node, "protmem,alignment", $"0x{alignment:x} is not a power of two of at least 4 KiB");
        }

        if (minSize == 0 || minSize % alignment != 0)
        {
            throw BindingContext.Error(node, "protmem,min-size", $"0x{minSize:x} is not a non-zero multiple of the alignment 0x{alignment:x}");
        }

        return new UseCaseDescription(node.BaseName, id, masters, minSize, alignment);
    }

    private static List<string> Masters(BindingContext context, DtNode node, string property, IReadOnlyDictionary<DtNode, string> masterNames) =>
        context.ReadPhandles(node, property)
            .Select(target => masterNames.TryGetValue(target, out var name) && !BindingContext.CompatibleOf(target).Any(c => IommuBinding.Compatibles.Contains(c, StringComparer.Ordinal))
                ? name
                : throw BindingContext.Error(node, property, $"{target.Path} is not a bus master (give it iommus, memory-region or protmem,master-id)"))
            .ToList();
}
