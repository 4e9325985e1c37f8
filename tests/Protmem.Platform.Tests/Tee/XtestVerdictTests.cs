using Protmem.Hardware;
using Protmem.Userspace;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Xtest;

namespace Protmem.Platform.Tests.Tee;

public sealed class XtestVerdictTests
{
    [Fact]
    public void Regression1014_HeapCannotBeOpened_EverySubtestSkipsAndNoneIsOk()
    {
        using var machine = Machine.Boot("qemu-virt", new MachineOptions { Seed = 1 });

        var run = new XtestRegression1014(machine.Spawn("xtest"), TextWriter.Null, machine.CreateRandomSource()).Run("no-such-heap");

        Assert.All(run.Subtests, s => Assert.Equal(Verdict.Skip, s.Verdict));
        Assert.DoesNotContain(run.Subtests, s => s.Passed);
        Assert.Equal(Verdict.Skip, run.Verdict);
        Assert.Contains("cannot open /dev/dma_heap/no-such-heap", run.SkipReason, StringComparison.Ordinal);
    }

    [Fact]
    public void SdpBasic_BoardWithoutTee_SkipsWithTheReason()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "testdata", "dts", "rk3588-rock-5b.dtc-canonical.dts");
        using var machine = Machine.Boot(path, new MachineOptions { Memory = [new PhysRange(new PhysAddr(0), 8UL << 30)] });

        var run = new XtestSdpBasic(machine.Spawn("xtest"), TextWriter.Null, machine.CreateRandomSource()).Run(new SdpBasicOptions { Loops = 1 });

        Assert.Equal(Verdict.Skip, run.Verdict);
        Assert.False(run.Passed);
        Assert.Equal("the board has no TEE (no OP-TEE node in its device tree)", machine.NothingProtectedReason);
    }

    [Fact]
    public void SdpBasic_QemuVirt_PassesAndTheBoardOffersProtectedMemory()
    {
        using var machine = Machine.Boot("qemu-virt", new MachineOptions { Seed = 1 });

        var run = new XtestSdpBasic(machine.Spawn("xtest"), TextWriter.Null, machine.CreateRandomSource()).Run(new SdpBasicOptions { Loops = 2 });

        Assert.Equal(Verdict.Pass, run.Verdict);
        Assert.Null(machine.NothingProtectedReason);
        Assert.Equal(ProtectedHeapNames.SecureVideo, ProtectedHeapNames.SdpHeapAmong(machine.DmaHeapNames));
    }

    [Fact]
    public void SdpHeapAmong_SeedDesignBoard_IsNull()
    {
        using var machine = Machine.Boot("qemu-virt-rstmem", new MachineOptions { Seed = 1 });

        Assert.Null(ProtectedHeapNames.SdpHeapAmong(machine.DmaHeapNames));
    }
}
