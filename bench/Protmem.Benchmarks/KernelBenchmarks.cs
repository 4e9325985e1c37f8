using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Protmem.Hardware;
using Protmem.Kernel;
using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.DmaBuf;
using Protmem.Uapi.DmaHeap;

namespace Protmem.Benchmarks;

/// <summary>
/// The kernel's syscall surface as a program drives it: 4 KiB system-heap allocate + close pairs,
/// 1 MiB allocate + mmap + write + unmap + close, and a DMA_BUF_IOCTL_SYNC round trip.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private const ulong DramBase = 0x4000_0000;
    private readonly byte[] _zeroFd = new byte[4];
    private readonly byte[] _fdOut = new byte[4];
    private readonly byte[] _oneMiB = new byte[1 << 20];
    private KernelContext _kernel = null!;
    private UserProcess _process = null!;
    private int _heap;
    private ulong _alloc4K;
    private ulong _alloc1M;
    private ulong _sync;
    private int _syncBuffer;

    [GlobalSetup]
    public void Setup()
    {
        var soc = new Soc(new SocDescription
        {
            Name = "bench-board",
            DramBanks = [new DramBankDescription(DramBase, 1UL << 30)],
            Masters = [new BusMasterDescription(1, "gpu")],
            Iommus = [new IommuDescription("gpu-mmu", ["gpu"])],
        });
        _kernel = KernelContext.Boot(new KernelConfig
        {
            Soc = soc,
            ReservedMemory = [new ReservedMemoryRegion("linux,cma", new PhysRange(new PhysAddr(DramBase + (512UL << 20)), 128UL << 20), Reusable: true, Compatible: ReservedMemoryRegion.SharedDmaPool)],
        });
        _process = _kernel.Spawn("bench");
        _heap = _process.Open(DmaHeapIoctl.DevicePrefix + "system", Fcntl.O_RDWR);
        var args = (ulong)_process.Mmap(0, 4096, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        _alloc4K = args;
        _alloc1M = args + 64;
        _sync = args + 128;
        Stage(_alloc4K, new DmaHeapAllocationData { Len = 4096, FdFlags = Fcntl.O_RDWR | Fcntl.O_CLOEXEC });
        Stage(_alloc1M, new DmaHeapAllocationData { Len = 1 << 20, FdFlags = Fcntl.O_RDWR | Fcntl.O_CLOEXEC });
        Span<byte> sync = stackalloc byte[DmaBufSync.Size];
        new DmaBufSync { Flags = DmaBufIoctl.DMA_BUF_SYNC_START | DmaBufIoctl.DMA_BUF_SYNC_RW }.Write(sync);
        _process.WriteMemory(_sync, sync);
        _syncBuffer = Allocate(_alloc4K);
    }

    /// <summary>DMA_HEAP_IOCTL_ALLOC of 4 KiB from the system heap, then close(2) of the new fd.</summary>
    [Benchmark]
    public int SystemHeap4KAllocClose()
    {
        var fd = Allocate(_alloc4K);
        return _process.Close(fd);
    }

    /// <summary>1 MiB from the system heap, mmap, write every byte, munmap, close.</summary>
    [Benchmark]
    public int SystemHeap1MAllocMmapWriteClose()
    {
        var fd = Allocate(_alloc1M);
        var map = (ulong)_process.Mmap(0, 1 << 20, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, fd, 0);
        _process.WriteMemory(map, _oneMiB);
        _process.Munmap(map, 1 << 20);
        return _process.Close(fd);
    }

    /// <summary>One DMA_BUF_IOCTL_SYNC (START | RW) on a dma-buf fd: the cost of an ioctl round trip.</summary>
    [Benchmark]
    public int DmaBufSyncIoctl() => _process.Ioctl(_syncBuffer, DmaBufIoctl.DMA_BUF_IOCTL_SYNC, _sync);

    private int Allocate(ulong args)
    {
        // The kernel writes the fd back; a program re-arms the struct (fd must be 0 on input).
        _process.WriteMemory(args + 8, _zeroFd);
        var result = _process.Ioctl(_heap, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, args);
        if (result != 0)
        {
            throw new InvalidOperationException($"allocation failed: {Errno.Describe(result)}");
        }

        _process.ReadMemory(args + 8, _fdOut);
        return BinaryPrimitives.ReadInt32LittleEndian(_fdOut);
    }

    private void Stage(ulong address, DmaHeapAllocationData data)
    {
        Span<byte> bytes = stackalloc byte[DmaHeapAllocationData.Size];
        data.Write(bytes);
        _process.WriteMemory(address, bytes);
    }
}
