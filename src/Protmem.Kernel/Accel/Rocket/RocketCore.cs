using Protmem.Hardware.Devices;
using Protmem.Hardware.Iommu;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Iommu;

namespace Protmem.Kernel.Accel.Rocket;

/// <summary>
/// One NPU core (<c>struct rocket_core</c>): its platform device and IOMMU, the hardware block, and its
/// scheduler (drm_gpu_scheduler with credit_limit 1 and a 500 ms timeout): the jobs placed on it, the
/// one in flight, and what its IOMMU is attached to.
/// </summary>
public sealed class RocketCore
{
    private readonly List<RocketJob> _queue = [];
    private readonly List<RocketGemObject> _swapMapped = [];

    internal RocketCore(int index, PlatformDevice device, NpuCore hardware, RkIommu iommu, IommuDomain? coreDomain)
    {
        Index = index;
        Device = device;
        Hardware = hardware;
        Iommu = iommu;
        CoreDomain = coreDomain;
    }

    /// <summary>The core's index (0 for the first probed).</summary>
    public int Index { get; }

    public PlatformDevice Device { get; }

    public NpuCore Hardware { get; }

    public RkIommu Iommu { get; }

    /// <summary>The core's own domain (per-job-map, per-context-swap), or null.</summary>
    public IommuDomain? CoreDomain { get; }

    /// <summary>The job on the hardware, or null.</summary>
    public RocketJob? InFlight { get; internal set; }

    /// <summary>Jobs placed here and not started, in submission order.</summary>
    public IReadOnlyList<RocketJob> Queue => _queue;

    /// <summary>The file domain the core is attached to (per-file-domain while a job runs; keep-attached until a switch or reset).</summary>
    public IommuDomain? AttachedDomain { get; internal set; }

    /// <summary>The client whose BOs the core domain holds (per-context-swap).</summary>
    internal RocketFilePriv? SwapFile { get; set; }

    /// <summary>The BOs mapped in the core domain for <see cref="SwapFile"/> (per-context-swap).</summary>
    internal List<RocketGemObject> SwapMapped => _swapMapped;

    /// <summary>The client of the last job that started here.</summary>
    internal RocketFilePriv? LastFile { get; set; }

    /// <summary>drm_sched score: jobs queued plus the one in flight.</summary>
    internal int Load => _queue.Count + (InFlight is null ? 0 : 1);

    internal void Push(RocketJob job) => _queue.Add(job);

    internal void Remove(RocketJob job) => _queue.Remove(job);

    public override string ToString() => $"rocket core {Index} ({Device.Name})";
}
