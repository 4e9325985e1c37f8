using Protmem.Hardware.Bus;

namespace Protmem.Hardware.Devices;

/// <summary>An NPU core's completion interrupt: how the task ended and, after a DMA error, where.</summary>
/// <param name="Time">Simulated nanoseconds when the interrupt fired.</param>
/// <param name="Core">The core's name.</param>
/// <param name="Status">How the task ended.</param>
/// <param name="CommandsRun">Commands completed before the end.</param>
/// <param name="FaultAddress">The NPU address of the refused access, after a DMA error.</param>
/// <param name="FaultKind">Why the access was refused, after a DMA error.</param>
public sealed record NpuInterrupt(ulong Time, string Core, NpuTaskStatus Status, int CommandsRun, DeviceAddr? FaultAddress = null, DeviceAccessResult FaultKind = DeviceAccessResult.Ok);
