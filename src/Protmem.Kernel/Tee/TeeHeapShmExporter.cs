using Protmem.Kernel.DmaBufs;

namespace Protmem.Kernel.Tee;

/// <summary>
/// tee_heap.c's side of SHM_REGISTER_FD (tee_heap_update_from_dma_buf): a buffer of one TEE device's
/// protected heaps (or of its TEE_IOC_RSTMEM_ALLOC) is recognised by that device's buffer ops, and its
/// pool describes it (the static pool as a sub-shm of its carveout, the dynamic pool by its lent range).
/// </summary>
internal sealed class TeeHeapShmExporter(TeeDevice device) : ITeeShmExporter
{
    public bool Owns(DmaBuf buffer) => device.BufferOps.Owns(buffer);

    public int UpdateShm(TeeDevice tee, DmaBuf buffer, TeeShm shm)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(shm);
        var own = (TeeHeapBuffer)buffer.ExporterPrivate!;
        if (tee != device || own.Pool.UpdateShm(own.Range, own.Offset, shm, out var parent) < 0)
        {
            return -Uapi.Errno.EINVAL;
        }

        shm.Parent = parent;
        shm.ParentOffset = parent is null ? 0 : own.Offset;
        return 0;
    }

    public bool TeeTakes(TeeDevice tee, DmaHeap heap)
    {
        ArgumentNullException.ThrowIfNull(heap);
        return tee == device && device.Heaps.Any(h => ReferenceEquals(h, heap.Ops));
    }
}
