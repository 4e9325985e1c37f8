using Protmem.Hardware;
using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Kernel.Tests;

/// <summary>Anonymous memory is movable: it may sit in CMA, and a CMA allocation migrates it without the process noticing.</summary>
public class CmaMigrationTests
{
    private const ulong CmaStart = TestMachine.DramBase + (16UL << 20);
    private const ulong CmaLength = 48UL << 20;

    [Fact]
    public void CmaHeapAlloc_MigratesAnonymousPagesOut_ProcessKeepsItsBytes()
    {
        var soc = new Soc(TestMachine.Description() with { DramBanks = [new DramBankDescription(TestMachine.DramBase, 64UL << 20)] });
        var kernel = KernelContext.Boot(new KernelConfig
        {
            Soc = soc,
            ReservedMemory = [new ReservedMemoryRegion("linux,cma", new PhysRange(new PhysAddr(CmaStart), CmaLength), Reusable: true, Compatible: ReservedMemoryRegion.SharedDmaPool)],
        });
        var cma = new PhysRange(new PhysAddr(CmaStart), CmaLength);
        using var p = kernel.Spawn("app");
        const ulong size = 4UL << 20;
        var anon = (ulong)p.Mmap(0, size, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        var pattern = new byte[size];
        new Random(3).NextBytes(pattern);
        Assert.Equal(0, p.WriteMemory(anon, pattern));
        int InCma() => Enumerable.Range(0, (int)(size / 4096))
            .Count(i => p.Memory.Space.TryTranslate(new CpuVirtAddr(anon + ((ulong)i * 4096)), out var phys, out _) && cma.Contains(phys));
        Assert.True(InCma() > 0, "with most free memory in CMA, movable pages are served from it");

        var args = TestMachine.MapArgs(p);
        var heap = TestMachine.OpenHeap(p, "linux,cma");
        var clock = soc.Clock.Now;
        var fd = TestMachine.Alloc(p, heap, args, CmaLength);
        Assert.True(fd >= 0, Errno.Describe(-fd));
        Assert.True(soc.Clock.Now - clock >= (ulong)soc.Costs.CmaAlloc);
        Assert.Equal(0, InCma());
        var back = new byte[size];
        Assert.Equal(0, p.ReadMemory(anon, back));
        Assert.Equal(pattern, back);
        kernel.AssertInvariants();
    }
}
