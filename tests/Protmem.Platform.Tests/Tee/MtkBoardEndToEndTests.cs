using Protmem.Kernel.Tee;
using Protmem.Userspace.Xtest;

namespace Protmem.Platform.Tests.Tee;

/// <summary>OP-TEE's SDP suite on qemu-virt-mtk: the secure-world-managed heap, every allocation a command to the secmem TA.</summary>
public class MtkBoardEndToEndTests
{
    private const string Board = "qemu-virt-mtk";
    private const string HeapName = "restricted_mtk_cm";

    [Fact]
    public void Boot_QemuVirtMtk_OffersTheSecureWorldHeapAndNoProtectedHeap()
    {
        using var machine = Machine.Boot(Board);

        Assert.True(machine.HasTee, machine.TeeProbeFailure);
        Assert.Equal(ProtectedMemoryDesign.SecureWorldHeap, machine.Design);
        Assert.Contains(HeapName, machine.DmaHeapNames);
        Assert.DoesNotContain(machine.DmaHeapNames, h => h.StartsWith("protected,", StringComparison.Ordinal));
        Assert.True(machine.CheckSafety().Passed);
    }

    [Fact]
    public void SdpBasicAnd1014_OnTheSecureWorldHeap_GiveTheExpectedResultsAndStaySafe()
    {
        using var machine = Machine.Boot(Board);
        using var output = new StringWriter();
        var sys = machine.Spawn("xtest");

        var basic = new XtestSdpBasic(sys, output, machine.CreateRandomSource()).Run(new SdpBasicOptions { Loops = 10, HeapName = HeapName });
        var regression = new XtestRegression1014(machine.Spawn("xtest-1014"), output, machine.CreateRandomSource()).Run(HeapName);

        Assert.True(basic.Passed, output.ToString());
        Assert.Equal(new int?[] { 0, 0, 0, 1, 0 }, basic.Subtests.Select(s => s.Got));
        Assert.True(regression.Passed, output.ToString());
        var during = machine.CheckSafety();
        Assert.True(during.Passed, string.Join("\n", during.Findings));
        machine.Dispose();
        var after = machine.CheckSafety(quiescent: true);
        Assert.True(after.Passed, string.Join("\n", after.Findings));
        machine.CheckInvariants();
    }
}
