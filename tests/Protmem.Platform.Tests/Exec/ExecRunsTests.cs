using Protmem.Hardware;
using Protmem.Hardware.Mmu;
using Protmem.Kernel.Core;
using Protmem.Platform.Exec;
using Protmem.Uapi;
using Protmem.Uapi.DmaHeap;

namespace Protmem.Platform.Tests.Exec;

/// <summary>
/// The runs an exec'd program maps a model buffer's pages by: physically contiguous pages of one bank are one
/// run, whatever their number; a page not mapped ends a run.
/// </summary>
public sealed class ExecRunsTests
{
    private const int MiB = 1 << 20;

    [Fact]
    public void Collect_PhysicallyContiguousCmaBuffer_IsOneRunOfTheWholeMapping()
    {
        using var machine = Machine.Boot("qemu-virt");
        var (process, map) = MapBuffer(machine, "linux,cma");
        var runs = new List<ExecRun>();

        ExecRuns.Collect(process.Memory.Space, machine.Soc.Memory.Banks, map, MiB, runs);

        var run = Assert.Single(runs);
        Assert.Equal(0UL, run.Offset);
        Assert.Equal((ulong)MiB, run.Length);
        AssertBacksTheMapping(process, machine, map, runs);
    }

    [Fact]
    public void Collect_SystemHeapBuffer_RunsAreTheMaximalContiguousStretches()
    {
        using var machine = Machine.Boot("qemu-virt");
        var (process, map) = MapBuffer(machine, "system");
        var runs = new List<ExecRun>();

        ExecRuns.Collect(process.Memory.Space, machine.Soc.Memory.Banks, map, MiB, runs);

        // Counted page by page: a stretch ends where the next page is not the next physical page.
        var stretches = 0;
        ulong previous = 0;
        for (ulong offset = 0; offset < MiB; offset += HwConstants.PageSize)
        {
            Assert.True(process.Memory.Space.TryTranslate(new CpuVirtAddr(map + offset), out var phys, out _));
            stretches += offset == 0 || phys.Value != previous + HwConstants.PageSize ? 1 : 0;
            previous = phys.Value;
        }

        Assert.Equal(stretches, runs.Count);
        Assert.True((ulong)runs.Count < MiB / HwConstants.PageSize, $"{runs.Count} runs for {MiB / HwConstants.PageSize} pages");
        AssertBacksTheMapping(process, machine, map, runs);
    }

    [Fact]
    public void Collect_PageUnmappedInTheMiddle_SplitsTheRunAroundIt()
    {
        using var machine = Machine.Boot("qemu-virt");
        var (process, map) = MapBuffer(machine, "linux,cma");
        const ulong hole = MiB / 2;
        Assert.Equal(0, process.Munmap(map + hole, HwConstants.PageSize));
        var runs = new List<ExecRun>();

        ExecRuns.Collect(process.Memory.Space, machine.Soc.Memory.Banks, map, MiB, runs);

        Assert.Equal(2, runs.Count);
        Assert.Equal((0UL, hole), (runs[0].Offset, runs[0].Length));
        Assert.Equal((hole + HwConstants.PageSize, MiB - hole - HwConstants.PageSize), (runs[1].Offset, runs[1].Length));
        Assert.Equal(runs[0].BankOffset + hole + HwConstants.PageSize, runs[1].BankOffset);
        AssertBacksTheMapping(process, machine, map, runs);
    }

    /// <summary>Every page of every run is the page the model's page tables map there.</summary>
    private static void AssertBacksTheMapping(UserProcess process, Machine machine, ulong map, List<ExecRun> runs)
    {
        foreach (var run in runs)
        {
            var bank = machine.Soc.Memory.Banks[run.Bank];
            for (ulong at = 0; at < run.Length; at += HwConstants.PageSize)
            {
                Assert.True(process.Memory.Space.TryTranslate(new CpuVirtAddr(map + run.Offset + at), out var phys, out _));
                Assert.Equal(bank.Base.Value + run.BankOffset + at, phys.Value);
            }
        }
    }

    private static (UserProcess Process, ulong Map) MapBuffer(Machine machine, string heapName)
    {
        var sys = machine.Spawn("runs");
        var heap = sys.Open(DmaHeapIoctl.DevicePrefix + heapName, Fcntl.O_RDONLY | Fcntl.O_CLOEXEC);
        Assert.True(heap >= 0, $"open {heapName}: {heap}");
        var args = (ulong)sys.Mmap(0, HwConstants.PageSize, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        Span<byte> bytes = stackalloc byte[DmaHeapAllocationData.Size];
        new DmaHeapAllocationData { Len = MiB, FdFlags = Fcntl.O_RDWR | Fcntl.O_CLOEXEC }.Write(bytes);
        sys.WriteMemory(args, bytes);
        Assert.Equal(0, sys.Ioctl(heap, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, args));
        sys.ReadMemory(args, bytes);
        var map = sys.Mmap(0, MiB, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, (int)DmaHeapAllocationData.Read(bytes).Fd, 0);
        Assert.True(map > 0, $"mmap: {map}");
        return (((ProcessHandle)sys).Process, (ulong)map);
    }
}
