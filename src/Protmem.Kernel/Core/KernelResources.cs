namespace Protmem.Kernel.Core;

/// <summary>
/// What the kernel holds at one moment, for leak checks: equal snapshots before a workload and after
/// every process of it has exited mean nothing was left behind.
/// </summary>
public sealed record KernelResources(
    ulong FreePages,
    ulong FreeCmaPages,
    ulong AllocatedPages,
    ulong CmaAllocatedPages,
    ulong CmaAvailablePages,
    int IommuDomains,
    ulong IommuTablePages,
    int LiveFiles,
    int LiveDmaBufs,
    int Processes,
    int CpuAddressSpaces,
    ulong VmallocAvailable)
{
    /// <summary>
    /// The snapshot with IOMMU page-table pages counted as free: a domain keeps the page tables it
    /// allocated until it is freed (as the Rockchip driver does), so after a map and unmap they are
    /// the one difference a finished workload leaves.
    /// </summary>
    public KernelResources WithoutIommuTables() => this with
    {
        FreePages = FreePages + IommuTablePages,
        AllocatedPages = AllocatedPages - IommuTablePages,
        IommuTablePages = 0,
    };
}
