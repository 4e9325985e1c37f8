using Protmem.Hardware;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// The exporter's operations of a dma-buf (<c>struct dma_buf_ops</c>). Mapping for a device and
/// release are required; the others have Linux's answer for a missing hook as their default: attach
/// and detach do nothing, CPU access hooks succeed, mmap and vmap fail with -EINVAL (a protected
/// buffer keeps those defaults).
/// </summary>
public abstract class DmaBufOps
{
    /// <summary>attach: prepare for <paramref name="attachment"/>'s device (e.g. give it its own sg table); 0 or -errno.</summary>
    public virtual int Attach(DmaBuf buffer, DmaBufAttachment attachment) => 0;

    /// <summary>detach; paired with <see cref="Attach"/>.</summary>
    public virtual void Detach(DmaBuf buffer, DmaBufAttachment attachment)
    {
    }

    /// <summary>map_dma_buf: an sg table whose entries carry device addresses for the attachment's device; 0 or -errno.</summary>
    public abstract int MapDmaBuf(DmaBufAttachment attachment, DmaDataDirection direction, out SgTable? table);

    /// <summary>unmap_dma_buf; paired with <see cref="MapDmaBuf"/>.</summary>
    public abstract void UnmapDmaBuf(DmaBufAttachment attachment, SgTable table, DmaDataDirection direction);

    /// <summary>begin_cpu_access: make the buffer coherent for the CPU; 0 or -errno.</summary>
    public virtual int BeginCpuAccess(DmaBuf buffer, DmaDataDirection direction) => 0;

    /// <summary>end_cpu_access: make the CPU's writes visible to devices; 0 or -errno.</summary>
    public virtual int EndCpuAccess(DmaBuf buffer, DmaDataDirection direction) => 0;

    /// <summary>True when the exporter has an mmap hook.</summary>
    public virtual bool HasMmap => false;

    /// <summary>mmap: map the buffer's pages into <paramref name="mapping"/> (the core checked the range); 0 or -errno.</summary>
    public virtual int Mmap(DmaBuf buffer, UserMapping mapping) => -Errno.EINVAL;

    /// <summary>vmap: a kernel virtual mapping of the whole buffer; 0 or -errno (-EINVAL without the hook).</summary>
    public virtual int Vmap(DmaBuf buffer, out CpuVirtAddr address)
    {
        address = default;
        return -Errno.EINVAL;
    }

    /// <summary>vunmap; paired with <see cref="Vmap"/>.</summary>
    public virtual void Vunmap(DmaBuf buffer, CpuVirtAddr address)
    {
    }

    /// <summary>
    /// Whether the buffer is protected memory, and from which heap: null for ordinary memory.
    /// Model: no such hook in Linux (see <see cref="DmaBufProtection"/>); only the exporter knows its buffers.
    /// </summary>
    public virtual DmaBufProtection? Protection(DmaBuf buffer) => null;

    /// <summary>release: the last reference is gone; free the backing storage.</summary>
    public abstract void Release(DmaBuf buffer);
}
