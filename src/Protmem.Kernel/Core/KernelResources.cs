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
    ulong VmallocAvailable);
