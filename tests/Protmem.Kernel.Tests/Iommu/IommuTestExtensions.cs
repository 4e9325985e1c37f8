using Protmem.Kernel.Base;
using Protmem.Kernel.Iommu;

namespace Protmem.Kernel.Tests.Iommu;

internal static class IommuTestExtensions
{
    /// <summary>The default DMA domain of <paramref name="device"/>'s group.</summary>
    public static IommuDomain GetDefaultDomain(this KernelContext kernel, PlatformDevice device) =>
        device.IommuGroup?.DefaultDomain ?? throw new InvalidOperationException($"{device} has no IOMMU group ({kernel.Iommu.Iommus.Count} IOMMUs registered)");
}
