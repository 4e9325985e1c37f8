namespace Protmem.Hardware.Iommu;

/// <summary>A page fault raised by an IOMMU bank.</summary>
/// <param name="Time">Simulated nanoseconds.</param>
/// <param name="Iommu">The instance's name.</param>
/// <param name="Bank">The bank that faulted.</param>
/// <param name="Iova">The faulting device address (PAGE_FAULT_ADDR).</param>
/// <param name="Direction">Read or write (STATUS bit 5).</param>
/// <param name="Master">The device master whose access faulted, when known.</param>
public sealed record IommuFault(ulong Time, string Iommu, int Bank, DeviceAddr Iova, AccessDirection Direction, string? Master);
