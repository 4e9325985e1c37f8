using Protmem.Userspace.Selftests;

namespace Protmem.Kernel.Tests;

/// <summary>Linux's dmabuf-heaps selftest, run as a user program against every heap of the test machine.</summary>
public class DmabufHeapsSelftestTests
{
    [Theory]
    [InlineData("system")]
    [InlineData(TestMachine.CmaName)]
    public void Selftest_OnHeap_AllElevenChecksPassIncludingVgemImport(string heap)
    {
        var kernel = TestMachine.Boot();
        var before = kernel.Snapshot();
        using var output = new StringWriter();
        SelftestReport report;
        using (var process = kernel.Spawn("dmabuf-heap"))
        {
            report = new DmabufHeapsSelftest(process, output).Run([heap]);
        }

        var checks = report.ForHeap(heap).ToList();
        Assert.Equal(DmabufHeapsSelftest.ChecksPerHeap, checks.Count);
        Assert.True(report.Ok, output.ToString());

        // vgem is registered: the import check runs (PRIME_FD_TO_HANDLE, then GEM_CLOSE) and passes with the rest.
        Assert.DoesNotContain(checks, c => c.Outcome == CheckOutcome.Skip);
        Assert.Equal(DmabufHeapsSelftest.ChecksPerHeap, checks.Count(c => c.Outcome == CheckOutcome.Pass));
        Assert.Contains(checks, c => c.Name == "Import buffer" && c.Outcome == CheckOutcome.Pass);
        Assert.Equal(before, kernel.Snapshot());
        kernel.AssertInvariants();
    }

    [Fact]
    public void Selftest_OverEveryHeapInDevDmaHeap_Passes()
    {
        var kernel = TestMachine.Boot();
        var heaps = kernel.DeviceNodes.List("/dev/dma_heap");
        Assert.Equal(new[] { TestMachine.CmaName, "system" }, heaps);
        using var output = new StringWriter();
        using var process = kernel.Spawn("dmabuf-heap");
        var report = new DmabufHeapsSelftest(process, output).Run(heaps);
        Assert.True(report.Ok, output.ToString());
        Assert.Equal(DmabufHeapsSelftest.ChecksPerHeap * heaps.Count, report.Checks.Count);
    }
}
