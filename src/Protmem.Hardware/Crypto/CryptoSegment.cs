namespace Protmem.Hardware.Crypto;

/// <summary>One entry of a job's source or destination list (a link-list descriptor): a device address and a length.</summary>
/// <param name="Address">Where the bytes are, as the engine addresses memory (physical: it has no IOMMU).</param>
/// <param name="Length">How many bytes.</param>
public readonly record struct CryptoSegment(DeviceAddr Address, ulong Length);
