using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Devices;

namespace Protmem.Kernel.Accel.Rocket;

/// <summary>A job that went wrong, as the driver reports it (dev_err / WARN).</summary>
/// <param name="Time">Simulated ns.</param>
/// <param name="Core">The core's name.</param>
/// <param name="FileId">The DRM file of the job.</param>
/// <param name="OwnerPid">The process that opened that file.</param>
/// <param name="Status">The core's status: a DMA error, an invalid command, or Done for a plain timeout.</param>
/// <param name="Address">The NPU address of a refused access.</param>
/// <param name="Kind">Why the access was refused (an IOMMU page fault or a firewall fault).</param>
/// <param name="TimedOut">True for the scheduler's 500 ms timeout (then the core was reset).</param>
public sealed record RocketFault(ulong Time, string Core, int FileId, int OwnerPid, NpuTaskStatus Status, DeviceAddr? Address, DeviceAccessResult Kind, bool TimedOut);
