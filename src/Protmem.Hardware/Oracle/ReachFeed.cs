using Protmem.Hardware.Iommu;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware.Oracle;

/// <summary>
/// Where the SoC's blocks announce changes that can open a path (<see cref="IReachObserver"/>). One per
/// <see cref="Soc"/>; with no observer (the monitor off) every call is one null test and costs nothing more.
/// </summary>
public sealed class ReachFeed
{
    /// <summary>Who is told; null when nobody watches.</summary>
    public IReachObserver? Observer { get; set; }

    internal void FirewallProgrammed(int region, PhysRange before, PhysRange after) => Observer?.FirewallProgrammed(region, before, after);

    internal void CpuMapped(CpuAddressSpace space, CpuVirtAddr va, PhysAddr phys, ulong size, CpuPermissions permissions) =>
        Observer?.CpuMapped(space, va, phys, size, permissions);

    internal void IommuMapped(PhysAddr directory, DeviceAddr iova, PhysAddr phys, ulong size, IommuProt prot) => Observer?.IommuMapped(directory, iova, phys, size, prot);

    internal void IommuBankChanged(RkIommu iommu, int bank) => Observer?.IommuBankChanged(iommu, bank);
}
