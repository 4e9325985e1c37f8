using Protmem.Hardware.Firewall;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware;

/// <summary>
/// An IOMMU instance. <paramref name="Masters"/> are the names of the device masters behind it;
/// <paramref name="Compatible"/> must be a Rockchip IOMMU v2 (<c>rockchip,rk3568-iommu</c> or <c>rockchip,rk3588-iommu</c>).
/// </summary>
public sealed record IommuDescription(
    string Name,
    IReadOnlyList<string> Masters,
    int BankCount = 1,
    int IotlbEntries = 256,
    string Compatible = "rockchip,rk3568-iommu");
