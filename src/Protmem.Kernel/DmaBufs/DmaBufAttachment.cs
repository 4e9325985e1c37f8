using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Iommu;

namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// A device's attachment to a dma-buf (<c>struct dma_buf_attachment</c>): the device, the direction
/// it was attached for, the exporter's private data and, while mapped, the sg table.
/// </summary>
public sealed class DmaBufAttachment
{
    internal DmaBufAttachment(DmaBuf buffer, PlatformDevice device, DmaDataDirection direction)
    {
        Buffer = buffer;
        Device = device;
        Direction = direction;
    }

    public DmaBuf Buffer { get; }

    public PlatformDevice Device { get; }

    public DmaDataDirection Direction { get; }

    /// <summary>The exporter's data for this attachment (<c>priv</c>).</summary>
    public object? ExporterPrivate { get; set; }

    /// <summary>The sg table while mapped, else null.</summary>
    public SgTable? Table { get; internal set; }

    /// <summary>True until <see cref="DmaBuf.Detach"/>.</summary>
    public bool IsAttached { get; internal set; } = true;
}
