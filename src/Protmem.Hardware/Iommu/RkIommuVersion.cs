namespace Protmem.Hardware.Iommu;

/// <summary>
/// The Rockchip IOMMU generation, which fixes how DTE_ADDR, DTEs and PTEs hold a physical address
/// (rockchip-iommu.c's <c>rk_ops</c>: <c>iommu_data_ops_v1</c> / <c>iommu_data_ops_v2</c>).
/// </summary>
public enum RkIommuVersion
{
    /// <summary><c>rockchip,iommu</c> (rk3288, rk3399): 32-bit physical addresses, bits [31:12] of each entry.</summary>
    V1 = 1,

    /// <summary><c>rockchip,rk3568-iommu</c> (rk3568, rk3588): 40-bit physical addresses, bits 39:32 in entry bits [11:4].</summary>
    V2 = 2,
}
