using Protmem.Hardware;
using Protmem.Hardware.Mmu;
using Protmem.Kernel.Core;

namespace Protmem.Kernel.Mm;

/// <summary>
/// The kernel's direct map (the hardware's <see cref="LinearMap"/>) kept truthful: no-map reserved
/// regions leave it at boot, and drivers may take a range out and put it back
/// (set_direct_map_invalid_noflush / set_direct_map_default_noflush), e.g. memory lent to the
/// secure world. Each removal is counted so that nested users restore in pairs.
/// </summary>
public sealed class DirectMap
{
    private readonly LinearMap _linearMap;
    private readonly List<PhysRange> _removedByDrivers = [];
    private readonly List<PhysRange> _removedAtBoot = [];

    internal DirectMap(LinearMap linearMap) => _linearMap = linearMap;

    /// <summary>The hardware linear map.</summary>
    public LinearMap LinearMap => _linearMap;

    /// <summary>Ranges drivers have removed and not restored, in removal order.</summary>
    public IReadOnlyList<PhysRange> RemovedByDrivers => _removedByDrivers;

    /// <summary>The kernel virtual address of <paramref name="phys"/> (phys_to_virt).</summary>
    public CpuVirtAddr VirtualOf(PhysAddr phys) => _linearMap.VirtualOf(phys);

    /// <summary>True when the page of <paramref name="phys"/> is in the direct map.</summary>
    public bool IsMapped(PhysAddr phys) => _linearMap.IsLinearMapped(phys);

    /// <summary>Removes <paramref name="range"/> (page-aligned DRAM) from the direct map. Paired with <see cref="RestoreRange"/>.</summary>
    public void RemoveRange(PhysRange range)
    {
        _linearMap.RemoveRange(range);
        _removedByDrivers.Add(range);
    }

    /// <summary>Puts back a range removed by <see cref="RemoveRange"/>; throws when it was not removed so.</summary>
    public void RestoreRange(PhysRange range)
    {
        if (!_removedByDrivers.Remove(range))
        {
            throw new KernelOopsException($"direct-map range {range} is restored but was not removed by a driver");
        }

        _linearMap.RestoreRange(range);
        foreach (var other in _removedByDrivers.Concat(_removedAtBoot))
        {
            if (other.Overlaps(range))
            {
                _linearMap.RemoveRange(other);
            }
        }
    }

    /// <summary>Removes a no-map reserved region at boot (never restored).</summary>
    internal void RemoveAtBoot(PhysRange range)
    {
        _linearMap.RemoveRange(range);
        _removedAtBoot.Add(range);
    }
}
