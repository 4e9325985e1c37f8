namespace Protmem.Hardware.Iommu;

/// <summary>Access rights of an IOMMU mapping (Linux's IOMMU_READ / IOMMU_WRITE).</summary>
[Flags]
public enum IommuProt
{
    None = 0,
    Read = 1,
    Write = 2,
    ReadWrite = Read | Write,
}
