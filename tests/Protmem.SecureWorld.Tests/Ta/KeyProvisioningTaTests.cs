using Protmem.Hardware;
using Protmem.SecureWorld.Ta;

namespace Protmem.SecureWorld.Tests.Ta;

/// <summary>The key-provisioning TA: keys land only in crypto-key memory, which only the crypto engine's master reaches.</summary>
public sealed class KeyProvisioningTaTests : FirmwareTest
{
    private const ulong MiB = TestBoard.MiB;
    private const ulong KeyLend = TestBoard.LendBase;
    private const ulong KeyCookie = 0xC4;
    private const ulong VideoLend = TestBoard.LendBase + (4 * MiB);
    private const ulong VideoCookie = 0x51;

    private static MsgParam SecOut(ulong cookie, ulong offset, ulong size) => new(0x6, offset, size, cookie);

    private static MsgParam ValueIn(ulong a) => new(0x1, a);

    private static MsgParam ValueOut() => new(0x2);

    /// <summary>A board whose crypto master alone may read crypto-key memory, with a key region and a video region lent.</summary>
    private TestBoard Board()
    {
        var description = TestBoard.Description() with
        {
            Masters = [.. TestBoard.Description().Masters, new BusMasterDescription(7, "crypto")],
        };
        var board = Use(TestBoard.Create(description, c => c with
        {
            UseCases =
            [
                new ProtectedMemoryUseCase(TestBoard.VideoPlay, [new ProtectedMemoryEndpoint("vdec")]),
                new ProtectedMemoryUseCase(KeyProvisioningTaAbi.CryptoKeyUseCase, [new ProtectedMemoryEndpoint("crypto", Write: false)]),
            ],
        }));
        Assert.Equal(TeeResult.SUCCESS, board.Lend(KeyProvisioningTaAbi.CryptoKeyUseCase, KeyLend, MiB, KeyCookie));
        Assert.Equal(TeeResult.SUCCESS, board.Lend(TestBoard.VideoPlay, VideoLend, MiB, VideoCookie));
        return board;
    }

    private static Msg Provision(TestBoard board, uint session, MsgParam destination, uint length) =>
        board.Invoke(session, KeyProvisioningTaAbi.CMD_PROVISION_KEY, destination, ValueIn(length), ValueOut());

    [Theory]
    [InlineData(16u)]
    [InlineData(32u)]
    public void ProvisionKey_CryptoKeyBuffer_KeyWrittenThereAndOnlyTheIdAnswered(uint length)
    {
        var board = Board();
        var session = board.OpenSessionOk(KeyProvisioningTaAbi.Uuid);

        var answer = Provision(board, session, SecOut(KeyCookie, 0, 4096), length);

        Assert.Equal(TeeResult.SUCCESS, answer.Ret);
        Assert.Equal(1UL, answer.Params[2].A);
        Assert.Equal((ulong)length, answer.Params[0].B);
        var key = new byte[length];
        board.Soc.Memory.Read(new PhysAddr(KeyLend), key);
        Assert.Contains(key, b => b != 0);
        var after = new byte[16];
        board.Soc.Memory.Read(new PhysAddr(KeyLend + length), after);
        Assert.All(after, b => Assert.Equal(0, b));
    }

    [Fact]
    public void ProvisionKey_KeyPages_ReachableOnlyByTheCryptoMasterAmongNormalWorldMasters()
    {
        var board = Board();
        var session = board.OpenSessionOk(KeyProvisioningTaAbi.Uuid);
        Assert.Equal(TeeResult.SUCCESS, Provision(board, session, SecOut(KeyCookie, 0, 4096), 32).Ret);
        var keyPage = new PhysRange(new PhysAddr(KeyLend), HwConstants.PageSize);

        var oracle = board.Soc.Oracle;
        Assert.Contains(oracle.ReachableBy(board.Soc.Master("crypto"), SecurityState.NonSecure, AccessDirection.Read), r => r.Contains(keyPage));
        Assert.DoesNotContain(oracle.ReachableBy(board.Soc.Master("crypto"), SecurityState.NonSecure, AccessDirection.Write), r => r.Overlaps(keyPage));
        foreach (var other in new[] { board.Soc.Cpu.Master, board.Soc.Master("vdec"), board.Soc.Master("display"), board.Soc.Master("gpu") })
        {
            Assert.DoesNotContain(oracle.ReachableBy(other, SecurityState.NonSecure, AccessDirection.Read), r => r.Overlaps(keyPage));
        }
    }

    [Fact]
    public void ProvisionKey_TwoKeys_DistinctBytesAndIds()
    {
        var board = Board();
        var session = board.OpenSessionOk(KeyProvisioningTaAbi.Uuid);
        var first = Provision(board, session, SecOut(KeyCookie, 0, 32), 32);
        var second = Provision(board, session, SecOut(KeyCookie, 4096, 32), 32);

        Assert.Equal((1UL, 2UL), (first.Params[2].A, second.Params[2].A));
        var (a, b) = (new byte[32], new byte[32]);
        board.Soc.Memory.Read(new PhysAddr(KeyLend), a);
        board.Soc.Memory.Read(new PhysAddr(KeyLend + 4096), b);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void ProvisionKey_SecureVideoBuffer_SecurityAndNothingWritten()
    {
        var board = Board();
        var session = board.OpenSessionOk(KeyProvisioningTaAbi.Uuid);

        Assert.Equal(TeeResult.SECURITY, Provision(board, session, SecOut(VideoCookie, 0, 4096), 32).Ret);

        var bytes = new byte[32];
        board.Soc.Memory.Read(new PhysAddr(VideoLend), bytes);
        Assert.All(bytes, b => Assert.Equal(0, b));
    }

    [Fact]
    public void ProvisionKey_NonSecureBuffer_SecurityAndNothingWritten()
    {
        var board = Board();
        var session = board.OpenSessionOk(KeyProvisioningTaAbi.Uuid);

        Assert.Equal(TeeResult.SECURITY, Provision(board, session, new MsgParam(0xa, TestBoard.BufferBase, 4096), 32).Ret);

        Assert.All(board.ReadNs(TestBoard.BufferBase, 32), b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(24u)]
    [InlineData(64u)]
    public void ProvisionKey_UnsupportedLength_BadParameters(uint length)
    {
        var board = Board();
        var session = board.OpenSessionOk(KeyProvisioningTaAbi.Uuid);
        Assert.Equal(TeeResult.BAD_PARAMETERS, Provision(board, session, SecOut(KeyCookie, 0, 4096), length).Ret);
    }

    [Fact]
    public void ProvisionKey_BufferSmallerThanTheKey_ShortBuffer()
    {
        var board = Board();
        var session = board.OpenSessionOk(KeyProvisioningTaAbi.Uuid);
        var answer = Provision(board, session, SecOut(KeyCookie, 0, 16), 32);
        Assert.Equal(TeeResult.SHORT_BUFFER, answer.Ret);
        Assert.Equal(32UL, answer.Params[0].B);
    }

    [Fact]
    public void ProvisionWrappedKey_SealedForThisDevice_ExactKeyInTheBuffer()
    {
        var board = Board();
        var session = board.OpenSessionOk(KeyProvisioningTaAbi.Uuid);
        var key = Enumerable.Range(0, 32).Select(i => (byte)(0x40 + i)).ToArray();
        var blob = SecureVideoTaTests.Seal(key, KeyProvisioningTaAbi.ProvisioningKey());
        board.WriteNs(TestBoard.BufferBase, blob);

        var answer = board.Invoke(session, KeyProvisioningTaAbi.CMD_PROVISION_WRAPPED_KEY, SecOut(KeyCookie, 0, 4096), new MsgParam(0x9, TestBoard.BufferBase, (ulong)blob.Length), ValueOut());

        Assert.Equal(TeeResult.SUCCESS, answer.Ret);
        Assert.Equal(1UL, answer.Params[2].A);
        var inside = new byte[32];
        board.Soc.Memory.Read(new PhysAddr(KeyLend), inside);
        Assert.Equal(key, inside);
    }

    [Fact]
    public void ProvisionWrappedKey_SealedUnderTheLicenceKey_MacInvalidAndNothingWritten()
    {
        var board = Board();
        var session = board.OpenSessionOk(KeyProvisioningTaAbi.Uuid);
        var blob = SecureVideoTaTests.Seal(new byte[16], SecureVideoTaAbi.LicenseKey());
        board.WriteNs(TestBoard.BufferBase, blob);

        var answer = board.Invoke(session, KeyProvisioningTaAbi.CMD_PROVISION_WRAPPED_KEY, SecOut(KeyCookie, 0, 4096), new MsgParam(0x9, TestBoard.BufferBase, (ulong)blob.Length), ValueOut());

        Assert.Equal(SecureVideoTaAbi.TEE_ERROR_MAC_INVALID, answer.Ret);
        var inside = new byte[16];
        board.Soc.Memory.Read(new PhysAddr(KeyLend), inside);
        Assert.All(inside, b => Assert.Equal(0, b));
    }

    [Fact]
    public void OpenSession_BoardWithoutTheCryptoKeyUseCase_ItemNotFound()
    {
        var board = Use(TestBoard.Dynamic());
        Assert.Equal(TeeResult.ITEM_NOT_FOUND, board.OpenSession(KeyProvisioningTaAbi.Uuid).Ret);
    }
}
