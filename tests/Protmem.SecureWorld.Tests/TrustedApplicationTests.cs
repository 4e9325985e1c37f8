using Protmem.Hardware;

namespace Protmem.SecureWorld.Tests;

public sealed class TrustedApplicationTests : FirmwareTest
{
    private const ulong MiB = TestBoard.MiB;
    private const ulong Lend = TestBoard.LendBase;
    private const ulong Cookie = 0xABCD;
    private const ulong Input = TestBoard.BufferBase;
    private const ulong Output = TestBoard.BufferBase + 0x10000;
    private const int Length = 5000;
    private const ulong Offset = 123;

    private static byte[] Pattern(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)((i * 7) + 3))];

    /// <summary>A dynamic board with one lent region and an open sdp_basic session.</summary>
    private (TestBoard Board, uint Session) LentSession()
    {
        var board = Use(TestBoard.Dynamic());
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, Lend, MiB, Cookie));
        return (board, board.OpenSessionOk(TrustedApplicationIds.SdpBasic));
    }

    private static MsgParam NsIn(ulong pa, ulong size) => new(0x9, pa, size);

    private static MsgParam NsOut(ulong pa, ulong size) => new(0xa, pa, size);

    private static MsgParam SecOut(ulong offset, ulong size) => new(0x6, offset, size, Cookie);

    private static MsgParam SecIn(ulong offset, ulong size) => new(0x5, offset, size, Cookie);

    private static MsgParam SecInOut(ulong offset, ulong size) => new(0x7, offset, size, Cookie);

    /// <summary>INJECT → TRANSFORM → DUMP with commands base+0/1/2; returns the bytes dumped.</summary>
    private static byte[] RoundTrip(TestBoard board, uint session, uint commandBase, byte[] data)
    {
        board.WriteNs(Input, data);
        var inject = board.Invoke(session, commandBase, NsIn(Input, (ulong)data.Length), SecOut(Offset, (ulong)data.Length));
        Assert.Equal((TeeResult.SUCCESS, TeeOrigin.TRUSTED_APP), (inject.Ret, inject.RetOrigin));
        var transform = board.Invoke(session, commandBase + 1, SecInOut(Offset, (ulong)data.Length));
        Assert.Equal(TeeResult.SUCCESS, transform.Ret);
        var dump = board.Invoke(session, commandBase + 2, SecIn(Offset, (ulong)data.Length), NsOut(Output, (ulong)data.Length));
        Assert.Equal(TeeResult.SUCCESS, dump.Ret);
        return board.ReadNs(Output, data.Length);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(3u)]
    [InlineData(6u)]
    public void SdpBasic_InjectTransformDump_ReturnsNegatedBytes(uint commandBase)
    {
        var (board, session) = LentSession();
        var data = Pattern(Length);
        var dumped = RoundTrip(board, session, commandBase, data);
        Assert.Equal(data.Select(b => unchecked((byte)(~b + 1))).ToArray(), dumped);
        Assert.False(board.TryReadNs(Lend + Offset, new byte[16]), "the transformed bytes stay behind the firewall");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(33)]
    [InlineData(4097)]
    public void Negate_AnyLength_NegatesEveryByte(int length)
    {
        var bytes = Pattern(length);
        var expected = bytes.Select(b => unchecked((byte)(~b + 1))).ToArray();

        global::Protmem.SecureWorld.Ta.MemrefCopy.Negate(bytes);

        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void SdpBasic_TaToTaSession_IsOpenedOnceAndClosedWithItsParent()
    {
        var (board, session) = LentSession();
        RoundTrip(board, session, 3, Pattern(64));
        RoundTrip(board, session, 3, Pattern(64));
        RoundTrip(board, session, 6, Pattern(64));
        Assert.Equal(3, board.Firmware.SessionCount);
        Assert.Equal(TeeResult.SUCCESS, board.Call(new Msg { Cmd = 2, Session = session }).Ret);
        Assert.Equal(0, board.Firmware.SessionCount);
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Invoke(session, 0).Ret);
    }

    [Fact]
    public void SdpBasic_StaticCarveoutByPhysicalAddress_RoundTrips()
    {
        var board = Use(TestBoard.Static());
        var session = board.OpenSessionOk(TrustedApplicationIds.SdpBasic);
        var sdp = TestBoard.SecureDram.End.Value - (4 * MiB);
        var data = Pattern(300);
        board.WriteNs(Input, data);
        Assert.Equal(TeeResult.SUCCESS, board.Invoke(session, 0, NsIn(Input, 300), new MsgParam(0xa, sdp, 300)).Ret);
        Assert.Equal(TeeResult.SUCCESS, board.Invoke(session, 1, new MsgParam(0xb, sdp, 300)).Ret);
        Assert.Equal(TeeResult.SUCCESS, board.Invoke(session, 2, new MsgParam(0x9, sdp, 300), NsOut(Output, 300)).Ret);
        Assert.Equal(data.Select(b => unchecked((byte)(~b + 1))).ToArray(), board.ReadNs(Output, 300));
    }

    [Fact]
    public void SdpBasic_InjectIntoNonSecureBuffer_AnswersAccessDenied()
    {
        var (board, session) = LentSession();
        var answer = board.Invoke(session, 0, NsIn(Input, 16), NsOut(Output, 16));
        Assert.Equal((TeeResult.ACCESS_DENIED, TeeOrigin.TRUSTED_APP), (answer.Ret, answer.RetOrigin));
    }

    [Fact]
    public void SdpBasic_OutputSmallerThanInput_AnswersShortBuffer()
    {
        var (board, session) = LentSession();
        Assert.Equal(TeeResult.SHORT_BUFFER, board.Invoke(session, 0, NsIn(Input, 100), SecOut(0, 99)).Ret);
    }

    [Fact]
    public void SdpBasic_WrongParameterTypes_AnswersBadParametersFromTa()
    {
        var (board, session) = LentSession();
        var swapped = board.Invoke(session, 0, SecOut(0, 16), NsIn(Input, 16));
        var value = board.Invoke(session, 1, new MsgParam(0x1, 5));
        var extra = board.Invoke(session, 1, SecInOut(0, 16), new MsgParam(0x1, 5));
        Assert.Equal((TeeResult.BAD_PARAMETERS, TeeOrigin.TRUSTED_APP), (swapped.Ret, swapped.RetOrigin));
        Assert.Equal(TeeResult.BAD_PARAMETERS, value.Ret);
        Assert.Equal(TeeResult.BAD_PARAMETERS, extra.Ret);
    }

    [Theory]
    [InlineData(9u)]
    [InlineData(0xFFFF_FFFFu)]
    public void SdpBasic_UnknownCommand_AnswersBadParameters(uint command)
    {
        var (board, session) = LentSession();
        Assert.Equal((TeeResult.BAD_PARAMETERS, TeeOrigin.TRUSTED_APP), (board.Invoke(session, command).Ret, board.Invoke(session, command).RetOrigin));
    }

    [Theory]
    [InlineData(MiB - 1, 2UL)]
    [InlineData(MiB, 1UL)]
    [InlineData(2UL, ulong.MaxValue)]
    public void Invoke_MemrefOutsideLentRegion_AnswersBadParametersFromTee(ulong offset, ulong size)
    {
        var (board, session) = LentSession();
        var answer = board.Invoke(session, 0, NsIn(Input, 2), SecOut(offset, size));
        Assert.Equal((TeeResult.BAD_PARAMETERS, TeeOrigin.TEE), (answer.Ret, answer.RetOrigin));
    }

    [Fact]
    public void Invoke_LastByteOfLentRegion_ReachesTheTa()
    {
        var (board, session) = LentSession();
        board.WriteNs(Input, new byte[] { 0x42 });
        var answer = board.Invoke(session, 0, NsIn(Input, 1), SecOut(MiB - 1, 1));
        Assert.Equal((TeeResult.SUCCESS, TeeOrigin.TRUSTED_APP), (answer.Ret, answer.RetOrigin));
        var readBack = new byte[1];
        Assert.True(board.Soc.Bus.TryRead(board.Soc.Cpu.Master, SecurityState.Secure, new PhysAddr(Lend + MiB - 1), readBack));
        Assert.Equal(0x42, readBack[0]);
    }

    [Fact]
    public void OpenSession_UnknownUuid_AnswersItemNotFoundFromTee()
    {
        var answer = Use(TestBoard.Dynamic()).OpenSession(TeeUuid.Parse("01020304-0506-0708-090a-0b0c0d0e0f10"));
        Assert.Equal((TeeResult.ITEM_NOT_FOUND, TeeOrigin.TEE), (answer.Ret, answer.RetOrigin));
    }

    [Fact]
    public void OpenSession_WithoutMetaParams_AnswersBadParameters()
    {
        var board = Use(TestBoard.Dynamic());
        var ps = TestBoard.UuidParams(TrustedApplicationIds.SdpBasic);
        var answer = board.Call(new Msg { Cmd = 0, Params = [ps[0] with { Attr = 0x1 }, ps[1]] });
        Assert.Equal((TeeResult.BAD_PARAMETERS, TeeOrigin.TEE), (answer.Ret, answer.RetOrigin));
        Assert.Equal(0, board.Firmware.SessionCount);
    }

    [Fact]
    public void InvokeTestsPta_ProtectedMemrefFromNonSecureClient_AnswersBadParameters()
    {
        var board = Use(TestBoard.Dynamic());
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, Lend, MiB, Cookie));
        var session = board.OpenSessionOk(TrustedApplicationIds.InvokeTestsPta);
        board.WriteNs(Input, Pattern(32));
        var inject = board.Invoke(session, 3, NsIn(Input, 32), SecOut(0, 32));
        var modify = board.Invoke(session, 4, SecInOut(0, 32));
        Assert.Equal(TeeResult.BAD_PARAMETERS, inject.Ret);
        Assert.Equal(TeeResult.BAD_PARAMETERS, modify.Ret);
    }

    [Fact]
    public void InvokeTestsPta_NonSecureOnlyBuffersFromNonSecureClient_AnswersBadParametersForTheSdpSide()
    {
        var board = Use(TestBoard.Dynamic());
        var session = board.OpenSessionOk(TrustedApplicationIds.InvokeTestsPta);
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Invoke(session, 3, NsIn(Input, 32), NsOut(Output, 32)).Ret);
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Invoke(session, 0).Ret);
    }

    [Fact]
    public void InvokeTestsPta_ShortOutput_ReportsNeededSize()
    {
        var (board, session) = LentSession();
        var answer = board.Invoke(session, 6, NsIn(Input, 100), SecOut(0, 10));
        Assert.Equal(TeeResult.SHORT_BUFFER, answer.Ret);
        Assert.Equal(100UL, answer.Params[1].B);
    }

    [Fact]
    public void Invoke_EachTaEntry_CostsAWorldSwitchPlusTheCopy()
    {
        var (board, session) = LentSession();
        board.WriteNs(Input, Pattern(1000));
        var before = board.Soc.Clock.Now;
        Assert.Equal(TeeResult.SUCCESS, board.Invoke(session, 0, NsIn(Input, 1000), SecOut(0, 1000)).Ret);
        var elapsed = board.Soc.Clock.Now - before;
        var costs = board.Soc.Costs;
        Assert.True(elapsed >= costs.SmcRoundTrip + costs.WorldSwitch + costs.CpuCopy(2000), $"elapsed {elapsed} ns");
    }
}
