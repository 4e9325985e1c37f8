using Protmem.Kernel.Core;

namespace Protmem.Kernel.Of;

/// <summary>
/// drivers/of/of_reserved_mem.c: the <c>/reserved-memory</c> children the kernel booted with, and which
/// handler claimed each.
/// 1. Boot (<see cref="Init"/>): each region is matched by compatible against <see cref="ReservedMemTable"/>;
///    the first handler whose init returns 0 claims it (__reserved_mem_init_node).
/// 2. Modules find their regions later (<see cref="ClaimedBy"/>), as of_reserved_mem_lookup does.
/// A region no handler claims stays reserved and unused (no-map or not), as in Linux.
/// </summary>
public sealed class ReservedMem
{
    private readonly List<(ReservedMemoryRegion Region, ReservedMemHandler? Handler)> _regions = [];

    /// <summary>Every region, in device-tree order, with the handler that claimed it (or null).</summary>
    public IReadOnlyList<(ReservedMemoryRegion Region, ReservedMemHandler? Handler)> Regions => _regions;

    /// <summary>The regions a handler of <paramref name="compatible"/> claimed, in device-tree order.</summary>
    public IEnumerable<ReservedMemoryRegion> ClaimedBy(string compatible) =>
        _regions.Where(r => r.Handler?.Compatible == compatible).Select(r => r.Region);

    /// <summary>rmem_cma_setup: a reusable shared-dma-pool becomes a CMA area (the default one if chosen); others are left as they are.</summary>
    internal static int CmaSetup(KernelContext kernel, ReservedMemoryRegion region)
    {
        if (!region.IsCma)
        {
            // rmem_dma_setup (a per-device coherent pool) is not modelled: the region only stays reserved.
            return 0;
        }

        kernel.Pages.AddCmaArea(region.Name, region.Range, region.Name == kernel.DefaultCmaName);
        return 0;
    }

    /// <summary>fdt_init_reserved_mem: runs each region's handler; throws naming a region whose handler refuses it.</summary>
    internal void Init(KernelContext kernel, IEnumerable<ReservedMemoryRegion> regions)
    {
        foreach (var region in regions)
        {
            ReservedMemHandler? claimed = null;
            foreach (var handler in ReservedMemTable.Handlers.Where(h => h.Compatible == region.Compatible))
            {
                var result = handler.Init(kernel, region);
                if (result == 0)
                {
                    claimed = handler;
                    break;
                }

                throw new ArgumentException($"reserved-memory region '{region.Name}' ({region.Compatible}): {handler.Name} refused it ({Uapi.Errno.Describe(result)})");
            }

            _regions.Add((region, claimed));
        }
    }
}
