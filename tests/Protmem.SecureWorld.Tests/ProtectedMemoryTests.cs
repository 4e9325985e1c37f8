using System.Buffers.Binary;
using Protmem.Hardware;

namespace Protmem.SecureWorld.Tests;

public sealed class ProtectedMemoryTests : FirmwareTest
{
    private const ulong Lend = TestBoard.LendBase;
    private const ulong MiB = TestBoard.MiB;

    private static Msg ConfigQuery(uint useCase, ulong bufPtr, ulong size) => new()
    {
        Cmd = 10,
        Params = [new MsgParam(0x3, useCase), new MsgParam(0xa, bufPtr, size)],
    };

    [Fact]
    public void GetProtmemConfig_NoBuffer_AnswersShortBufferWithNeededSize()
    {
        var answer = Use(TestBoard.Dynamic()).Call(ConfigQuery(TestBoard.VideoPlay, 0, 0));
        Assert.Equal(TeeResult.SHORT_BUFFER, answer.Ret);
        Assert.Equal(8UL, answer.Params[1].B);
        Assert.Equal((MiB, 4096UL, 64UL), (answer.Params[0].A, answer.Params[0].B, answer.Params[0].C));
    }

    [Fact]
    public void GetProtmemConfig_BigEnoughBuffer_WritesEndpointAndPermissions()
    {
        var board = Use(TestBoard.Dynamic());
        var answer = board.Call(ConfigQuery(TestBoard.VideoPlay, TestBoard.BufferBase, 64));
        Assert.Equal(TeeResult.SUCCESS, answer.Ret);
        Assert.Equal(8UL, answer.Params[1].B);
        var attrs = board.ReadNs(TestBoard.BufferBase, 8);
        Assert.Equal(3u | (2u << 16), BinaryPrimitives.ReadUInt32LittleEndian(attrs));
        Assert.Equal(4u | (1u << 16), BinaryPrimitives.ReadUInt32LittleEndian(attrs.AsSpan(4)));
    }

    [Fact]
    public void GetProtmemConfig_SecondUseCase_ReportsItsOwnSizeAndAlignment()
    {
        var answer = Use(TestBoard.Dynamic()).Call(ConfigQuery(TestBoard.TrustedUi, TestBoard.BufferBase, 4));
        Assert.Equal(TeeResult.SUCCESS, answer.Ret);
        Assert.Equal((2 * MiB, 2 * MiB), (answer.Params[0].A, answer.Params[0].B));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(3u)]
    [InlineData(0x7FFF_FFFFu)]
    public void GetProtmemConfig_UnsupportedUseCase_AnswersBadParameters(uint useCase)
    {
        Assert.Equal(TeeResult.BAD_PARAMETERS, Use(TestBoard.Dynamic()).Call(ConfigQuery(useCase, 0, 0)).Ret);
    }

    [Fact]
    public void GetProtmemConfig_StaticOnlyFirmware_AnswersNotImplemented()
    {
        Assert.Equal(TeeResult.NOT_IMPLEMENTED, Use(TestBoard.Static()).Call(ConfigQuery(1, 0, 0)).Ret);
    }

    [Fact]
    public void LendProtmem_ValidRegion_FirewallAdmitsOnlyTheUseCaseMasters()
    {
        var board = Use(TestBoard.Dynamic());
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, Lend, MiB, 0xC0FFEE));

        Assert.False(board.TryReadNs(Lend, new byte[64]));
        Assert.False(board.TryWriteNs(Lend + 4096, new byte[] { 1 }));
        Assert.True(board.Soc.Device("vdec").TryWrite(new DeviceAddr(Lend), new byte[] { 7, 7 }));
        Assert.True(board.Soc.Device("display").TryRead(new DeviceAddr(Lend), new byte[2]));
        Assert.False(board.Soc.Device("display").TryWrite(new DeviceAddr(Lend), new byte[2]));
        Assert.False(board.Soc.Device("gpu").TryRead(new DeviceAddr(Lend), new byte[2]));

        var reach = board.Soc.Oracle.DescribePage(new PhysAddr(Lend + MiB - 4096));
        Assert.False(reach.FirewallAllows(board.Soc.Cpu.Master, SecurityState.NonSecure, AccessDirection.Read));
        Assert.True(reach.FirewallAllows(board.Soc.Master("vdec"), SecurityState.NonSecure, AccessDirection.Write));
        Assert.False(reach.FirewallAllows(board.Soc.Master("gpu"), AccessDirection.Read));
        Assert.True(reach.FirewallAllows(board.Soc.Cpu.Master, SecurityState.Secure, AccessDirection.Write));
        Assert.Single(board.Firmware.ProtectedRegions);
        Assert.True(board.TryReadNs(Lend + MiB, new byte[16]), "the page after the region stays normal memory");
    }

    [Fact]
    public void ReclaimProtmem_AfterSecureWrites_NormalWorldReadsZeros()
    {
        var board = Use(TestBoard.Dynamic());
        board.WriteNs(Lend, Enumerable.Repeat((byte)0x5A, 8192).ToArray());
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, Lend, MiB, 1));
        Assert.True(board.Soc.Bus.TryWrite(board.Soc.Cpu.Master, SecurityState.Secure, new PhysAddr(Lend + 100), Enumerable.Repeat((byte)0xA5, 5000).ToArray()));
        Assert.True(board.Soc.Device("vdec").TryWrite(new DeviceAddr(Lend + MiB - 16), Enumerable.Repeat((byte)0x33, 16).ToArray()));

        Assert.Equal(TeeResult.SUCCESS, board.Reclaim(1));

        Assert.All(board.ReadNs(Lend, 8192), b => Assert.Equal(0, b));
        Assert.All(board.ReadNs(Lend + MiB - 16, 16), b => Assert.Equal(0, b));
        Assert.Empty(board.Firmware.ProtectedRegions);
        Assert.Equal(1, board.Soc.Firewall.Regions.Count(r => r.Enabled && r.Index > 0));
    }

    [Fact]
    public void LendProtmem_SameRegionAfterReclaim_SucceedsAgain()
    {
        var board = Use(TestBoard.Dynamic());
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, Lend, MiB, 1));
        Assert.Equal(TeeResult.SUCCESS, board.Reclaim(1));
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, Lend, MiB, 1));
    }

    [Theory]
    [InlineData(0u, Lend, MiB)]
    [InlineData(3u, Lend, MiB)]
    [InlineData(TestBoard.VideoPlay, Lend + 512, MiB)]
    [InlineData(TestBoard.VideoPlay, Lend, MiB + 100)]
    [InlineData(TestBoard.VideoPlay, Lend, 0UL)]
    [InlineData(TestBoard.TrustedUi, Lend + MiB, 2 * MiB)]
    [InlineData(TestBoard.VideoPlay, 0x1000UL, MiB)]
    [InlineData(TestBoard.VideoPlay, TestBoard.DramBase + TestBoard.DramSize - (17 * MiB), 2 * MiB)]
    [InlineData(TestBoard.VideoPlay, ulong.MaxValue - 4095, 8192UL)]
    public void LendProtmem_RefusedRegion_AnswersBadParametersAndChangesNothing(uint useCase, ulong pa, ulong size)
    {
        var board = Use(TestBoard.Dynamic());
        var programmed = board.Soc.Firewall.ProgramCount;
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Lend(useCase, pa, size, 9));
        Assert.Empty(board.Firmware.ProtectedRegions);
        Assert.Equal(programmed, board.Soc.Firewall.ProgramCount);
    }

    [Fact]
    public void LendProtmem_OverlappingALentRegion_AnswersBadParameters()
    {
        var board = Use(TestBoard.Dynamic());
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, Lend, MiB, 1));
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Lend(TestBoard.VideoPlay, Lend + (MiB / 2), MiB, 2));
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Lend(TestBoard.VideoPlay, Lend + (2 * MiB), MiB, 1));
    }

    [Fact]
    public void LendProtmem_OverlappingRegisteredShm_AnswersBadParameters()
    {
        var board = Use(TestBoard.Dynamic());
        var register = board.Call(new Msg { Cmd = 4, Params = [new MsgParam(0xa, Lend + MiB - 4096, 8192, 0x77)] });
        Assert.Equal(TeeResult.SUCCESS, register.Ret);
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Lend(TestBoard.VideoPlay, Lend, MiB, 1));

        Assert.Equal(TeeResult.SUCCESS, board.Call(new Msg { Cmd = 5, Params = [new MsgParam(0x5, 0, 0, 0x77)] }).Ret);
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, Lend, MiB, 1));
    }

    [Fact]
    public void LendProtmem_WrongParameterShape_AnswersBadParameters()
    {
        var board = Use(TestBoard.Dynamic());
        var rmem = board.Call(new Msg { Cmd = 8, Params = [new MsgParam(0x1, 1), new MsgParam(0x5, Lend, MiB, 1)] });
        var oneParam = board.Call(new Msg { Cmd = 8, Params = [new MsgParam(0x1, 1)] });
        Assert.Equal(TeeResult.BAD_PARAMETERS, rmem.Ret);
        Assert.Equal(TeeResult.BAD_PARAMETERS, oneParam.Ret);
    }

    [Fact]
    public void LendProtmem_FirewallRegionsExhausted_AnswersOutOfMemory()
    {
        var board = Use(TestBoard.Dynamic(firewallRegions: 3));
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, Lend, MiB, 1));
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, Lend + MiB, MiB, 2));
        Assert.Equal(TeeResult.OUT_OF_MEMORY, board.Lend(TestBoard.VideoPlay, Lend + (2 * MiB), MiB, 3));
        Assert.True(board.TryReadNs(Lend + (2 * MiB), new byte[8]));
        Assert.Equal(TeeResult.SUCCESS, board.Reclaim(1));
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, Lend + (2 * MiB), MiB, 3));
    }

    [Fact]
    public void ReclaimProtmem_UnknownCookie_AnswersBadParameters()
    {
        var board = Use(TestBoard.Dynamic());
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Reclaim(42));
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, Lend, MiB, 42));
        Assert.Equal(TeeResult.SUCCESS, board.Reclaim(42));
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Reclaim(42));
    }

    [Fact]
    public void LendProtmem_StaticOnlyFirmware_AnswersNotImplemented()
    {
        Assert.Equal(TeeResult.NOT_IMPLEMENTED, Use(TestBoard.Static()).Lend(1, Lend, MiB, 1));
    }

    [Fact]
    public void RegisterShm_ProtectedMemory_AnswersBadParameters()
    {
        var board = Use(TestBoard.Dynamic());
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, Lend, MiB, 1));
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Call(new Msg { Cmd = 4, Params = [new MsgParam(0xa, Lend, 4096, 5)] }).Ret);
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Call(new Msg { Cmd = 4, Params = [new MsgParam(0xa, TestBoard.SecureDram.Start.Value, 4096, 6)] }).Ret);
    }
}
