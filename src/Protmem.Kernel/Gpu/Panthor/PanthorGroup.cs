using Protmem.Hardware;

namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>
/// A scheduling group (<c>struct panthor_group</c>): its priority, VM, queues, the proposed PROTECTED flag with
/// its protected suspend buffer (kernel-owned, never user-mappable), its state, and its jobs in order.
/// </summary>
public sealed class PanthorGroup
{
    private readonly Queue<PanthorJob> _jobs = new();

    internal PanthorGroup(PanthorFilePriv owner, uint handle, byte priority, bool isProtected, PanthorVm vm, int queueCount, ulong fenceContext)
    {
        Owner = owner;
        Handle = handle;
        Priority = priority;
        IsProtected = isProtected;
        Vm = vm;
        QueueCount = queueCount;
        FenceContext = fenceContext;
    }

    public PanthorFilePriv Owner { get; }

    public uint Handle { get; }

    /// <summary>PANTHOR_GROUP_PRIORITY_*.</summary>
    public byte Priority { get; }

    /// <summary>Created with DRM_PANTHOR_GROUP_CREATE_PROTECTED.</summary>
    public bool IsProtected { get; }

    public PanthorVm Vm { get; }

    public int QueueCount { get; }

    internal ulong FenceContext { get; }

    internal ulong FenceSeqno { get; set; }

    /// <summary>The protected suspend buffer's pages (protected groups only).</summary>
    public IReadOnlyList<PhysRange> ProtmSuspendBuffer { get; internal set; } = [];

    /// <summary>DRM_PANTHOR_GROUP_STATE_* flags.</summary>
    public uint State { get; internal set; }

    /// <summary>Queues that faced a fatal fault (bitmask).</summary>
    public uint FatalQueues { get; internal set; }

    public bool IsDestroyed { get; internal set; }

    /// <summary>Whether the group can take and run jobs.</summary>
    public bool IsUsable => State == 0 && !IsDestroyed;

    /// <summary>Jobs not finished, oldest first.</summary>
    public IReadOnlyCollection<PanthorJob> Jobs => _jobs;

    internal void Push(PanthorJob job) => _jobs.Enqueue(job);

    internal PanthorJob? Peek() => _jobs.TryPeek(out var job) ? job : null;

    internal PanthorJob Pop() => _jobs.Dequeue();

    internal List<PanthorJob> TakeAll()
    {
        var all = _jobs.ToList();
        _jobs.Clear();
        return all;
    }

    public override string ToString() => $"group {Handle} (prio {Priority}{(IsProtected ? ", protected" : "")}) of file {Owner.File.Id}";
}
