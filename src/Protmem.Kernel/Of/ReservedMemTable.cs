using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs.Heaps;

namespace Protmem.Kernel.Of;

/// <summary>
/// The RESERVEDMEM_OF_DECLARE table (the linker's <c>__reservedmem_of_table</c>): each handler is
/// declared beside the code it sets up; this file only lists them, in link order.
/// </summary>
internal static class ReservedMemTable
{
    public static IReadOnlyList<ReservedMemHandler> Handlers { get; } =
    [
        new("dma_contiguous", ReservedMemoryRegion.SharedDmaPool, ReservedMem.CmaSetup),
        new("restricted_heap_linaro", LinaroRestrictedHeap.Compatible, LinaroRestrictedHeap.ReservedMemSetup),
    ];
}
