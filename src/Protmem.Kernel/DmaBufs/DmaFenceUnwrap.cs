namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// drivers/dma-buf/dma-fence-unwrap.c: the fences inside a container fence (an array, recursively),
/// and their merge, as sync_file merges two files.
/// </summary>
internal static class DmaFenceUnwrap
{
    /// <summary>dma_fence_unwrap_for_each: the leaf fences of <paramref name="fence"/> (itself when it is no array).</summary>
    public static IEnumerable<DmaFence> Leaves(DmaFence fence)
    {
        if (fence is not DmaFenceArray array)
        {
            yield return fence;
            yield break;
        }

        foreach (var child in array.Fences)
        {
            foreach (var leaf in Leaves(child))
            {
                yield return leaf;
            }
        }
    }

    /// <summary>
    /// dma_fence_unwrap_merge: the pending leaves of every fence, one per timeline (the latest), sorted
    /// by timeline; a private signaled stub with the latest signal time when none is pending; that one
    /// fence itself when one remains; otherwise a new array over them on a new timeline.
    /// </summary>
    public static DmaFence Merge(KernelContext kernel, params DmaFence[] fences)
    {
        var pending = new List<DmaFence>();
        ulong? timestamp = null;
        foreach (var fence in fences)
        {
            foreach (var leaf in Leaves(fence))
            {
                if (!leaf.IsSignaled)
                {
                    pending.Add(leaf);
                }
                else if (leaf.Timestamp is { } t && (timestamp is null || t > timestamp))
                {
                    timestamp = t;
                }
            }
        }

        if (pending.Count == 0)
        {
            return DmaFence.PrivateStub(kernel.FenceContextAlloc(), timestamp);
        }

        // Sorted by context, the later seqno first; then the first of each context is kept.
        pending.Sort((a, b) => a.Context != b.Context ? a.Context.CompareTo(b.Context) : b.Seqno.CompareTo(a.Seqno));
        var unique = new List<DmaFence>(pending.Count);
        foreach (var fence in pending)
        {
            if (unique.Count == 0 || unique[^1].Context != fence.Context)
            {
                unique.Add(fence);
            }
        }

        return unique.Count == 1 ? unique[0] : new DmaFenceArray(unique, kernel.FenceContextAlloc(), 1);
    }
}
