using Protmem.Hardware;
using Protmem.Kernel.DmaBufs;

namespace Protmem.Kernel.Media.V4l2;

/// <summary>
/// struct vb2_plane for V4L2_MEMORY_DMABUF: the dma-buf queued in the plane (a reference held from QBUF until
/// the buffer is freed or requeued with another dma-buf), its attachment to the queue's device, and while the
/// buffer is queued the mapping (an sg table of device addresses through the device's IOMMU).
/// </summary>
public sealed class Vb2Plane
{
    /// <summary>The dma-buf, or null before the first QBUF.</summary>
    public DmaBuf? DmaBuf { get; internal set; }

    /// <summary>The fd the program queued it with (what QUERYBUF reports in m.fd).</summary>
    public int Fd { get; internal set; }

    /// <summary>dma_buf_attach's result, paired with dma_buf_detach when the plane lets the dma-buf go.</summary>
    public DmaBufAttachment? Attachment { get; internal set; }

    /// <summary>dma_buf_map_attachment's table while the buffer is queued (paired with the unmap at DQBUF), else null.</summary>
    public SgTable? Table { get; internal set; }

    /// <summary>The plane's length: the dma-buf's size unless the program gave less.</summary>
    public uint Length { get; internal set; }

    /// <summary>Bytes of data: given by the program on OUTPUT, set by the driver on CAPTURE.</summary>
    public uint BytesUsed { get; internal set; }

    /// <summary>Where the data starts in the plane.</summary>
    public uint DataOffset { get; internal set; }

    /// <summary>vb2_dma_contig_plane_dma_addr: the device address of the plane's first byte (mapped planes only).</summary>
    public DeviceAddr DmaAddress => Table is { } table ? table.DmaAddressOf(0) : throw new Core.KernelOopsException("the device address of a plane that is not mapped");
}
