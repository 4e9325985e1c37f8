using Protmem.Hardware.Bus;

namespace Protmem.Hardware.Devices;

/// <summary>The GPU's job interrupt: how the stream stopped and, after a fault, where and why.</summary>
/// <param name="Time">Simulated nanoseconds when the interrupt fired.</param>
/// <param name="Status">How the stream stopped.</param>
/// <param name="Instructions">Instructions completed by this run.</param>
/// <param name="FaultAddress">The GPU address of the refused access, after a fault.</param>
/// <param name="FaultKind">Why the access was refused (Ok for a protected-mode write to unprotected memory).</param>
public sealed record GpuInterrupt(ulong Time, GpuJobStatus Status, int Instructions, DeviceAddr? FaultAddress = null, DeviceAccessResult FaultKind = DeviceAccessResult.Ok);
