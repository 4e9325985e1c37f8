namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// A fence that signals when all of its fences have (<c>struct dma_fence_array</c> with
/// signal_on_any false); it takes the first error among them.
/// </summary>
public sealed class DmaFenceArray : DmaFence
{
    private int _pending;

    public DmaFenceArray(IReadOnlyList<DmaFence> fences, ulong context, ulong seqno)
        : base(context, seqno, null, "dma_fence_array", "unbound")
    {
        ArgumentNullException.ThrowIfNull(fences);
        Fences = fences;
        _pending = fences.Count + 1;
        foreach (var fence in fences)
        {
            if (fence.AddCallback(new DmaFenceCallback(OnChildSignaled)) < 0)
            {
                OnChildSignaled(fence);
            }
        }

        OnChildSignaled(this);
    }

    public IReadOnlyList<DmaFence> Fences { get; }

    /// <summary>dma_fence_array_set_deadline: every fence of the array gets the deadline.</summary>
    public override void SetDeadline(ulong deadlineNs)
    {
        base.SetDeadline(deadlineNs);
        foreach (var fence in Fences)
        {
            fence.SetDeadline(deadlineNs);
        }
    }

    private void OnChildSignaled(DmaFence child)
    {
        if (!ReferenceEquals(child, this) && child.Error != 0 && Error == 0 && !IsSignaled)
        {
            SetError(child.Error);
        }

        if (--_pending == 0)
        {
            Signal();
        }
    }
}
