using Protmem.Hardware.Firewall;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware;

/// <summary>
/// An IOMMU instance. <paramref name="Masters"/> are the names of the device masters behind it;
/// <paramref name="Compatible"/> must be a Rockchip IOMMU: v2 (<c>rockchip,rk3568-iommu</c>, <c>rockchip,rk3588-iommu</c>) or v1 (<c>rockchip,iommu</c>).
/// </summary>
public sealed record IommuDescription(
    string Name,
    IReadOnlyList<string> Masters,
    int BankCount = 1,
    int IotlbEntries = 256,
    string Compatible = "rockchip,rk3568-iommu")
{
    /// <summary>Every string of the node's <c>compatible</c>, most specific first; null means just <see cref="Compatible"/>.</summary>
    public IReadOnlyList<string>? AllCompatible { get; init; }
}
