using Protmem.Hardware.Time;
using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// A DMA fence (<c>struct dma_fence</c>): a one-shot completion of work on a timeline
/// (context, seqno), with an optional error and callbacks.
/// 1. Created unsignaled (<see cref="Status"/> 0); <see cref="SetError"/> may record a failure first.
/// 2. <see cref="AddCallback"/> registers work to run on signal (-ENOENT once signaled).
/// 3. <see cref="Signal"/> signals once: the timestamp is taken, callbacks run in order of registration.
/// </summary>
public class DmaFence
{
    private readonly SimClock? _clock;
    private readonly string _driverName;
    private readonly string _timelineName;
    private List<DmaFenceCallback>? _callbacks = [];

    /// <summary>
    /// A fence of timeline (<paramref name="context"/>, <paramref name="seqno"/>); the names are its
    /// ops' get_driver_name / get_timeline_name.
    /// </summary>
    // Model: a fence without a driver behind it (a test's, a harness's) is named "dma_fence" on timeline "unbound".
    public DmaFence(ulong context, ulong seqno, SimClock? clock = null, string driverName = "dma_fence", string timelineName = "unbound")
    {
        Context = context;
        Seqno = seqno;
        _clock = clock;
        _driverName = driverName;
        _timelineName = timelineName;
    }

    public ulong Context { get; }

    public ulong Seqno { get; }

    public bool IsSignaled { get; private set; }

    /// <summary>The error recorded before signalling (negative errno), or 0.</summary>
    public int Error { get; private set; }

    /// <summary>Simulated time of the signal, when a clock was given.</summary>
    public ulong? Timestamp { get; private set; }

    /// <summary>dma_fence_get_status: 0 while pending, 1 once signaled, the error when signaled with one.</summary>
    public int Status => !IsSignaled ? 0 : Error != 0 ? Error : 1;

    /// <summary>dma_fence_driver_name: the driver's name while pending; "detached-driver" once signaled (the driver may be gone).</summary>
    public string DriverName => IsSignaled ? "detached-driver" : _driverName;

    /// <summary>dma_fence_timeline_name: the timeline's name while pending; "signaled-timeline" once signaled.</summary>
    public string TimelineName => IsSignaled ? "signaled-timeline" : _timelineName;

    /// <summary>The earliest deadline a waiter asked for (dma_fence_set_deadline), in simulated ns; null when none.</summary>
    public ulong? Deadline { get; private set; }

    /// <summary>A fence that is already signaled (dma_fence_get_stub).</summary>
    public static DmaFence Stub()
    {
        var fence = new DmaFence(0, 0, null, "stub", "stub");
        fence.Signal();
        return fence;
    }

    /// <summary>
    /// dma_fence_allocate_private_stub: a new signaled fence on its own timeline, carrying
    /// <paramref name="timestamp"/> (what a merge of signaled fences gives).
    /// </summary>
    public static DmaFence PrivateStub(ulong context, ulong? timestamp)
    {
        var fence = new DmaFence(context, 0, null, "stub", "stub");
        fence.Signal();
        fence.Timestamp = timestamp;
        return fence;
    }

    /// <summary>
    /// dma_fence_set_deadline: a hint that a waiter wants the fence signaled by <paramref name="deadlineNs"/>.
    /// Ignored once signaled; the earliest deadline is kept.
    /// </summary>
    public virtual void SetDeadline(ulong deadlineNs)
    {
        if (!IsSignaled && (Deadline is null || deadlineNs < Deadline))
        {
            Deadline = deadlineNs;
        }
    }

    /// <summary>dma_fence_set_error: records a negative errno; only before the signal.</summary>
    public void SetError(int error)
    {
        if (IsSignaled || error >= 0 || error < -4095)
        {
            throw new KernelOopsException($"dma_fence_set_error({error}) on a {(IsSignaled ? "signaled" : "pending")} fence");
        }

        Error = error;
    }

    /// <summary>dma_fence_signal: 0 the first time, -EINVAL when already signaled.</summary>
    public int Signal()
    {
        if (IsSignaled)
        {
            return -Errno.EINVAL;
        }

        IsSignaled = true;
        Timestamp = _clock?.Now;
        var callbacks = _callbacks!;
        _callbacks = null;
        foreach (var callback in callbacks)
        {
            callback.Action(this);
        }

        return 0;
    }

    /// <summary>dma_fence_add_callback: 0, or -ENOENT when the fence has signaled (the callback is not run).</summary>
    public int AddCallback(DmaFenceCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (_callbacks is null)
        {
            return -Errno.ENOENT;
        }

        _callbacks.Add(callback);
        return 0;
    }

    /// <summary>dma_fence_remove_callback: true when the callback was pending and is removed.</summary>
    public bool RemoveCallback(DmaFenceCallback callback) => _callbacks is not null && _callbacks.Remove(callback);

    public override string ToString() => $"fence {Context}:{Seqno} ({(IsSignaled ? "signaled" : "pending")})";
}
