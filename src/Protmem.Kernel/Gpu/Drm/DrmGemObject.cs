using Protmem.Hardware;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// A GEM buffer object (<c>struct drm_gem_object</c>): its size, its backing (pages of its own, as
/// drm_gem_shmem has, or an imported dma-buf's attachment and sg table), its reservation object, and an
/// explicit reference count. Handles (<see cref="DrmFile"/>) and an exported dma-buf each hold a reference.
/// 1. A driver creates it (pages) or <see cref="DrmDevice"/> imports it (PRIME_FD_TO_HANDLE).
/// 2. <see cref="Get"/> / <see cref="Put"/> (drm_gem_object_get / put) pair up.
/// 3. The last put frees it (<see cref="Free"/>): an import is unmapped, detached and its dma-buf put;
///    own pages go back to the page allocator.
/// </summary>
public class DrmGemObject
{
    private readonly DmaResv? _ownResv;
    private int _refCount = 1;

    /// <summary>An object backed by pages of its own (drm_gem_shmem_create); one reference.</summary>
    protected internal DrmGemObject(DrmDevice device, ulong size, IReadOnlyList<PhysRange> pages)
    {
        Device = device;
        Size = size;
        Pages = pages;
        _ownResv = new DmaResv();
        MmapOffset = device.AllocMmapOffset(size);
        device.OnGemCreated(this);
    }

    /// <summary>An object backed by an imported dma-buf (drm_gem_prime_import_dev); one reference.</summary>
    protected internal DrmGemObject(DrmDevice device, DmaBufAttachment attachment, SgTable table)
    {
        Device = device;
        Size = attachment.Buffer.Size;
        ImportAttach = attachment;
        ImportSgt = table;
        MmapOffset = device.AllocMmapOffset(Size);
        device.OnGemCreated(this);
    }

    public DrmDevice Device { get; }

    /// <summary>Bytes (a multiple of the page size).</summary>
    public ulong Size { get; }

    /// <summary>The object's own pages, or null for an import.</summary>
    public IReadOnlyList<PhysRange>? Pages { get; }

    /// <summary>The attachment of an imported dma-buf (<c>import_attach</c>), or null.</summary>
    public DmaBufAttachment? ImportAttach { get; }

    /// <summary>The imported dma-buf's sg table, mapped for the device, or null.</summary>
    public SgTable? ImportSgt { get; }

    /// <summary>The dma-buf this object is exported as, while it is (<c>obj->dma_buf</c>).</summary>
    public DmaBuf? ExportedBuffer { get; internal set; }

    /// <summary>The reservation object: the imported dma-buf's, else the object's own.</summary>
    public DmaResv Resv => ImportAttach?.Buffer.Resv ?? _ownResv!;

    /// <summary>The fake offset a DRM file mmaps the object at (drm_vma_node_offset_addr).</summary>
    public ulong MmapOffset { get; }

    /// <summary>References held; 0 once freed.</summary>
    public int RefCount => _refCount;

    /// <summary>Handles naming the object, over all files (<c>handle_count</c>).</summary>
    public int HandleCount { get; internal set; }

    public bool IsFreed => _refCount == 0;

    /// <summary>The physical ranges behind the object: its pages, or the import's sg table.</summary>
    public IReadOnlyList<PhysRange> Backing => Pages ?? ImportSgt!.Chunks;

    /// <summary>drm_gem_object_get; paired with <see cref="Put"/>.</summary>
    public DrmGemObject Get()
    {
        if (_refCount <= 0)
        {
            throw new KernelOopsException("drm_gem_object_get on a freed object");
        }

        _refCount++;
        return this;
    }

    /// <summary>drm_gem_object_put; the last reference frees the object.</summary>
    public void Put()
    {
        if (_refCount <= 0)
        {
            throw new KernelOopsException("drm_gem_object_put on a freed object (a reference was dropped twice)");
        }

        if (--_refCount == 0)
        {
            Free();
            Device.OnGemFreed(this);
        }
    }

    /// <summary>
    /// The driver's free hook (<c>drm_gem_object_funcs.free</c>). The base releases the backing; a driver
    /// that overrides it calls the base after its own teardown.
    /// </summary>
    protected virtual void Free()
    {
        if (ImportAttach is { } attachment)
        {
            // drm_prime_gem_destroy: paired with the import's attach, map and get_dma_buf.
            var buffer = attachment.Buffer;
            buffer.UnmapAttachment(attachment, ImportSgt!, Iommu.DmaDataDirection.Bidirectional);
            buffer.Detach(attachment);
            buffer.Put();
        }
        else
        {
            Device.FreeShmemPages(Pages!);
        }

        _ownResv?.Fini();
    }

    public override string ToString() => $"gem({Device.Driver.Name}, 0x{Size:x} bytes{(ImportAttach is null ? "" : ", imported")})";
}
