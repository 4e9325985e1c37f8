using Protmem.Hardware.Iommu;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware.Oracle;

/// <summary>
/// Told, as it happens, of every hardware change that can open a path to memory: a firewall region
/// programmed or disabled, a CPU mapping added or widened (the linear map restored included), an IOMMU
/// PTE written, an IOMMU bank switched to other tables or to pass-through. Closing changes (unmap, zap)
/// are not reported: they cannot open anything. Called after the change, with the state already new.
/// </summary>
public interface IReachObserver
{
    /// <summary>Firewall region <paramref name="region"/> now covers <paramref name="after"/>; it covered <paramref name="before"/> (empty when disabled before or after).</summary>
    void FirewallProgrammed(int region, PhysRange before, PhysRange after);

    /// <summary><paramref name="space"/> now maps [<paramref name="phys"/>, +<paramref name="size"/>) at <paramref name="va"/> with <paramref name="permissions"/>.</summary>
    void CpuMapped(CpuAddressSpace space, CpuVirtAddr va, PhysAddr phys, ulong size, CpuPermissions permissions);

    /// <summary>The IOMMU tables rooted at <paramref name="directory"/> now map [<paramref name="iova"/>, +<paramref name="size"/>) to <paramref name="phys"/> with <paramref name="prot"/>.</summary>
    void IommuMapped(PhysAddr directory, DeviceAddr iova, PhysAddr phys, ulong size, IommuProt prot);

    /// <summary>Bank <paramref name="bank"/> of <paramref name="iommu"/> switched tables or paging mode.</summary>
    void IommuBankChanged(RkIommu iommu, int bank);
}
