using Protmem.Hardware;
using Protmem.Kernel.Iommu;

namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// The dma-buf ops every protected buffer shares (drivers/tee/tee_heap.c's <c>tee_heap_buf_ops</c>; the
/// Linaro and MediaTek heaps carry the same four hooks). The buffer's <c>priv</c> is an <see cref="IProtectedBuffer"/>.
/// 1. attach: the attachment gets its own sg table of the buffer's ranges, for any device. Whether a device
///    may reach the memory is the hardware's decision: a device the firewall refuses is attached and
///    mapped like any other, and faults when it accesses the buffer (tee_heap_attach does not check).
/// 2. map_dma_buf: the DMA API gives the table device addresses (IOVAs behind an IOMMU).
/// 3. unmap_dma_buf, 4. detach: paired with 2 and 1.
/// 5. release: the exporter frees the ranges.
/// No CPU access: mmap and vmap keep the -EINVAL of a missing hook.
/// Each exporter holds its own instance, so it recognises its own buffers by their ops (as
/// tee_heap_update_from_dma_buf compares <c>dmabuf-&gt;ops</c>).
/// </summary>
public sealed class ProtectedBufferOps(KernelContext kernel) : SgDmaBufOps(kernel)
{
    /// <summary>True when <paramref name="buffer"/> was exported with these ops.</summary>
    public bool Owns(DmaBuf buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return ReferenceEquals(buffer.Ops, this);
    }

    protected override IReadOnlyList<PhysRange> RangesOf(DmaBuf buffer) => PrivateOf(buffer).Ranges;

    /// <summary>Every buffer of these ops is protected: its heap (the exporter's name) and its use case.</summary>
    public override DmaBufProtection Protection(DmaBuf buffer) => new(buffer.ExporterName, PrivateOf(buffer).UseCase);

    public override void Release(DmaBuf buffer) => PrivateOf(buffer).Release();

    private static IProtectedBuffer PrivateOf(DmaBuf buffer) =>
        buffer.ExporterPrivate as IProtectedBuffer
        ?? throw new Core.KernelOopsException($"dma-buf '{buffer.ExporterName}' uses the protected-buffer ops without an IProtectedBuffer");
}
