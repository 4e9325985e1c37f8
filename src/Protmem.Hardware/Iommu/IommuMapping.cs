namespace Protmem.Hardware.Iommu;

/// <summary>One run of contiguous translations found in a page table: [Iova, +Length) → [Phys, +Length).</summary>
public readonly record struct IommuMapping(DeviceAddr Iova, PhysAddr Phys, ulong Length, IommuProt Prot);
