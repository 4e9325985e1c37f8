using Protmem.Kernel.DmaBufs;

namespace Protmem.Kernel.Tee;

/// <summary>
/// A dma-buf exporter whose buffers TEE_IOC_SHM_REGISTER_FD can turn into a shm. The TEE core never tests
/// a buffer's type: it asks each registered exporter whether the buffer is its own, as tee_shm_register_fd
/// hands the buffer to tee_heap_update_from_dma_buf, which compares <c>dmabuf-&gt;ops</c> with its own.
/// Exporters register themselves (<see cref="KernelContext.TeeShmExporters"/>) when they come up.
/// </summary>
public interface ITeeShmExporter
{
    /// <summary>Whether <paramref name="buffer"/> was exported by this exporter (its ops are this exporter's).</summary>
    bool Owns(DmaBuf buffer);

    /// <summary>
    /// For one of its own buffers: describes it in <paramref name="shm"/> (its pages, or its parent shm and
    /// offset) and returns 0, or -EINVAL when <paramref name="tee"/> cannot take it.
    /// </summary>
    int UpdateShm(TeeDevice tee, DmaBuf buffer, TeeShm shm);

    /// <summary>Whether <paramref name="tee"/> takes the buffers of <paramref name="heap"/> (for /sys/kernel/protmem).</summary>
    bool TeeTakes(TeeDevice tee, DmaHeap heap);
}
