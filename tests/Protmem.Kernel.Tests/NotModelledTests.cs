using Protmem.Uapi;

namespace Protmem.Kernel.Tests;

/// <summary>A path a program reaches that the model does not cover: Linux's errno, and a finding naming the call.</summary>
public class NotModelledTests
{
    private const int MAP_GROWSDOWN = 0x0100;
    private const int MAP_HUGETLB = 0x40000;
    private const int Anon = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
    private const int ReadWrite = Mman.PROT_READ | Mman.PROT_WRITE;

    [Fact]
    public void Mmap_AnonymousHugetlb_EnomemAndOneFindingWithTheCall()
    {
        var kernel = TestMachine.Boot();
        var p = kernel.Spawn("app");

        Assert.Equal(-Errno.ENOMEM, p.Mmap(0, 2UL << 20, ReadWrite, Anon | MAP_HUGETLB, -1, 0));
        Assert.Equal(-Errno.ENOMEM, p.Mmap(0, 4096, ReadWrite, Anon | MAP_HUGETLB, -1, 0));

        var finding = Assert.Single(kernel.NotModelled.Findings);
        Assert.Contains("MAP_HUGETLB", finding.What, StringComparison.Ordinal);
        Assert.Equal("mmap(0x0, 0x200000, 0x3, 0x40022, -1, 0x0)", finding.Call);
        Assert.Equal(p.ToString(), finding.Process);
        Assert.Equal(Errno.ENOMEM, finding.Errno);
        Assert.Equal(2, finding.Count);
        Assert.Equal(0, p.Memory.Vmas.MapCount);
    }

    [Fact]
    public void Mmap_FileHugetlb_EinvalAndNoFinding()
    {
        var kernel = TestMachine.Boot();
        var p = kernel.Spawn("app");
        var heap = TestMachine.OpenHeap(p, "system");
        var args = TestMachine.MapArgs(p);
        var buf = TestMachine.Alloc(p, heap, args, 4096);

        Assert.Equal(-Errno.EINVAL, p.Mmap(0, 4096, ReadWrite, Mman.MAP_SHARED | MAP_HUGETLB, buf, 0));
        Assert.True(kernel.NotModelled.IsEmpty);
    }

    [Fact]
    public void Mmap_PrivateGrowsdown_MapsUsableMemoryAndRecordsThatItNeverGrows()
    {
        var kernel = TestMachine.Boot();
        var p = kernel.Spawn("app");

        var addr = p.Mmap(0, 8192, ReadWrite, Anon | MAP_GROWSDOWN, -1, 0);

        Assert.True(addr > 0, Errno.Describe((int)-addr));
        Assert.Equal(0, p.WriteMemory((ulong)addr, new byte[] { 1, 2, 3 }));
        var finding = Assert.Single(kernel.NotModelled.Findings);
        Assert.Contains("MAP_GROWSDOWN", finding.What, StringComparison.Ordinal);
        Assert.Equal(0, finding.Errno);
        Assert.Contains("-> 0", finding.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_SameCallsOnTwoKernels_AreEqual()
    {
        static IReadOnlyList<Core.NotModelledFinding> Run()
        {
            var kernel = TestMachine.Boot();
            var p = kernel.Spawn("app");
            p.Mmap(0, 4096, ReadWrite, Anon | MAP_GROWSDOWN, -1, 0);
            p.Mmap(0, 4096, ReadWrite, Anon | MAP_HUGETLB, -1, 0);
            p.Mmap(0, 4096, ReadWrite, Anon | MAP_GROWSDOWN, -1, 0);
            return kernel.NotModelled.Findings;
        }

        var first = Run();
        Assert.Equal(first, Run());
        Assert.Equal([2, 1], first.Select(f => f.Count));
    }
}
