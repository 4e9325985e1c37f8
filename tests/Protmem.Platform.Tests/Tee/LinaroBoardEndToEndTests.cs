using Protmem.Kernel.Tee;
using Protmem.Userspace.Xtest;

namespace Protmem.Platform.Tests.Tee;

/// <summary>OP-TEE's SDP suite on qemu-virt-linaro: the Linaro restricted heap, buffers registered through SHM_REGISTER_FD.</summary>
public class LinaroBoardEndToEndTests
{
    private const string Board = "qemu-virt-linaro";
    private const string HeapName = "restricted@7fc00000";

    [Fact]
    public void Boot_QemuVirtLinaro_OffersTheRestrictedHeapAndNoProtectedHeap()
    {
        using var machine = Machine.Boot(Board);

        Assert.True(machine.HasTee, machine.TeeProbeFailure);
        Assert.Equal(ProtectedMemoryDesign.RestrictedHeap, machine.Design);
        Assert.Contains(HeapName, machine.DmaHeapNames);
        Assert.DoesNotContain(machine.DmaHeapNames, h => h.StartsWith("protected,", StringComparison.Ordinal));
    }

    [Fact]
    public void Boot_QemuVirtLinaro_TheSecureWorldFirewallsTheRestrictedRegionForItsMastersOnly()
    {
        using var machine = Machine.Boot(Board);
        var region = machine.Platform.ReservedMemory.Single(r => r.IsRestrictedHeap).Range;

        Assert.Equal(region, machine.Platform.Tee!.StaticCarveout);
        Assert.False(machine.Soc.LinearMap.IsLinearMapped(region.Start));
        Assert.True(machine.Soc.Firewall.Allows(machine.Soc.Devices["video-decoder"].Master.Id, Hardware.SecurityState.NonSecure, region, Hardware.AccessDirection.Write));
        Assert.False(machine.Soc.Firewall.Allows(machine.Soc.Cpu.Master.Id, Hardware.SecurityState.NonSecure, region, Hardware.AccessDirection.Read));
        Assert.True(machine.CheckSafety().Passed);
    }

    [Fact]
    public void SdpBasic_OnTheRestrictedHeap_GivesZeroZeroZeroOneZeroAndStaysSafe()
    {
        using var machine = Machine.Boot(Board);
        using var output = new StringWriter();
        var sys = machine.Spawn("xtest");
        var run = new XtestSdpBasic(sys, output, machine.CreateRandomSource()).Run(new SdpBasicOptions { Loops = 10, HeapName = HeapName });
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

    [Fact]
    public void Regression1014_OnTheRestrictedHeap_PassesAndStaysSafe()
    {
        using var machine = Machine.Boot(Board);
        using var output = new StringWriter();
        var run = new XtestRegression1014(machine.Spawn("xtest"), output, machine.CreateRandomSource()).Run(HeapName);
        Assert.True(run.Passed, output.ToString());
        machine.Dispose();
        var after = machine.CheckSafety(quiescent: true);
        Assert.True(after.Passed, string.Join("\n", after.Findings));
    }
}
