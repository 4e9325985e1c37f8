using Protmem.Hardware;
using Protmem.Kernel.Iommu;

namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// The attach and map hooks every page-backed exporter here shares (the system and CMA heaps, the
/// protected heaps, DRM PRIME): attach gives the attachment its own sg table of the buffer's physical
/// ranges; map_dma_buf hands it to the DMA API (device addresses, IOVAs behind an IOMMU); unmap and
/// detach undo them. An exporter says only which ranges a buffer covers.
/// </summary>
/// <remarks>Model: Linux spells these hooks out in each exporter (system_heap_attach, drm_gem_map_dma_buf, ...); they do the same.</remarks>
public abstract class SgDmaBufOps(KernelContext kernel) : DmaBufOps
{
    /// <summary>The kernel whose DMA API maps the attachments.</summary>
    protected KernelContext Kernel { get; } = kernel;

    /// <summary>The physical ranges of <paramref name="buffer"/>, in buffer order.</summary>
    protected abstract IReadOnlyList<PhysRange> RangesOf(DmaBuf buffer);

    public override int Attach(DmaBuf buffer, DmaBufAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(attachment);
        attachment.ExporterPrivate = new SgTable([.. RangesOf(buffer)]);
        return 0;
    }

    public override void Detach(DmaBuf buffer, DmaBufAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        attachment.ExporterPrivate = null;
    }

    public override int MapDmaBuf(DmaBufAttachment attachment, DmaDataDirection direction, out SgTable? table)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        var sg = (SgTable)attachment.ExporterPrivate!;
        var result = Kernel.Dma.MapSgtable(attachment.Device, sg, direction);
        table = result == 0 ? sg : null;
        return result;
    }

    public override void UnmapDmaBuf(DmaBufAttachment attachment, SgTable table, DmaDataDirection direction)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        Kernel.Dma.UnmapSgtable(attachment.Device, table, direction);
    }
}
