using Protmem.Hardware.Bus;

namespace Protmem.Hardware.Crypto;

/// <summary>What the engine reports when a job ends.</summary>
/// <param name="Status">Done, or which access failed.</param>
/// <param name="FaultAddress">The device address of the refused access, or null.</param>
/// <param name="Reason">Why it was refused (firewall, IOMMU, no memory), or Ok.</param>
/// <param name="BytesDone">Bytes written to the destination before the job ended.</param>
public sealed record CryptoJobResult(CryptoJobStatus Status, DeviceAddr? FaultAddress, DeviceAccessResult Reason, ulong BytesDone)
{
    /// <summary>True when the job completed.</summary>
    public bool IsDone => Status == CryptoJobStatus.Done;
}
