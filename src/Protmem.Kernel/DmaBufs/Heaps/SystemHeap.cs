using Protmem.Hardware;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Kernel.DmaBufs.Heaps;

/// <summary>
/// The "system" heap (drivers/dma-buf/heaps/system_heap.c): zeroed pages from the buddy allocator,
/// taken as 1 MiB, 64 KiB and 4 KiB chunks (orders 8, 4, 0), largest first, never going back up to a
/// larger order after a smaller one was needed. Costs 16 µs + 70 µs per MiB per call (costs.md).
/// </summary>
public sealed class SystemHeap : IDmaHeapOps
{
    /// <summary>The heap's name.</summary>
    public const string HeapName = "system";

    /// <summary>The chunk orders, largest first: 1 MiB, 64 KiB, 4 KiB.</summary>
    private static ReadOnlySpan<int> Orders => [8, 4, 0];

    private readonly KernelContext _kernel;
    private readonly PageBufferOps _ops;

    private SystemHeap(KernelContext kernel)
    {
        _kernel = kernel;
        _ops = new PageBufferOps(kernel, Free);
    }

    /// <summary>module_init(system_heap_create).</summary>
    internal static int ModuleInit(KernelContext kernel)
    {
        Register(kernel);
        return 0;
    }

    /// <summary>Registers /dev/dma_heap/system.</summary>
    public static DmaHeap Register(KernelContext kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var result = kernel.DmaHeaps.Add(HeapName, new SystemHeap(kernel), null, out var heap);
        return result == 0 ? heap! : throw new KernelOopsException($"the system heap could not register: {Errno.Describe(result)}");
    }

    public DmaHeapProperties Properties => DmaHeapProperties.Scattered;

    /// <summary>Pages from anywhere in RAM: a device must see them through an IOMMU, which makes them contiguous in its address space.</summary>
    public bool CanImport(PlatformDevice device) => device.Master is not null && device.Iommu is not null;

    public int Allocate(DmaHeap heap, ulong length, uint fdFlags, ulong heapFlags, out DmaBuf? buffer)
    {
        buffer = null;
        var pages = _kernel.Pages;
        if (length >> HwConstants.PageShift > pages.Buddy.TotalPages)
        {
            return -Errno.ENOMEM;
        }

        // Model: the cost is charged for a length the RAM could hold; a length past all of RAM fails at
        // once (charging it overflowed the clock after a few calls near 2^64 bytes).
        _kernel.Hardware.Clock.Advance(_kernel.Hardware.Costs.SystemHeapAlloc(length));

        if (length == HwConstants.PageSize)
        {
            // One page: the common small allocation, without the chunk lists.
            if (!pages.TryAllocPages(0, MigrateType.Unmovable, null, zero: true, out var page))
            {
                return -Errno.ENOMEM;
            }

            buffer = DmaBuf.Export(_kernel, _ops, length, (int)fdFlags, new PageBuffer([new PhysRange(page, length)], [0]), HeapName);
            return 0;
        }

        var chunks = new List<PhysRange>();
        var orders = new List<int>();
        var remaining = length;
        var maxIndex = 0;
        while (remaining > 0)
        {
            var found = false;
            for (var i = maxIndex; i < Orders.Length; i++)
            {
                var chunkSize = HwConstants.PageSize << Orders[i];
                if (remaining < chunkSize || !pages.TryAllocPages(Orders[i], MigrateType.Unmovable, null, zero: true, out var phys))
                {
                    continue;
                }

                chunks.Add(new PhysRange(phys, chunkSize));
                orders.Add(Orders[i]);
                remaining -= chunkSize;
                maxIndex = i;
                found = true;
                break;
            }

            if (!found)
            {
                Free(new PageBuffer([.. chunks], [.. orders]));
                return -Errno.ENOMEM;
            }
        }

        buffer = DmaBuf.Export(_kernel, _ops, length, (int)fdFlags, new PageBuffer([.. chunks], [.. orders]), HeapName);
        return 0;
    }

    private void Free(PageBuffer storage)
    {
        for (var i = 0; i < storage.Chunks.Length; i++)
        {
            _kernel.Pages.FreePages(storage.Chunks[i].Start, storage.Orders[i]);
        }
    }
}
