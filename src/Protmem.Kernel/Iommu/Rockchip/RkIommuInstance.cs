using Protmem.Hardware.Iommu;
using Protmem.Kernel.Base;

namespace Protmem.Kernel.Iommu.Rockchip;

/// <summary>
/// One Rockchip IOMMU instance as its driver holds it (<c>struct rk_iommu</c>, named apart from the
/// hardware's <see cref="RkIommu"/>): its platform device, its registers, the table format its match
/// data chose, its group, its core handle and the domain it translates through (null: identity).
/// </summary>
public sealed class RkIommuInstance
{
    internal RkIommuInstance(PlatformDevice device, RkIommu registers, RkIommuVersion version, IommuGroup group)
    {
        Device = device;
        Registers = registers;
        Version = version;
        Group = group;
        Iommu = null!;
    }

    /// <summary>The IOMMU's own platform device.</summary>
    public PlatformDevice Device { get; }

    /// <summary>Its MMIO registers (every bank).</summary>
    public RkIommu Registers { get; }

    /// <summary>rk_ops: the table format the driver writes for it.</summary>
    public RkIommuVersion Version { get; }

    /// <summary>The one group of every device behind it.</summary>
    public IommuGroup Group { get; }

    /// <summary>Its handle in the IOMMU core (<c>rk_iommu.iommu</c>).</summary>
    public IommuDevice Iommu { get; internal set; }

    /// <summary><c>rk_iommu.domain</c>: the paging domain it translates through, or null in the identity domain.</summary>
    public RkIommuDomain? Domain { get; internal set; }

    public override string ToString() => Device.Name;
}
