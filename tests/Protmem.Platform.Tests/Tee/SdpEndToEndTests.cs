using Protmem.Userspace.Selftests;
using Protmem.Userspace.Xtest;

namespace Protmem.Platform.Tests.Tee;

/// <summary>OP-TEE's SDP suite and the dmabuf-heaps selftest on every shipped board with a TEE, checked for safety.</summary>
public class SdpEndToEndTests
{
    public static TheoryData<string> Boards => ["qemu-virt", "qemu-virt-ffa", "rk3588"];

    [Theory]
    [MemberData(nameof(Boards))]
    public void SdpBasic_OnBoard_GivesZeroZeroZeroOneZeroAndStaysSafe(string board)
    {
        using var machine = Machine.Boot(board);
        Assert.True(machine.HasTee, machine.TeeProbeFailure);
        using var output = new StringWriter();
        var sys = machine.Spawn("xtest");
        var run = new XtestSdpBasic(sys, output, machine.CreateRandomSource()).Run(new SdpBasicOptions { Loops = 10 });
        Assert.True(run.Passed, output.ToString());
        Assert.Equal(new int?[] { 0, 0, 0, 1, 0 }, run.Subtests.Select(s => s.Got));
        var during = machine.CheckSafety();
        Assert.True(during.Passed, string.Join("\n", during.Findings));
        sys.Close(0);
        machine.Dispose();
        var after = machine.CheckSafety(quiescent: true);
        Assert.True(after.Passed, string.Join("\n", after.Findings));
        machine.CheckInvariants();
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Regression1014_OnBoard_Passes(string board)
    {
        using var machine = Machine.Boot(board);
        using var output = new StringWriter();
        var run = new XtestRegression1014(machine.Spawn("xtest"), output, machine.CreateRandomSource()).Run();
        Assert.True(run.Passed, output.ToString());
        machine.Dispose();
        Assert.True(machine.CheckSafety(quiescent: true).Passed);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void DmabufHeapsSelftest_OnBoard_ProtectedHeapsRefuseMmapAndTheRestPasses(string board)
    {
        using var machine = Machine.Boot(board);
        using var output = new StringWriter();
        var report = new DmabufHeapsSelftest(machine.Spawn("dmabuf-heap"), output).Run(machine.DmaHeapNames);
        Assert.DoesNotContain(report.Checks, c => c.Outcome == CheckOutcome.Fail && !c.Heap.StartsWith("protected,", StringComparison.Ordinal));
        machine.Dispose();
        Assert.True(machine.CheckSafety(quiescent: true).Passed);
    }

    [Fact]
    public void QemuVirt_AfterBoot_SecureDramIsNotInTheKernelsDirectMap()
    {
        using var machine = Machine.Boot("qemu-virt");
        var secureDram = machine.Platform.Tee!.SecureDram!.Value;

        Assert.Empty(machine.Soc.Oracle.SpeculativeHazards());
        Assert.False(machine.Soc.LinearMap.IsLinearMapped(secureDram.Start));
        Assert.Equal(0, machine.CheckSafety().Hazards);
    }

    [Fact]
    public void Rk3588_WithoutDirectMapOption_ReportsTheHazardWhileARegionIsLent()
    {
        using var machine = Machine.Boot("rk3588");
        var sys = machine.Spawn("app");
        var heap = sys.Open("/dev/dma_heap/protected,secure-video", Uapi.Fcntl.O_RDWR);
        Assert.True(heap >= 0);
        using var library = new Userspace.DmaHeaps.DmaHeapLibrary(sys);
        using var buffer = library.OpenHeap("protected,secure-video").Allocate(4096);
        var report = machine.CheckSafety();
        Assert.True(report.Hazards > 0);
        Assert.Contains(report.Findings, f => f.Contains("speculative-access hazard", StringComparison.Ordinal));
    }
}
