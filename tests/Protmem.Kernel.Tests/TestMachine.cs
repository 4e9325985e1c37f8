using Protmem.Hardware;
using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.DmaHeap;

namespace Protmem.Kernel.Tests;

/// <summary>
/// A small board and its kernel: 256 MiB of DRAM with a 64 MiB CMA area ("linux,cma"), a 2 MiB
/// no-map carveout, a "gpu" device behind an RK IOMMU and a "dma" device without one.
/// </summary>
internal static class TestMachine
{
    public const ulong DramBase = 0x4000_0000;
    public const ulong DramSize = 256UL << 20;
    public const ulong CmaBase = DramBase + (128UL << 20);
    public const ulong CmaSize = 64UL << 20;
    public const ulong CarveoutBase = DramBase + (224UL << 20);
    public const ulong CarveoutSize = 2UL << 20;
    public const string CmaName = "linux,cma";

    public static SocDescription Description(ulong seed = 1) => new()
    {
        Name = "kernel-test-board",
        DramBanks = [new DramBankDescription(DramBase, DramSize)],
        Masters = [new BusMasterDescription(1, "gpu"), new BusMasterDescription(2, "dma")],
        Iommus = [new IommuDescription("gpu-mmu", ["gpu"], IotlbEntries: 16)],
        Seed = seed,
    };

    public static KernelConfig Config(Soc soc, bool withCma = true) => new()
    {
        Soc = soc,
        ReservedMemory = withCma
            ?
            [
                new ReservedMemoryRegion(CmaName, new PhysRange(new PhysAddr(CmaBase), CmaSize), Reusable: true, Compatible: ReservedMemoryRegion.SharedDmaPool),
                new ReservedMemoryRegion("secure-carveout", new PhysRange(new PhysAddr(CarveoutBase), CarveoutSize), NoMap: true),
            ]
            : [new ReservedMemoryRegion("secure-carveout", new PhysRange(new PhysAddr(CarveoutBase), CarveoutSize), NoMap: true)],
        Devices =
        [
            new DeviceConfig("gpu0", "arm,mali", "gpu"),
            new DeviceConfig("dma0", "arm,pl330", "dma"),
        ],
        MaxOpenFiles = 64,
    };

    public static KernelContext Boot(ulong seed = 1, bool withCma = true) => KernelContext.Boot(Config(new Soc(Description(seed)), withCma));

    /// <summary>A 64 MiB board with a 16 MiB CMA area, for property tests that check the whole allocator often.</summary>
    public static KernelContext BootSmall(ulong seed = 1)
    {
        var soc = new Soc(Description(seed) with { DramBanks = [new DramBankDescription(DramBase, 64UL << 20)] });
        return KernelContext.Boot(new KernelConfig
        {
            Soc = soc,
            ReservedMemory =
            [
                new ReservedMemoryRegion(CmaName, new PhysRange(new PhysAddr(DramBase + (32UL << 20)), 16UL << 20), Reusable: true, Compatible: ReservedMemoryRegion.SharedDmaPool),
                new ReservedMemoryRegion("secure-carveout", new PhysRange(new PhysAddr(DramBase + (56UL << 20)), 2UL << 20), NoMap: true),
            ],
            Devices = [new DeviceConfig("gpu0", "arm,mali", "gpu"), new DeviceConfig("dma0", "arm,pl330", "dma")],
            MaxOpenFiles = 16,
        });
    }

    /// <summary>Maps one anonymous read-write page in <paramref name="sys"/> for ioctl arguments.</summary>
    public static ulong MapArgs(ISyscalls sys, ulong length = 4096)
    {
        var addr = sys.Mmap(0, length, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        Assert.True(addr > 0, $"anonymous mmap failed: {Errno.Describe((int)-addr)}");
        return (ulong)addr;
    }

    /// <summary>DMA_HEAP_IOCTL_ALLOC through user memory at <paramref name="args"/>: the ioctl result and the fd written back.</summary>
    public static int Alloc(ISyscalls sys, int heapFd, ulong args, ulong length, uint fdFlags = Fcntl.O_RDWR | Fcntl.O_CLOEXEC, ulong heapFlags = 0, uint fdIn = 0)
    {
        var data = new DmaHeapAllocationData { Len = length, Fd = fdIn, FdFlags = fdFlags, HeapFlags = heapFlags };
        var bytes = new byte[DmaHeapAllocationData.Size];
        data.Write(bytes);
        Assert.Equal(0, sys.WriteMemory(args, bytes));
        var result = sys.Ioctl(heapFd, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, args);
        if (result < 0)
        {
            return result;
        }

        Assert.Equal(0, sys.ReadMemory(args, bytes));
        return (int)DmaHeapAllocationData.Read(bytes).Fd;
    }

    public static int OpenHeap(ISyscalls sys, string name) => sys.Open(DmaHeapIoctl.DevicePrefix + name, Fcntl.O_RDWR);
}
