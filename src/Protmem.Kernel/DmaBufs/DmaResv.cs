namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// A reservation object (<c>struct dma_resv</c>): the fences of a buffer, each with its usage. A new
/// fence replaces an older one of the same context with a usage at least as strong.
/// </summary>
public sealed class DmaResv
{
    private readonly List<(DmaFence Fence, DmaResvUsage Usage)> _fences = [];

    /// <summary>Fences held, signaled or not.</summary>
    public int Count => _fences.Count;

    /// <summary>dma_resv_usage_rw: what a CPU or device access waits for: a writer waits for readers too.</summary>
    public static DmaResvUsage UsageRw(bool write) => write ? DmaResvUsage.Read : DmaResvUsage.Write;

    /// <summary>dma_resv_add_fence.</summary>
    public void AddFence(DmaFence fence, DmaResvUsage usage)
    {
        ArgumentNullException.ThrowIfNull(fence);
        for (var i = 0; i < _fences.Count; i++)
        {
            var (old, oldUsage) = _fences[i];
            if (old.Context == fence.Context && old.Seqno <= fence.Seqno && oldUsage >= usage && fence.Context != 0)
            {
                _fences[i] = (fence, usage);
                return;
            }
        }

        _fences.RemoveAll(f => f.Fence.IsSignaled);
        _fences.Add((fence, usage));
    }

    /// <summary>dma_resv_get_fences: every fence whose usage is <paramref name="usage"/> or stronger.</summary>
    public IReadOnlyList<DmaFence> GetFences(DmaResvUsage usage)
    {
        var result = new List<DmaFence>();
        foreach (var (fence, u) in _fences)
        {
            if (u <= usage)
            {
                result.Add(fence);
            }
        }

        return result;
    }

    /// <summary>dma_resv_test_signaled: true when every fence of that usage or stronger has signaled.</summary>
    public bool TestSignaled(DmaResvUsage usage)
    {
        foreach (var (fence, u) in _fences)
        {
            if (u <= usage && !fence.IsSignaled)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Drops every fence (dma_resv_fini).</summary>
    public void Fini() => _fences.Clear();
}
