namespace Protmem.Kernel.Iommu;

/// <summary>
/// A page-table format (<c>enum io_pgtable_fmt</c>).
/// Model: Linux's enum has no Rockchip entries (rockchip-iommu.c writes its tables itself); the model
/// treats the two Rockchip table layouts as io-pgtable formats so that the driver and the format are apart.
/// </summary>
public enum IoPgtableFmt
{
    /// <summary>Rockchip IOMMU v1 (rk3288, rk3399): two levels of 1024 32-bit entries, 32-bit physical addresses.</summary>
    RkIommuV1 = 0,

    /// <summary>Rockchip IOMMU v2 (rk3568, rk3588): the same tree, 40-bit physical addresses.</summary>
    RkIommuV2 = 1,
}
