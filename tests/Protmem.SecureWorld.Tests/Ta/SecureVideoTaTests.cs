using System.Buffers.Binary;
using System.Security.Cryptography;
using Protmem.Hardware;
using Protmem.SecureWorld.Ta;

namespace Protmem.SecureWorld.Tests.Ta;

/// <summary>The secure-video TA: licences open only under the device's key, frames decrypt only into secure-video protected memory.</summary>
public sealed class SecureVideoTaTests : FirmwareTest
{
    private const ulong MiB = TestBoard.MiB;
    private const ulong Lend = TestBoard.LendBase;
    private const ulong Cookie = 0x5EC0;
    private const ulong UiLend = TestBoard.LendBase + (4 * MiB);
    private const ulong UiCookie = 0x7E1;
    private const ulong Licence = TestBoard.BufferBase;
    private const ulong Cipher = TestBoard.BufferBase + 0x1000;
    private const ulong NsOutput = TestBoard.BufferBase + 0x20000;
    private const int FrameLength = 70_000;

    private static readonly byte[] ContentKey = [.. Enumerable.Range(0, 16).Select(i => (byte)(0xA0 + i))];

    /// <summary>A licence sealing <paramref name="key"/> under <paramref name="licenceKey"/> (the licence server's side, written here from the documented format).</summary>
    internal static byte[] Seal(byte[] key, byte[] licenceKey, byte nonceSeed = 1)
    {
        var licence = new byte[20 + key.Length + 16];
        BinaryPrimitives.WriteUInt32LittleEndian(licence, 0x434C4D50);
        BinaryPrimitives.WriteUInt16LittleEndian(licence.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(licence.AsSpan(6), (ushort)key.Length);
        licence.AsSpan(8, 12).Fill(nonceSeed);
        using var gcm = new AesGcm(licenceKey, 16);
        gcm.Encrypt(licence.AsSpan(8, 12), key, licence.AsSpan(20, key.Length), licence.AsSpan(20 + key.Length, 16), licence.AsSpan(0, 20));
        return licence;
    }

    /// <summary>AES-CTR of <paramref name="data"/> from counter block <paramref name="iv"/> with .NET's AES (the reference).</summary>
    internal static byte[] ReferenceCtr(byte[] key, byte[] iv, byte[] data)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var blocks = (data.Length + 15) / 16;
        var counters = new byte[blocks * 16];
        var counter = new UInt128(BinaryPrimitives.ReadUInt64BigEndian(iv), BinaryPrimitives.ReadUInt64BigEndian(iv.AsSpan(8)));
        for (var b = 0; b < blocks; b++)
        {
            BinaryPrimitives.WriteUInt128BigEndian(counters.AsSpan(b * 16), counter + (UInt128)(ulong)b);
        }

        var stream = aes.EncryptEcb(counters, PaddingMode.None);
        return [.. data.Select((x, i) => (byte)(x ^ stream[i]))];
    }

    private static byte[] ClearFrame() => [.. Enumerable.Range(0, FrameLength).Select(i => (byte)((i * 31) ^ (i >> 8)))];

    private static MsgParam NsIn(ulong pa, ulong size) => new(0x9, pa, size);

    private static MsgParam NsOut(ulong pa, ulong size) => new(0xa, pa, size);

    private static MsgParam SecOut(ulong cookie, ulong offset, ulong size) => new(0x6, offset, size, cookie);

    private static MsgParam ValueIn(ulong a, ulong b = 0) => new(0x1, a, b);

    private static MsgParam ValueOut() => new(0x2);

    /// <summary>A board with a secure-video region and a trusted-UI region lent, and a session to the TA.</summary>
    private (TestBoard Board, uint Session) Session()
    {
        var board = Use(TestBoard.Dynamic());
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, Lend, MiB, Cookie));
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.TrustedUi, UiLend, 2 * MiB, UiCookie));
        return (board, board.OpenSessionOk(SecureVideoTaAbi.Uuid));
    }

    private static Msg LoadLicence(TestBoard board, uint session, byte[] licence)
    {
        board.WriteNs(Licence, licence);
        return board.Invoke(session, SecureVideoTaAbi.CMD_LOAD_LICENSE, NsIn(Licence, (ulong)licence.Length), ValueOut());
    }

    private static uint LoadedSlot(TestBoard board, uint session)
    {
        var answer = LoadLicence(board, session, Seal(ContentKey, SecureVideoTaAbi.LicenseKey()));
        Assert.Equal(TeeResult.SUCCESS, answer.Ret);
        return (uint)answer.Params[1].A;
    }

    [Fact]
    public void DecryptFrame_LicensedKey_ProtectedBufferHoldsTheClearBytesTheCpuCannotRead()
    {
        var (board, session) = Session();
        var slot = LoadedSlot(board, session);
        var clear = ClearFrame();
        board.WriteNs(Cipher, ReferenceCtr(ContentKey, SecureVideoTaAbi.FrameIv(7), clear));

        var answer = board.Invoke(session, SecureVideoTaAbi.CMD_DECRYPT_FRAME, NsIn(Cipher, FrameLength), ValueIn(slot, 7), SecOut(Cookie, 0x100, MiB - 0x100));

        Assert.Equal((TeeResult.SUCCESS, TeeOrigin.TRUSTED_APP), (answer.Ret, answer.RetOrigin));
        Assert.Equal((ulong)FrameLength, answer.Params[2].B);
        var inside = new byte[FrameLength];
        board.Soc.Memory.Read(new PhysAddr(Lend + 0x100), inside);
        Assert.Equal(clear, inside);
        Assert.False(board.TryReadNs(Lend + 0x100, new byte[16]), "the clear frame stays behind the firewall");
    }

    [Fact]
    public void DecryptFrame_WrongFrameIndex_ProtectedBufferDoesNotHoldTheClearBytes()
    {
        var (board, session) = Session();
        var slot = LoadedSlot(board, session);
        var clear = ClearFrame();
        board.WriteNs(Cipher, ReferenceCtr(ContentKey, SecureVideoTaAbi.FrameIv(7), clear));

        Assert.Equal(TeeResult.SUCCESS, board.Invoke(session, SecureVideoTaAbi.CMD_DECRYPT_FRAME, NsIn(Cipher, FrameLength), ValueIn(slot, 8), SecOut(Cookie, 0, MiB)).Ret);

        var inside = new byte[FrameLength];
        board.Soc.Memory.Read(new PhysAddr(Lend), inside);
        Assert.NotEqual(clear, inside);
    }

    [Fact]
    public void DecryptFrame_NonSecureOutput_SecurityAndNoClearByteWritten()
    {
        var (board, session) = Session();
        var slot = LoadedSlot(board, session);
        board.WriteNs(Cipher, ReferenceCtr(ContentKey, SecureVideoTaAbi.FrameIv(0), ClearFrame()));

        var answer = board.Invoke(session, SecureVideoTaAbi.CMD_DECRYPT_FRAME, NsIn(Cipher, FrameLength), ValueIn(slot, 0), NsOut(NsOutput, FrameLength));

        Assert.Equal(TeeResult.SECURITY, answer.Ret);
        Assert.All(board.ReadNs(NsOutput, FrameLength), b => Assert.Equal(0, b));
    }

    [Fact]
    public void DecryptFrame_TrustedUiOutput_Security()
    {
        var (board, session) = Session();
        var slot = LoadedSlot(board, session);
        board.WriteNs(Cipher, ReferenceCtr(ContentKey, SecureVideoTaAbi.FrameIv(0), ClearFrame()));

        var answer = board.Invoke(session, SecureVideoTaAbi.CMD_DECRYPT_FRAME, NsIn(Cipher, FrameLength), ValueIn(slot, 0), SecOut(UiCookie, 0, MiB));

        Assert.Equal(TeeResult.SECURITY, answer.Ret);
        var inside = new byte[FrameLength];
        board.Soc.Memory.Read(new PhysAddr(UiLend), inside);
        Assert.All(inside, b => Assert.Equal(0, b));
    }

    [Fact]
    public void LoadLicense_SealedUnderAnotherKey_MacInvalid()
    {
        var (board, session) = Session();
        var answer = LoadLicence(board, session, Seal(ContentKey, new byte[32]));
        Assert.Equal(SecureVideoTaAbi.TEE_ERROR_MAC_INVALID, answer.Ret);
    }

    [Fact]
    public void LoadLicense_AlteredHeader_MacInvalid()
    {
        var (board, session) = Session();
        var licence = Seal(ContentKey, SecureVideoTaAbi.LicenseKey());
        licence[10] ^= 1;
        Assert.Equal(SecureVideoTaAbi.TEE_ERROR_MAC_INVALID, LoadLicence(board, session, licence).Ret);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(51)]
    public void LoadLicense_Truncated_BadFormat(int length)
    {
        var (board, session) = Session();
        var licence = Seal(ContentKey, SecureVideoTaAbi.LicenseKey()).AsSpan(0, length).ToArray();
        Assert.Equal(TeeResult.BAD_FORMAT, LoadLicence(board, session, licence).Ret);
    }

    [Fact]
    public void LoadLicense_FifthKey_OutOfMemory()
    {
        var (board, session) = Session();
        for (var i = 0; i < SecureVideoTaAbi.MaxKeySlots; i++)
        {
            Assert.Equal((ulong)i, (ulong)LoadedSlot(board, session));
        }

        Assert.Equal(TeeResult.OUT_OF_MEMORY, LoadLicence(board, session, Seal(ContentKey, SecureVideoTaAbi.LicenseKey())).Ret);
    }

    [Fact]
    public void DecryptFrame_EmptySlotOrUnloadedKey_ItemNotFound()
    {
        var (board, session) = Session();
        var slot = LoadedSlot(board, session);
        Assert.Equal(TeeResult.ITEM_NOT_FOUND, board.Invoke(session, SecureVideoTaAbi.CMD_DECRYPT_FRAME, NsIn(Cipher, 64), ValueIn(slot + 1, 0), SecOut(Cookie, 0, MiB)).Ret);

        Assert.Equal(TeeResult.SUCCESS, board.Invoke(session, SecureVideoTaAbi.CMD_UNLOAD_KEY, ValueIn(slot)).Ret);

        Assert.Equal(TeeResult.ITEM_NOT_FOUND, board.Invoke(session, SecureVideoTaAbi.CMD_DECRYPT_FRAME, NsIn(Cipher, 64), ValueIn(slot, 0), SecOut(Cookie, 0, MiB)).Ret);
        Assert.Equal(TeeResult.ITEM_NOT_FOUND, board.Invoke(session, SecureVideoTaAbi.CMD_UNLOAD_KEY, ValueIn(slot)).Ret);
    }

    [Fact]
    public void DecryptFrame_KeyOfAnotherSession_ItemNotFound()
    {
        var (board, session) = Session();
        var slot = LoadedSlot(board, session);
        var other = board.OpenSessionOk(SecureVideoTaAbi.Uuid);
        Assert.Equal(TeeResult.ITEM_NOT_FOUND, board.Invoke(other, SecureVideoTaAbi.CMD_DECRYPT_FRAME, NsIn(Cipher, 64), ValueIn(slot, 0), SecOut(Cookie, 0, MiB)).Ret);
    }

    [Fact]
    public void DecryptFrame_OutputSmallerThanInput_ShortBufferWithTheSizeNeeded()
    {
        var (board, session) = Session();
        var slot = LoadedSlot(board, session);
        var answer = board.Invoke(session, SecureVideoTaAbi.CMD_DECRYPT_FRAME, NsIn(Cipher, FrameLength), ValueIn(slot, 0), SecOut(Cookie, 0, 100));
        Assert.Equal(TeeResult.SHORT_BUFFER, answer.Ret);
        Assert.Equal((ulong)FrameLength, answer.Params[2].B);
    }

    [Fact]
    public void Invoke_WrongParameterTypesOrCommand_BadParameters()
    {
        var (board, session) = Session();
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Invoke(session, SecureVideoTaAbi.CMD_LOAD_LICENSE, NsIn(Licence, 52)).Ret);
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Invoke(session, SecureVideoTaAbi.CMD_DECRYPT_FRAME, NsIn(Cipher, 64), SecOut(Cookie, 0, MiB)).Ret);
        Assert.Equal(TeeResult.BAD_PARAMETERS, board.Invoke(session, 99, ValueIn(0)).Ret);
    }

    [Fact]
    public void OpenSession_BoardWithoutProtectedMemory_ItemNotFound()
    {
        var board = Use(TestBoard.Secmem());
        Assert.Equal(TeeResult.ITEM_NOT_FOUND, board.OpenSession(SecureVideoTaAbi.Uuid).Ret);
    }
}
