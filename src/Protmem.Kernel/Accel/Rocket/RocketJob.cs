using Protmem.Hardware;
using Protmem.Hardware.Time;
using Protmem.Kernel.DmaBufs;

namespace Protmem.Kernel.Accel.Rocket;

/// <summary>
/// A job (<c>struct rocket_job</c>): its tasks, its in/out BOs (each holding a reference), the fences it
/// waits for (implicit sync), and the fence that signals when it is done (or failed).
/// </summary>
public sealed class RocketJob
{
    internal RocketJob(RocketFilePriv file, (DeviceAddr Regcmd, uint Count)[] tasks, RocketGemObject[] inBos, RocketGemObject[] outBos, IReadOnlyList<DmaFence> dependencies, DmaFence done)
    {
        File = file;
        Tasks = tasks;
        InBos = inBos;
        OutBos = outBos;
        Dependencies = dependencies;
        Done = done;
    }

    public RocketFilePriv File { get; }

    /// <summary>(regcmd, regcmd_count) per task, run back to back on one core.</summary>
    public IReadOnlyList<(DeviceAddr Regcmd, uint Count)> Tasks { get; }

    public IReadOnlyList<RocketGemObject> InBos { get; }

    public IReadOnlyList<RocketGemObject> OutBos { get; }

    /// <summary>Fences the job waits for before it may run.</summary>
    public IReadOnlyList<DmaFence> Dependencies { get; }

    /// <summary>The scheduler's finished fence, added to every out BO's reservation as a writer.</summary>
    public DmaFence Done { get; }

    /// <summary>The core the job was placed on.</summary>
    public RocketCore? Core { get; internal set; }

    /// <summary>The next task to run.</summary>
    internal int NextTask { get; set; }

    /// <summary>True once the job started on its core.</summary>
    internal bool Started { get; set; }

    /// <summary>The 500 ms timeout, armed while the job runs.</summary>
    internal ScheduledEvent? Timeout { get; set; }

    /// <summary>The BOs mapped for this job (per-job-map).</summary>
    internal List<RocketGemObject> MappedForJob { get; } = [];

    /// <summary>True when every dependency has signaled.</summary>
    internal bool IsReady => Dependencies.All(f => f.IsSignaled);
}
