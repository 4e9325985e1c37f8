using Protmem.Hardware;
using Protmem.SecureWorld.Abi;

namespace Protmem.SecureWorld.Tests;

public sealed class SmcAbiTests : FirmwareTest
{
    [Fact]
    public void CallsUid_AnyConfig_ReturnsOpteeMessageUid()
    {
        var board = Use(TestBoard.Static());
        var r = board.Smc(0xBF00_FF01);
        Assert.Equal([0x384f_b3e0UL, 0xe7f8_11e3, 0xaf63_0002, 0xa5d5_c51b], new[] { r.A0, r.A1, r.A2, r.A3 });
        var revision = board.Smc(0xBF00_FF03);
        Assert.Equal((2UL, 0UL), (revision.A0, revision.A1));
    }

    [Fact]
    public void GetOsUuid_AnyConfig_ReturnsOpteeOsUuid()
    {
        var r = Use(TestBoard.Static()).Smc(0xB200_0000);
        Assert.Equal([0x4861_78e0UL, 0xe7f8_11e3, 0xbc5e_0002, 0xa5d5_c51b], new[] { r.A0, r.A1, r.A2, r.A3 });
    }

    [Fact]
    public void ExchangeCapabilities_StaticCarveout_ReportsProtmemBit8Only()
    {
        var r = Use(TestBoard.Static()).Smc(0xB200_0009, 1);
        Assert.Equal(0UL, r.A0);
        Assert.NotEqual(0UL, r.A1 & (1UL << 2));
        Assert.NotEqual(0UL, r.A1 & (1UL << 8));
        Assert.Equal(0UL, r.A1 & (1UL << 9));
    }

    [Fact]
    public void ExchangeCapabilities_DynamicUseCases_ReportsDynamicProtmemBit9Only()
    {
        var r = Use(TestBoard.Dynamic()).Smc(0xB200_0009);
        Assert.Equal(0UL, r.A0);
        Assert.Equal(0UL, r.A1 & (1UL << 8));
        Assert.NotEqual(0UL, r.A1 & (1UL << 9));
    }

    [Fact]
    public void GetProtmemConfigFastCall_StaticCarveout_ReturnsLast4MiBOfTzdram()
    {
        var r = Use(TestBoard.Static()).Smc(0xB200_0014);
        Assert.Equal(OpteeSmc.RETURN_OK, r.A0);
        Assert.Equal(TestBoard.SecureDram.End.Value - (4 * TestBoard.MiB), r.A1);
        Assert.Equal(4 * TestBoard.MiB, r.A2);
        Assert.Equal(64UL, r.A3);
    }

    [Fact]
    public void GetProtmemConfigFastCall_NoStaticCarveout_ReturnsEnotavail()
    {
        Assert.Equal(OpteeSmc.RETURN_ENOTAVAIL, Use(TestBoard.Dynamic()).Smc(0xB200_0014).A0);
    }

    [Fact]
    public void HandleSmc_UnknownFunction_ReturnsUnknownFunction()
    {
        var board = Use(TestBoard.Static());
        Assert.Equal(0xFFFF_FFFFUL, board.Smc(0xB200_0063).A0);
        Assert.Equal(0xFFFF_FFFFUL, board.Smc(0x8400_0063).A0);
        Assert.Equal(0xFFFF_FFFFUL, board.Smc(ulong.MaxValue - 5).A0);
    }

    [Fact]
    public void CallWithArg_ArgInTzdram_ReturnsEbadaddr()
    {
        var board = Use(TestBoard.Static());
        var pa = TestBoard.SecureDram.Start.Value;
        Assert.Equal(OpteeSmc.RETURN_EBADADDR, board.Smc(0x3200_0004, pa >> 32, pa & 0xFFFF_FFFF).A0);
    }

    [Fact]
    public void CallWithArg_ArgOutsideDram_ReturnsEbadaddr()
    {
        Assert.Equal(OpteeSmc.RETURN_EBADADDR, Use(TestBoard.Static()).Smc(0x3200_0004, 0, 0x1000).A0);
    }

    [Fact]
    public void CallWithArg_TooManyParams_ReturnsEbadaddr()
    {
        var board = Use(TestBoard.Static());
        var header = new Msg { Cmd = 1 }.Encode();
        header[28] = 0xff;
        header[29] = 0xff;
        board.WriteNs(TestBoard.ArgPage, header);
        Assert.Equal(OpteeSmc.RETURN_EBADADDR, board.Smc(0x3200_0004, 0, TestBoard.ArgPage).A0);
    }

    [Fact]
    public void CallWithArg_UnknownCommand_AnswersNotImplementedFromTee()
    {
        var answer = Use(TestBoard.Static()).Call(new Msg { Cmd = 77 });
        Assert.Equal((TeeResult.NOT_IMPLEMENTED, TeeOrigin.TEE), (answer.Ret, answer.RetOrigin));
    }

    [Fact]
    public void Install_TzdramAfterBoot_IsSecureOnlyInTheFirewall()
    {
        var board = Use(TestBoard.Static());
        var page = TestBoard.SecureDram.Start.Value;
        Assert.False(board.TryReadNs(page, new byte[16]));
        var reach = board.Soc.Oracle.DescribePage(new PhysAddr(page));
        Assert.DoesNotContain(reach.Firewall, g => g.State == SecurityState.NonSecure);
        Assert.Contains(reach.Firewall, g => g.State == SecurityState.Secure && g.Direction == AccessDirection.Write);
    }

    [Fact]
    public void Install_StaticCarveout_OnlyItsMasterAndTheSecureWorldReachIt()
    {
        var board = Use(TestBoard.Static());
        var carveout = new PhysAddr(TestBoard.SecureDram.End.Value - (4 * TestBoard.MiB));
        var reach = board.Soc.Oracle.DescribePage(carveout);
        Assert.True(reach.FirewallAllows(board.Soc.Master("vdec"), SecurityState.NonSecure, AccessDirection.Write));
        Assert.False(reach.FirewallAllows(board.Soc.Master("gpu"), SecurityState.NonSecure, AccessDirection.Read));
        Assert.False(reach.FirewallAllows(board.Soc.Cpu.Master, SecurityState.NonSecure, AccessDirection.Read));
        Assert.True(board.Soc.Device("vdec").TryWrite(new DeviceAddr(carveout.Value), new byte[] { 1, 2, 3 }));
        Assert.False(board.Soc.Device("display").TryRead(new DeviceAddr(carveout.Value), new byte[3]));
    }
}
