using Protmem.Hardware.Devices;
using Protmem.Kernel.DmaBufs;

namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>
/// A queue submission (<c>struct panthor_job</c>): the user stream, the firmware's context for it, the fences it
/// waits for (its sync operations' WAITs, drm_sched_job_add_dependency) and its done fence.
/// </summary>
public sealed class PanthorJob
{
    internal PanthorJob(PanthorGroup group, uint queueIndex, CsContext context, DmaFence done, ulong submittedAt, IReadOnlyList<DmaFence> dependencies)
    {
        Dependencies = dependencies;
        Group = group;
        QueueIndex = queueIndex;
        Context = context;
        Done = done;
        SubmittedAt = submittedAt;
    }

    public PanthorGroup Group { get; }

    public uint QueueIndex { get; }

    /// <summary>Where the firmware is in the stream.</summary>
    public CsContext Context { get; }

    /// <summary>Signalled when the stream ends; with an error when the group was killed or destroyed.</summary>
    public DmaFence Done { get; }

    /// <summary>The fences that must signal before the stream runs (an error is still a signal).</summary>
    public IReadOnlyList<DmaFence> Dependencies { get; }

    /// <summary>Whether every dependency has signalled.</summary>
    public bool IsReady => Dependencies.All(d => d.IsSignaled);

    /// <summary>Simulated nanoseconds of the submit.</summary>
    public ulong SubmittedAt { get; }

    /// <summary>True once the stream ran (part of) a PROT_REGION in protected mode.</summary>
    public bool RanProtected { get; internal set; }

    /// <summary>True while the stream waits at a PROT_REGION (CS_PROTM_PENDING).</summary>
    public bool ProtmPending => Context.ProtectedLeft > 0;

    public override string ToString() => $"job of {Group} queue {QueueIndex}";
}
