using System.Globalization;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Tee;
using Protmem.Uapi.DmaHeap;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Fs;

/// <summary>
/// /sys/kernel/protmem: what each device can work with and what each heap's memory is, so one program
/// can find its heap on every board (docs/sysfs-protmem.md). Protmem's own: Linux has no such tree.
/// <code>
/// heaps/&lt;heap&gt;/{dev,alloc,protected,use_case,contiguous,cpu_mappable}
/// devices/&lt;device&gt;/{dev,iommu,heaps}     one per device of the board, and one per TEE (tee0)
/// </code>
/// 1. At boot each device gets its directory; every dma-heap gets one as it registers.
/// 2. At TEE probe the TEE gets its directory, and on the seed design each RSTMEM use case its heap.
/// 3. Every value is computed when read, from the heap backends' and the TEE driver's own knowledge.
/// </summary>
internal sealed class ProtmemSysfs
{
    public const string Root = "/sys/kernel/protmem";

    private readonly KernelContext _kernel;
    private readonly List<ProtmemSysfsHeap> _heaps = [];

    public ProtmemSysfs(KernelContext kernel)
    {
        _kernel = kernel;
        kernel.DmaHeaps.HeapAdded += heap => AddHeap(new ProtmemSysfsHeap(
            heap.Name,
            heap.DevicePath,
            nameof(DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC),
            heap.Ops.Properties,
            heap.Ops.CanImport,
            tee => tee.CanRegisterFd(heap)));
    }

    /// <summary>The use-case word of a TEE use case (the protected heaps' suffix), "none" for 0.</summary>
    public static string UseCaseName(uint useCase) => useCase == 0 ? "none" : TeeHeap.NameOf(useCase)?["protected,".Length..] ?? useCase.ToString(CultureInfo.InvariantCulture);

    /// <summary>devices/&lt;name&gt; for a device of the board.</summary>
    public void AddDevice(PlatformDevice device)
    {
        var directory = $"{Root}/devices/{device.Name}";
        _kernel.Sysfs.CreateFile($"{directory}/dev", () => Lines(_kernel.DeviceNodes.NodesOf(device)));
        _kernel.Sysfs.CreateFile($"{directory}/iommu", () => device.Iommu is { } iommu ? $"{iommu.Name}\n" : "none\n");
        _kernel.Sysfs.CreateFile($"{directory}/heaps", () => Lines(_heaps.Where(h => h.CanImport(device)).Select(h => h.Name)));
    }

    /// <summary>devices/&lt;tee&gt; for a TEE, and on the seed design heaps/rstmem,&lt;use case&gt; for each of its pools.</summary>
    public void AddTee(TeeDevice tee)
    {
        if (tee.RstmemAllocEnabled)
        {
            foreach (var pool in tee.ProtmemPools.Values)
            {
                AddHeap(new ProtmemSysfsHeap(
                    $"rstmem,{UseCaseName(pool.UseCase)}",
                    tee.DevicePath,
                    nameof(TeeIoctl.TEE_IOC_RSTMEM_ALLOC),
                    DmaHeapProperties.ProtectedMemory(pool.UseCase, contiguous: true),
                    pool.Admits,
                    owner => owner == tee));
            }
        }

        var directory = $"{Root}/devices/{tee.Name}";
        _kernel.Sysfs.CreateFile($"{directory}/dev", () => $"{tee.DevicePath}\n");
        _kernel.Sysfs.CreateFile($"{directory}/iommu", () => "none\n");
        _kernel.Sysfs.CreateFile($"{directory}/heaps", () => Lines(_heaps.Where(h => h.TeeTakes(tee)).Select(h => h.Name)));
    }

    private void AddHeap(ProtmemSysfsHeap heap)
    {
        _heaps.Add(heap);
        var directory = $"{Root}/heaps/{heap.Name}";
        var properties = heap.Properties;
        _kernel.Sysfs.CreateFile($"{directory}/dev", () => $"{heap.Node}\n");
        _kernel.Sysfs.CreateFile($"{directory}/alloc", () => $"{heap.Allocation}\n");
        _kernel.Sysfs.CreateFile($"{directory}/protected", () => Flag(properties.Protected));
        _kernel.Sysfs.CreateFile($"{directory}/use_case", () => $"{UseCaseName(properties.UseCase)}\n");
        _kernel.Sysfs.CreateFile($"{directory}/contiguous", () => Flag(properties.Contiguous));
        _kernel.Sysfs.CreateFile($"{directory}/cpu_mappable", () => Flag(properties.CpuMappable));
    }

    private static string Flag(bool value) => value ? "1\n" : "0\n";

    private static string Lines(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));
}
