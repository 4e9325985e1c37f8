namespace Protmem.Hardware.Iommu;

/// <summary>A snapshot of one bank's registers.</summary>
public readonly record struct RkIommuBankState(
    uint DteAddr,
    bool PagingEnabled,
    bool StallActive,
    bool PageFaultActive,
    bool PageFaultIsWrite,
    uint PageFaultAddr,
    uint IntRawStat,
    uint IntMask,
    RkIommuVersion Version = RkIommuVersion.V2)
{
    /// <summary>The directory DTE_ADDR points at.</summary>
    public PhysAddr Directory => RkIommuEntry.DecodeAddress(DteAddr, Version);

    /// <summary>INT_STATUS: the raw status the mask lets through.</summary>
    public uint IntStatus => IntRawStat & IntMask;
}
