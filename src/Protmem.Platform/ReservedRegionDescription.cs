using Protmem.Hardware;

namespace Protmem.Platform;

/// <summary>
/// One reserved-memory region as the kernel boots with it: a child of <c>/reserved-memory</c> (its
/// placement resolved) or an entry of the memory reservation block.
/// </summary>
/// <param name="Name">The node name (e.g. <c>linux,cma</c>, <c>optee@43200000</c>); devices name it in <c>memory-region</c>.</param>
/// <param name="Path">The node's path, or <c>/memreserve/</c> for a reservation-block entry.</param>
/// <param name="Range">Where the region is, page-aligned.</param>
/// <param name="NoMap"><c>no-map</c>: the range leaves the kernel's direct map.</param>
/// <param name="Reusable"><c>reusable</c>: the kernel may use it while its owner does not (CMA).</param>
/// <param name="Compatible">The node's <c>compatible</c> strings (e.g. <c>shared-dma-pool</c>), empty when absent.</param>
/// <param name="IsCmaDefault"><c>linux,cma-default</c>.</param>
/// <param name="IsDynamic">True when placed at boot from <c>size</c> (and <c>alignment</c>, <c>alloc-ranges</c>), not a fixed <c>reg</c>.</param>
public sealed record ReservedRegionDescription(
    string Name,
    string Path,
    PhysRange Range,
    bool NoMap = false,
    bool Reusable = false,
    IReadOnlyList<string>? Compatible = null,
    bool IsCmaDefault = false,
    bool IsDynamic = false)
{
    /// <summary>The compatible of DMA pools, CMA areas among them.</summary>
    public const string SharedDmaPool = "shared-dma-pool";

    /// <summary>The compatible of the Linaro restricted heap's carveout.</summary>
    public const string LinaroRestrictedHeap = "linaro,restricted-heap";

    /// <summary>The compatible strings, never null.</summary>
    public IReadOnlyList<string> CompatibleStrings => Compatible ?? [];

    /// <summary>A CMA area: a reusable shared-dma-pool.</summary>
    public bool IsCma => Reusable && CompatibleStrings.Contains(SharedDmaPool);

    /// <summary>A Linaro restricted heap's carveout.</summary>
    public bool IsRestrictedHeap => CompatibleStrings.Contains(LinaroRestrictedHeap);
}
