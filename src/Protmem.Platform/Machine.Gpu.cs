using Protmem.Kernel.Gpu.Panthor;

namespace Protmem.Platform;

/// <summary>The GPU side of a machine: the panthor driver (its event log, counters and protected memory).</summary>
public sealed partial class Machine
{
    /// <summary>The panthor GPU, once its driver has probed.</summary>
    public PanthorDevice? Gpu => _kernel.DrmDevices.Select(d => d.Driver).OfType<PanthorDriver>().FirstOrDefault()?.Device;

    /// <summary>Whether the GPU's platform device is waiting on the deferred-probe list.</summary>
    public bool GpuProbeDeferred => _kernel.Drivers.Deferred.Any(d => PanthorDevice.Compatibles.Any(c => d.Compatible.Contains(c, StringComparer.Ordinal)));
}
