using Protmem.Kernel.Base;
using Protmem.Kernel.Core;

namespace Protmem.Kernel.Iommu.Rockchip;

/// <summary>
/// The driver's static identity domain (<c>rk_identity_domain</c>): attaching it turns translation off
/// (rk_iommu_identity_attach → rk_iommu_disable: stall, disable paging, DTE_ADDR = 0, unstall), so the
/// device's addresses are physical addresses.
/// </summary>
public sealed class RkIdentityDomain : IIommuDomainOps
{
    private readonly RkIommuDriver _driver;

    internal RkIdentityDomain(RkIommuDriver driver) => _driver = driver;

    public int AttachDev(PlatformDevice device)
    {
        var iommu = _driver.InstanceOf(device);
        iommu.Domain?.Remove(iommu);
        iommu.Domain = null;
        iommu.Registers.Detach();
        return 0;
    }

    public void Free() => throw new KernelOopsException("the RK identity domain is static: it is never freed");
}
