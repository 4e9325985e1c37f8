using Protmem.Hardware;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Kernel.DmaBufs.Heaps;

/// <summary>
/// The CMA heap (drivers/dma-buf/heaps/cma_heap.c): one contiguous run of zeroed pages from a CMA
/// area, aligned to the buffer's order capped at CONFIG_CMA_ALIGNMENT. cma_alloc migrates the movable
/// pages that were using the area; the cost is the CMA figure per call plus the copy of every
/// migrated page (costs.md). The heap takes the area's name.
/// </summary>
public sealed class CmaHeap : IDmaHeapOps
{
    private readonly KernelContext _kernel;
    private readonly CmaArea _area;
    private readonly PageBufferOps _ops;

    private CmaHeap(KernelContext kernel, CmaArea area)
    {
        _kernel = kernel;
        _area = area;
        _ops = new PageBufferOps(kernel, Free);
    }

    /// <summary>module_init(add_cma_heaps): a heap over the default CMA area, when there is one.</summary>
    internal static int ModuleInit(KernelContext kernel)
    {
        if (kernel.Pages.DefaultCma is { } area)
        {
            Register(kernel, area);
        }

        return 0;
    }

    /// <summary>Registers /dev/dma_heap/&lt;area name&gt; over <paramref name="area"/>.</summary>
    public static DmaHeap Register(KernelContext kernel, CmaArea area)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(area);
        var result = kernel.DmaHeaps.Add(area.Name, new CmaHeap(kernel, area), area, out var heap);
        return result == 0 ? heap! : throw new KernelOopsException($"the CMA heap '{area.Name}' could not register: {Errno.Describe(result)}");
    }

    public DmaHeapProperties Properties => DmaHeapProperties.ContiguousPages;

    /// <summary>One contiguous range of ordinary RAM: any device with DMA can address it.</summary>
    public bool CanImport(PlatformDevice device) => device.Master is not null;

    public int Allocate(DmaHeap heap, ulong length, uint fdFlags, ulong heapFlags, out DmaBuf? buffer)
    {
        buffer = null;
        var pages = length >> HwConstants.PageShift;
        var align = Math.Min(MmConstants.GetOrder(length), CmaArea.ConfigCmaAlignment);
        if (pages > _area.Range.Count || !_kernel.Pages.TryCmaAlloc(_area, pages, align, zero: true, out var phys))
        {
            return -Errno.ENOMEM;
        }

        buffer = DmaBuf.Export(_kernel, _ops, length, (int)fdFlags, new PageBuffer([new PhysRange(phys, length)], [-1]), _area.Name);
        return 0;
    }

    private void Free(PageBuffer storage) => _kernel.Pages.CmaRelease(_area, storage.Chunks[0].Start, storage.Chunks[0].Length >> HwConstants.PageShift);
}
