using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Selftests;

namespace Protmem.Userspace.Tests;

/// <summary>The selftest's reporting, driven by scripted heap answers (the end-to-end run needs the kernel).</summary>
public sealed class DmabufHeapsSelftestTests
{
    [Fact]
    public void Run_OnAnOrdinaryHeap_PassesNineAndSkipsVgemImport()
    {
        var process = new FakeProcess();
        _ = new ScriptedHeaps(process, "system");
        var output = new StringWriter();

        var report = new DmabufHeapsSelftest(process, output).Run(["system"]);

        Assert.Equal(11, report.Checks.Count);
        Assert.Equal(10, report.Passed);
        var skipped = Assert.Single(report.Checks, c => c.Outcome == CheckOutcome.Skip);
        Assert.Equal("Import buffer", skipped.Name);
        Assert.True(report.Ok);
        Assert.StartsWith("TAP version 13\n1..11\n", output.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("# Totals: pass:10 fail:0 xfail:0 xpass:0 skip:1 error:0", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OnAProtectedHeap_SkipsTheMmapChecksSayingWhy()
    {
        var process = new FakeProcess();
        _ = new ScriptedHeaps(process, ProtectedHeapNames.SecureVideo);
        var output = new StringWriter();

        var report = new DmabufHeapsSelftest(process, output).Run([ProtectedHeapNames.SecureVideo]);

        Assert.Equal(
            [CheckOutcome.Skip, CheckOutcome.Skip, CheckOutcome.Skip, CheckOutcome.Skip, CheckOutcome.Skip, CheckOutcome.Skip,
             CheckOutcome.Pass, CheckOutcome.Pass, CheckOutcome.Pass, CheckOutcome.Pass, CheckOutcome.Pass],
            report.Checks.Select(c => c.Outcome));
        Assert.All(report.Checks.Take(6), c => Assert.Equal("protected heap, mmap -> EINVAL as designed", c.Detail));
        Assert.Contains("ok 3 # SKIP Allocate and fill a bunch of buffers (4k): protected heap, mmap -> EINVAL as designed", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OnAProtectedHeapThatMaps_FailsTheMmapChecks()
    {
        var process = new FakeProcess();
        _ = new ScriptedHeaps(process, ProtectedHeapNames.SecureVideo) { ProtectedHeapsMap = true };

        var report = new DmabufHeapsSelftest(process, TextWriter.Null).Run([ProtectedHeapNames.SecureVideo]);

        Assert.Equal(6, report.Failed);
        Assert.All(report.Checks.Take(6), c => Assert.Contains("reachable by the CPU", c.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public void Run_OnAMissingHeap_FailsAllElevenAndGoesOn()
    {
        var process = new FakeProcess();
        _ = new ScriptedHeaps(process, "system");

        var report = new DmabufHeapsSelftest(process, TextWriter.Null).Run(["gone", "system"]);

        Assert.Equal(22, report.Checks.Count);
        Assert.All(report.ForHeap("gone"), c => Assert.Equal(CheckOutcome.Fail, c.Outcome));
        Assert.All(report.ForHeap("gone"), c => Assert.Contains("ENOENT", c.Detail, StringComparison.Ordinal));
        Assert.Equal(10, report.ForHeap("system").Count(c => c.Outcome == CheckOutcome.Pass));
        Assert.Equal(Enumerable.Range(1, 22), report.Checks.Select(c => c.Number));
    }

    [Fact]
    public void Run_LeavesNoFdOpenAndNoMappingBehind()
    {
        var process = new FakeProcess();
        _ = new ScriptedHeaps(process, "system", ProtectedHeapNames.SecureVideo);

        new DmabufHeapsSelftest(process, TextWriter.Null).Run(["system", ProtectedHeapNames.SecureVideo]);

        Assert.Empty(process.OpenFds);
        Assert.Equal(0, process.LiveMappings);
    }

    [Fact]
    public void Run_WithNoHeaps_PlansNothing()
    {
        var output = new StringWriter();

        var report = new DmabufHeapsSelftest(new FakeProcess(), output).Run([]);

        Assert.Empty(report.Checks);
        Assert.Contains("1..0", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("protected,secure-video", true)]
    [InlineData("restricted_mtk_cma", true)]
    [InlineData("system", false)]
    [InlineData("cma", false)]
    public void IsProtectedHeapName_FollowsNamingConvention(string name, bool isProtected)
    {
        Assert.Equal(isProtected, DmabufHeapsSelftest.IsProtectedHeapName(name));
    }
}
