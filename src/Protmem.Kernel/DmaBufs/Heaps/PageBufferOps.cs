using Protmem.Hardware;
using Protmem.Hardware.Mmu;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Kernel.DmaBufs.Heaps;

/// <summary>
/// The dma-buf operations the page-backed heaps share (system and CMA): each attachment gets its own
/// copy of the buffer's sg table, mapped for its device through the DMA API; CPU access needs no
/// maintenance (the modelled CPU has no caches); mmap maps the pages into the process; vmap maps them
/// in the vmalloc space. The heap frees the storage on release.
/// </summary>
internal sealed class PageBufferOps(KernelContext kernel, Action<PageBuffer> free) : SgDmaBufOps(kernel)
{
    protected override IReadOnlyList<PhysRange> RangesOf(DmaBuf buffer) => ((PageBuffer)buffer.ExporterPrivate!).Chunks;

    public override bool HasMmap => true;

    public override int Mmap(DmaBuf buffer, UserMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return mapping.MapRanges(RangesOf(buffer), mapping.Offset);
    }

    public override int Vmap(DmaBuf buffer, out CpuVirtAddr address) =>
        Kernel.Vmalloc.TryVmap(((PageBuffer)buffer.ExporterPrivate!).Chunks, CpuPermissions.ReadWrite, out address) ? 0 : -Errno.ENOMEM;

    public override void Vunmap(DmaBuf buffer, CpuVirtAddr address) => Kernel.Vmalloc.Vunmap(address, buffer.Size);

    public override void Release(DmaBuf buffer) => free((PageBuffer)buffer.ExporterPrivate!);
}
