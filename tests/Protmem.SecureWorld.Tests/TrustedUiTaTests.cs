using System.Buffers.Binary;
using Protmem.Hardware;
using Protmem.SecureWorld.Ta.TrustedUi;

namespace Protmem.SecureWorld.Tests;

public sealed class TrustedUiTaTests : FirmwareTest
{
    private const ulong MiB = TestBoard.MiB;
    private const ulong Lend = TestBoard.LendBase;
    private const ulong Cookie = 0x7E1;
    private const ulong VideoCookie = 0x7E2;
    private const ulong RingOffset = MiB;
    private const ulong RingSize = 4096;
    private const int Width = TestBoard.PanelWidth;
    private const int Height = TestBoard.PanelHeight;
    private const uint ShowPinPad = 0;
    private const uint Finish = 1;
    private const uint Enrol = 0;
    private const uint Verify = 1;
    private const uint Rejected = 0;
    private const uint Accepted = 1;
    private const uint Enrolled = 2;
    private static readonly ulong FrameSize = (ulong)(Width * Height * 3 / 2);
    private static readonly PinPadGeometry Geometry = new(Width, Height);

    private static MsgParam Rmem(ulong offset, ulong size, ulong cookie = Cookie) => new(0x7, offset, size, cookie);

    private static MsgParam Value(uint a, uint b) => new(0x1, a, b);

    private static MsgParam ValueOut() => new(0x2);

    /// <summary>A trusted-UI board with a lent trusted-UI region and an open session.</summary>
    private (TestBoard Board, uint Session) Open()
    {
        var board = Use(TestBoard.WithTrustedUi());
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.TrustedUi, Lend, 2 * MiB, Cookie));
        return (board, board.OpenSessionOk(TrustedApplicationIds.TrustedUi));
    }

    private static Msg Show(TestBoard board, uint session, uint mode, MsgParam? framebuffer = null, MsgParam? ring = null) =>
        board.Invoke(session, ShowPinPad, framebuffer ?? Rmem(0, FrameSize), ring ?? Rmem(RingOffset, RingSize), Value(Width | (Height << 16), mode));

    /// <summary>What a person sees: the framebuffer as the display reads it, and the keys read off it.</summary>
    private static string LookAtScreen(TestBoard board)
    {
        var luma = new byte[Width * Height];
        Assert.True(board.Soc.Devices["display"].TryRead(new DeviceAddr(Lend), luma), "the display reads the trusted-UI framebuffer");
        return Geometry.Read(luma);
    }

    /// <summary>Taps each character of <paramref name="text"/> where the screen shows it.</summary>
    private static void Type(TestBoard board, string text)
    {
        var layout = LookAtScreen(board);
        foreach (var character in text)
        {
            var (x, y) = Geometry.Centre(layout.IndexOf(character, StringComparison.Ordinal));
            Assert.True(board.Soc.TouchControllers["touch"].Touch(x, y), "the tap reaches the ring");
        }
    }

    private static uint Outcome(TestBoard board, uint session)
    {
        var answer = board.Invoke(session, Finish, ValueOut());
        Assert.Equal(TeeResult.SUCCESS, answer.Ret);
        return (uint)answer.Params[0].A;
    }

    private static void EnrolPin(TestBoard board, uint session, string pin)
    {
        Assert.Equal(TeeResult.SUCCESS, Show(board, session, Enrol).Ret);
        Type(board, pin + ">");
        Assert.Equal(Enrolled, Outcome(board, session));
    }

    [Fact]
    public void ShowPinPad_TrustedUiBuffers_DrawsAShuffledPadTheNormalWorldCannotRead()
    {
        var (board, session) = Open();

        Assert.Equal(TeeResult.SUCCESS, Show(board, session, Enrol).Ret);

        var layout = LookAtScreen(board);
        Assert.Equal("0123456789", string.Concat(layout.Where(char.IsAsciiDigit).Order()));
        Assert.Equal(('<', '>'), (layout[9], layout[11]));
        Assert.False(board.TryReadNs(Lend, new byte[64]), "the normal-world CPU cannot read the pad");
        Assert.False(board.TryReadNs(Lend + RingOffset, new byte[8]), "nor the touch ring");
    }

    [Fact]
    public void ShowPinPad_TwoEntries_ShuffleTheDigitsAnew()
    {
        var (board, session) = Open();
        var layouts = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(TeeResult.SUCCESS, Show(board, session, Enrol).Ret);
            layouts.Add(LookAtScreen(board));
            Type(board, "0000>");
            Assert.Equal(Enrolled, Outcome(board, session));
        }

        Assert.True(layouts.Count > 1, "the pad's layout changes between entries");
    }

    [Fact]
    public void Finish_EnrolledPinTyped_IsAcceptedAndAWrongOneRejected()
    {
        var (board, session) = Open();
        EnrolPin(board, session, "2580");

        Assert.Equal(TeeResult.SUCCESS, Show(board, session, Verify).Ret);
        Type(board, "2580>");
        Assert.Equal(Accepted, Outcome(board, session));

        Assert.Equal(TeeResult.SUCCESS, Show(board, session, Verify).Ret);
        Type(board, "2581>");
        Assert.Equal(Rejected, Outcome(board, session));
    }

    [Fact]
    public void Finish_EraseKey_RemovesTheLastDigit()
    {
        var (board, session) = Open();
        EnrolPin(board, session, "1234");

        Assert.Equal(TeeResult.SUCCESS, Show(board, session, Verify).Ret);
        Type(board, "1239<4>");

        Assert.Equal(Accepted, Outcome(board, session));
    }

    [Fact]
    public void Finish_BeforeEnter_IsNoDataAndTheEntryGoesOn()
    {
        var (board, session) = Open();
        Assert.Equal(TeeResult.SUCCESS, Show(board, session, Enrol).Ret);
        Type(board, "98");

        Assert.Equal(TeeResult.NO_DATA, board.Invoke(session, Finish, ValueOut()).Ret);

        Type(board, "76>");
        Assert.Equal(Enrolled, Outcome(board, session));
    }

    [Fact]
    public void Finish_TooShortPin_IsNotEnrolled()
    {
        var (board, session) = Open();
        Assert.Equal(TeeResult.SUCCESS, Show(board, session, Enrol).Ret);
        Type(board, "123>");

        Assert.Equal(Rejected, Outcome(board, session));
        Assert.Equal(TeeResult.BAD_STATE, Show(board, session, Verify).Ret);
    }

    [Fact]
    public void ShowPinPad_AfterThreeWrongPins_IsRefused()
    {
        var (board, session) = Open();
        EnrolPin(board, session, "1111");
        for (var i = 0; i < TrustedUiTa.MaxFailures; i++)
        {
            Assert.Equal(TeeResult.SUCCESS, Show(board, session, Verify).Ret);
            Type(board, "2222>");
            Assert.Equal(Rejected, Outcome(board, session));
        }

        Assert.Equal(TeeResult.ACCESS_DENIED, Show(board, session, Verify).Ret);
    }

    [Fact]
    public void Finish_Outcome_BlanksThePadAndStopsTheTouchscreen()
    {
        var (board, session) = Open();
        EnrolPin(board, session, "4321");

        var luma = new byte[Width * Height];
        Assert.True(board.Soc.Devices["display"].TryRead(new DeviceAddr(Lend), luma));
        Assert.All(luma, b => Assert.Equal(PinPadGeometry.BackgroundLuma, b));
        Assert.False(board.Soc.TouchControllers["touch"].Touch(10, 10), "no ring: the tap goes nowhere");
    }

    [Fact]
    public void ShowPinPad_FramebufferInNonSecureMemory_IsASecurityError()
    {
        var (board, session) = Open();

        var answer = Show(board, session, Enrol, framebuffer: new MsgParam(0xb, TestBoard.BufferBase, FrameSize));

        Assert.Equal(TeeResult.SECURITY, answer.Ret);
        Assert.Null(board.Soc.TouchControllers["touch"].RingBase);
    }

    [Fact]
    public void ShowPinPad_BuffersOfAnotherUseCase_IsASecurityError()
    {
        var (board, session) = Open();
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, Lend + (4 * MiB), MiB, VideoCookie));

        Assert.Equal(TeeResult.SECURITY, Show(board, session, Enrol, framebuffer: Rmem(0, FrameSize, VideoCookie)).Ret);
        Assert.Equal(TeeResult.SECURITY, Show(board, session, Enrol, ring: Rmem(0, RingSize, VideoCookie)).Ret);
    }

    [Fact]
    public void ShowPinPad_SmallFramebuffer_IsShortBufferWithTheSizeNeeded()
    {
        var (board, session) = Open();

        var answer = Show(board, session, Enrol, framebuffer: Rmem(0, FrameSize - 2));

        Assert.Equal(TeeResult.SHORT_BUFFER, answer.Ret);
        Assert.Equal(FrameSize, answer.Params[0].B);
    }

    [Fact]
    public void ShowPinPad_WrongPanelSizeOrTypes_IsBadParameters()
    {
        var (board, session) = Open();

        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Invoke(session, ShowPinPad, Rmem(0, FrameSize), Rmem(RingOffset, RingSize), Value((Width - 2) | (Height << 16), Enrol)).Ret);
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Invoke(session, ShowPinPad, Rmem(0, FrameSize), Value(Width | (Height << 16), Enrol)).Ret);
        Assert.Equal(TeeResult.BAD_PARAMETERS, Show(board, session, 7).Ret);
        Assert.Equal(TeeResult.BAD_STATE, board.Invoke(session, Finish, ValueOut()).Ret);
    }

    [Fact]
    public void ShowPinPad_WhileAnotherSessionShows_IsBusyUntilThatSessionCloses()
    {
        var (board, first) = Open();
        var second = board.OpenSessionOk(TrustedApplicationIds.TrustedUi);
        Assert.Equal(TeeResult.SUCCESS, Show(board, first, Enrol).Ret);

        Assert.Equal(TeeResult.BUSY, Show(board, second, Enrol).Ret);

        Assert.Equal(0u, board.Call(new Msg { Cmd = 2, Session = first }).Ret);
        Assert.Equal(TeeResult.SUCCESS, Show(board, second, Enrol).Ret);
    }

    [Fact]
    public void Touch_RingOutsideWhatTheTouchscreenMayWrite_LosesTheTap()
    {
        var board = Use(TestBoard.WithTrustedUi());
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, Lend, MiB, VideoCookie));
        var touch = board.Soc.TouchControllers["touch"];
        touch.SetReportRing(new PhysAddr(Lend), RingSize);

        Assert.False(touch.Touch(5, 5));
        Assert.Equal(1, touch.ReportsLost);
    }

    [Fact]
    public void Touch_NormalMemory_WritesTheReportTheDocumentedWay()
    {
        var board = Use(TestBoard.WithTrustedUi());
        var touch = board.Soc.TouchControllers["touch"];
        touch.SetReportRing(new PhysAddr(TestBoard.BufferBase), 16);

        Assert.True(touch.Touch(7, 9));
        Assert.True(touch.Touch(11, 13));
        Assert.True(touch.Touch(1, 2));

        var ring = board.ReadNs(TestBoard.BufferBase, 16);
        Assert.Equal((3u, (ushort)1, (ushort)2), (BinaryPrimitives.ReadUInt32LittleEndian(ring), BinaryPrimitives.ReadUInt16LittleEndian(ring.AsSpan(4)), BinaryPrimitives.ReadUInt16LittleEndian(ring.AsSpan(6))));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(ring.AsSpan(8)));
        Assert.Throws<ArgumentOutOfRangeException>(() => touch.Touch(Width, 0));
    }
}
