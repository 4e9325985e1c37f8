using System.Buffers.Binary;
using Protmem.Hardware;

namespace Protmem.SecureWorld.Tests;

public sealed class SecmemTaTests : FirmwareTest
{
    private const uint Zalloc = 0x10000;
    private const uint Free = 0x10001;
    private const uint RetrieveSg = 0x10002;
    private const ulong SgBuffer = TestBoard.BufferBase;

    /// <summary>TEE_LOGIN_REE_KERNEL, the only login the secmem TA serves.</summary>
    private const uint ReeKernel = 0x8000_0000;

    private static PhysRange Carveout => new(TestBoard.SecureDram.Start - (4 * TestBoard.MiB), 4 * TestBoard.MiB);

    private static Msg ZallocMsg(uint session, ulong size, ulong alignment, ulong memType = 1) => new()
    {
        Cmd = 1,
        Func = Zalloc,
        Session = session,
        Params = [new MsgParam(0x1, size, alignment), new MsgParam(0x1, memType), new MsgParam(0x2), new MsgParam(0x2)],
    };

    [Fact]
    public void Zalloc_ThenRetrieveSg_DescribesAZeroedBlockInTheCarveout()
    {
        var board = Use(TestBoard.Secmem());
        var session = board.OpenSessionOk(TrustedApplicationIds.MtkSecmem, ReeKernel);
        Assert.True(board.Soc.Bus.TryWrite(board.Soc.Cpu.Master, SecurityState.Secure, Carveout.Start, Enumerable.Repeat((byte)0xEE, 8192).ToArray()));

        var alloc = board.Call(ZallocMsg(session, 5000, 0));
        Assert.Equal(TeeResult.SUCCESS, alloc.Ret);
        var handle = alloc.Params[3].A;
        Assert.Equal(1UL, alloc.Params[2].A);
        Assert.Equal(Carveout.Start.Value & 0xFFFF_FFFF, alloc.Params[2].B);

        var sg = board.Invoke((uint)session, RetrieveSg, new MsgParam(0x1, handle), new MsgParam(0xa, SgBuffer, 12));
        Assert.Equal((TeeResult.SUCCESS, 12UL), (sg.Ret, sg.Params[1].B));
        var entry = board.ReadNs(SgBuffer, 12);
        Assert.Equal(Carveout.Start.Value, BinaryPrimitives.ReadUInt64LittleEndian(entry));
        Assert.Equal(8192u, BinaryPrimitives.ReadUInt32LittleEndian(entry.AsSpan(8)));

        var bytes = new byte[8192];
        Assert.True(board.Soc.Bus.TryRead(board.Soc.Cpu.Master, SecurityState.Secure, Carveout.Start, bytes));
        Assert.All(bytes, b => Assert.Equal(0, b));
        Assert.False(board.TryReadNs(Carveout.Start.Value, new byte[4]));
        Assert.True(board.Soc.Device("vdec").TryRead(new DeviceAddr(Carveout.Start.Value), new byte[4]));
        Assert.False(board.Soc.Device("gpu").TryRead(new DeviceAddr(Carveout.Start.Value), new byte[4]));
    }

    [Fact]
    public void Zalloc_WithAlignment_ReturnsAlignedBlocksThatDoNotOverlap()
    {
        var board = Use(TestBoard.Secmem());
        var session = board.OpenSessionOk(TrustedApplicationIds.MtkSecmem, ReeKernel);
        var first = board.Call(ZallocMsg(session, 4096, 0));
        var second = board.Call(ZallocMsg(session, 4096, TestBoard.MiB));
        Assert.Equal(TeeResult.SUCCESS, second.Ret);
        Assert.Equal(0UL, second.Params[2].B % TestBoard.MiB);
        Assert.NotEqual(first.Params[2].B, second.Params[2].B);
        Assert.Equal(2, board.Firmware.SecmemBlockCount);
    }

    [Fact]
    public void Free_ScrubsAndReleases_SoTheSpaceIsReusable()
    {
        var board = Use(TestBoard.Secmem());
        var session = board.OpenSessionOk(TrustedApplicationIds.MtkSecmem, ReeKernel);
        var all = board.Call(ZallocMsg(session, 4 * TestBoard.MiB, 0));
        Assert.Equal(TeeResult.SUCCESS, all.Ret);
        Assert.Equal(TeeResult.OUT_OF_MEMORY, board.Call(ZallocMsg(session, 4096, 0)).Ret);
        Assert.True(board.Soc.Device("vdec").TryWrite(new DeviceAddr(Carveout.Start.Value), new byte[] { 1, 2, 3 }));

        Assert.Equal(TeeResult.SUCCESS, board.Invoke(session, Free, new MsgParam(0x1, all.Params[3].A)).Ret);
        var readBack = new byte[3];
        Assert.True(board.Soc.Device("vdec").TryRead(new DeviceAddr(Carveout.Start.Value), readBack));
        Assert.Equal(new byte[3], readBack);
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Invoke(session, Free, new MsgParam(0x1, all.Params[3].A)).Ret);
        Assert.Equal(TeeResult.SUCCESS, board.Call(ZallocMsg(session, 4096, 0)).Ret);
    }

    [Fact]
    public void RetrieveSg_SmallBuffer_AnswersShortBufferWithTheEntrySize()
    {
        var board = Use(TestBoard.Secmem());
        var session = board.OpenSessionOk(TrustedApplicationIds.MtkSecmem, ReeKernel);
        var handle = board.Call(ZallocMsg(session, 4096, 0)).Params[3].A;
        var sg = board.Invoke(session, RetrieveSg, new MsgParam(0x1, handle), new MsgParam(0xa, SgBuffer, 8));
        Assert.Equal((TeeResult.SHORT_BUFFER, 12UL), (sg.Ret, sg.Params[1].B));
        Assert.Equal(TeeResult.ITEM_NOT_FOUND, board.Invoke(session, RetrieveSg, new MsgParam(0x1, handle + 1), new MsgParam(0xa, SgBuffer, 12)).Ret);
    }

    [Theory]
    [InlineData(0UL, 0UL, 1UL, TeeResult.BAD_PARAMETERS)]
    [InlineData(4096UL, 0UL, 7UL, TeeResult.BAD_PARAMETERS)]
    [InlineData(4096UL, 3000UL, 1UL, TeeResult.BAD_PARAMETERS)]
    [InlineData(4096UL, 0UL, 2UL, TeeResult.NOT_SUPPORTED)]
    [InlineData(0x7FFF_FFFFUL, 0UL, 1UL, TeeResult.OUT_OF_MEMORY)]
    public void Zalloc_BadRequest_AnswersAnErrorAndAllocatesNothing(ulong size, ulong alignment, ulong memType, uint expected)
    {
        var board = Use(TestBoard.Secmem());
        var session = board.OpenSessionOk(TrustedApplicationIds.MtkSecmem, ReeKernel);
        Assert.Equal(expected, board.Call(ZallocMsg(session, size, alignment, memType)).Ret);
        Assert.Equal(0, board.Firmware.SecmemBlockCount);
    }

    [Fact]
    public void Zalloc_WrongParameterTypes_AnswersBadParameters()
    {
        var board = Use(TestBoard.Secmem());
        var session = board.OpenSessionOk(TrustedApplicationIds.MtkSecmem, ReeKernel);
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Invoke(session, Zalloc, new MsgParam(0x1, 4096)).Ret);
    }

    [Theory]
    [InlineData(0x0u)] // TEE_LOGIN_PUBLIC
    [InlineData(0x1u)] // TEE_LOGIN_USER
    [InlineData(0x2u)] // TEE_LOGIN_GROUP
    [InlineData(0x4u)] // TEE_LOGIN_APPLICATION
    [InlineData(0x8000_0001u)] // elsewhere in the REE-kernel range: not the kernel's own login
    public void OpenSession_ClientNotTheReeKernel_AnswersAccessDeniedFromTheTaAndOpensNothing(uint login)
    {
        var board = Use(TestBoard.Secmem());
        var answer = board.OpenSession(TrustedApplicationIds.MtkSecmem, login);
        Assert.Equal(TeeResult.ACCESS_DENIED, answer.Ret);
        Assert.Equal(TeeOrigin.TRUSTED_APP, answer.RetOrigin);
        Assert.Equal(0, board.Firmware.SessionCount);
    }
}
