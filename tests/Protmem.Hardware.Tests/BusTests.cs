using Protmem.Hardware.Bus;
using Protmem.Hardware.Firewall;

namespace Protmem.Hardware.Tests;

public sealed class BusTests
{
    [Fact]
    public void TryWrite_Denied_RecordsFaultWithMasterAddressDirectionTimeAndChangesNoByte()
    {
        var soc = TestBoards.Build(trace: true);
        var cap = soc.TakeSecureFirmwareCapability();
        var secret = new PhysRange(TestBoards.Dram(0x100_0000), 0x1000);
        soc.Firewall.ProgramRegion(cap, 1, secret, FirewallPermissions.SecureOnly);
        soc.Bus.TryWrite(soc.Cpu.Master, SecurityState.Secure, secret.Start, "key"u8);
        var now = soc.Clock.Now;

        var ok = soc.Bus.TryWrite(soc.Master("dma"), SecurityState.NonSecure, secret.Start, "xxx"u8);

        Assert.False(ok);
        var fault = Assert.Single(soc.Bus.Faults);
        Assert.Equal(new BusFault(now, soc.Master("dma"), SecurityState.NonSecure, secret.Start, 3, AccessDirection.Write, BusAccessResult.FirewallDenied), fault);
        var back = new byte[3];
        soc.Memory.Read(secret.Start, back);
        Assert.Equal("key"u8.ToArray(), back);
        Assert.Contains(soc.Trace.Events, e => e.Kind == Tracing.TraceKind.BusFault && e.Subject == "dma" && e.Address == secret.Start.Value);
    }

    [Fact]
    public void TryRead_Denied_ReturnsFalseAndLeavesBufferAsItWas()
    {
        var soc = TestBoards.Build();
        var cap = soc.TakeSecureFirmwareCapability();
        soc.Firewall.ProgramRegion(cap, 1, new PhysRange(TestBoards.Dram(0), 0x1000), FirewallPermissions.SecureOnly);
        var into = new byte[] { 9, 9 };

        var result = soc.Bus.Read(soc.Cpu.Master, SecurityState.NonSecure, TestBoards.Dram(0), into);

        Assert.Equal(BusAccessResult.FirewallDenied, result);
        Assert.Equal(new byte[] { 9, 9 }, into);
    }

    [Fact]
    public void TryRead_OutsideDram_IsANoMemoryFault()
    {
        var soc = TestBoards.Build();

        var result = soc.Bus.Read(soc.Master("dma"), SecurityState.NonSecure, new PhysAddr(0x1000), new byte[4]);
        var straddling = soc.Bus.Read(soc.Master("dma"), SecurityState.NonSecure, TestBoards.Dram(TestBoards.DramSize - 2), new byte[4]);

        Assert.Equal(BusAccessResult.NoMemory, result);
        Assert.Equal(BusAccessResult.NoMemory, straddling);
        Assert.Equal(2, soc.Bus.FaultCount);
        Assert.All(soc.Bus.Faults, f => Assert.Equal(BusAccessResult.NoMemory, f.Reason));
    }

    [Fact]
    public void TryRead_StateTheMasterCannotIssue_ThrowsAsAModelBug()
    {
        var soc = TestBoards.Build();

        var error = Assert.Throws<InvalidOperationException>(() =>
            soc.Bus.TryRead(soc.Master("npu"), SecurityState.Secure, TestBoards.Dram(0), new byte[4]));
        Assert.Contains("npu", error.Message, StringComparison.Ordinal);
        Assert.True(soc.Bus.TryRead(soc.Master("gpu"), SecurityState.Secure, TestBoards.Dram(0), new byte[4]));
    }

    [Fact]
    public void FaultLog_ManyFaults_KeepsTheLatestAndCountsAll()
    {
        var soc = TestBoards.Build();
        for (var i = 0; i < SystemBus.FaultLogCapacity + 10; i++)
        {
            soc.Bus.TryRead(soc.Master("dma"), SecurityState.NonSecure, new PhysAddr((ulong)i * 8), new byte[1]);
        }

        Assert.Equal(SystemBus.FaultLogCapacity + 10, soc.Bus.FaultCount);
        Assert.Equal(SystemBus.FaultLogCapacity, soc.Bus.Faults.Count);
        Assert.Equal(new PhysAddr(10 * 8), soc.Bus.Faults.First().Address);
    }

    [Fact]
    public void TryWrite_Allowed_IsReadBackByAnotherMaster()
    {
        var soc = TestBoards.Build();
        var at = new PhysAddr(TestBoards.HighBase + 0xFF8);

        Assert.True(soc.Bus.TryWrite(soc.Master("dma"), SecurityState.NonSecure, at, "cross-page"u8));
        var back = new byte[10];
        Assert.True(soc.Bus.TryRead(soc.Master("vpu"), SecurityState.NonSecure, at, back));

        Assert.Equal("cross-page"u8.ToArray(), back);
        Assert.Equal(2, soc.Bus.CompletedTransactions);
    }

    [Fact]
    public void BusMaster_IdOutOfRange_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BusMaster(64, "x"));
        Assert.Throws<ArgumentException>(() => new BusMaster(1, ""));
        Assert.Equal([SecurityState.NonSecure, SecurityState.Secure], new BusMaster(1, "gpu", true, true).States);
    }

    [Fact]
    public void DeviceWithoutIommu_UsesPhysicalAddresses()
    {
        var soc = TestBoards.Build();
        var dma = soc.Device("dma");
        Assert.Null(dma.Iommu);

        Assert.True(dma.TryWrite(new DeviceAddr(TestBoards.Dram(0x2000).Value), "abc"u8));

        var back = new byte[3];
        soc.Memory.Read(TestBoards.Dram(0x2000), back);
        Assert.Equal("abc"u8.ToArray(), back);
        Assert.False(dma.TryRead(new DeviceAddr(0x10), back, SecurityState.NonSecure, out var result));
        Assert.Equal(DeviceAccessResult.NoMemory, result);
    }
}
