using Protmem.Hardware;
using Protmem.Hardware.Mmu;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// drm_gem_prime_dmabuf_ops: the dma-buf operations of an exported GEM object. Each attachment gets its
/// own sg table over the object's pages, mapped for the importer's device through the DMA API; mmap and
/// vmap map the pages; release drops the reference the dma-buf held on the object.
/// </summary>
internal sealed class DrmGemPrimeOps(KernelContext kernel) : SgDmaBufOps(kernel)
{
    protected override IReadOnlyList<PhysRange> RangesOf(DmaBuf buffer) => Object(buffer).Backing;

    public override bool HasMmap => true;

    public override int Mmap(DmaBuf buffer, UserMapping mapping) => DrmDevice.MapObjectPages(Object(buffer), mapping, mapping.Offset);

    public override int Vmap(DmaBuf buffer, out CpuVirtAddr address) =>
        Kernel.Vmalloc.TryVmap(Object(buffer).Backing, CpuPermissions.ReadWrite, out address) ? 0 : -Errno.ENOMEM;

    public override void Vunmap(DmaBuf buffer, CpuVirtAddr address) => Kernel.Vmalloc.Vunmap(address, buffer.Size);

    /// <summary>drm_gem_dmabuf_release: paired with the reference drm_gem_prime_export took.</summary>
    public override void Release(DmaBuf buffer)
    {
        var obj = Object(buffer);
        obj.ExportedBuffer = null;
        obj.Put();
    }

    internal static DrmGemObject Object(DmaBuf buffer) => (DrmGemObject)buffer.ExporterPrivate!;
}
