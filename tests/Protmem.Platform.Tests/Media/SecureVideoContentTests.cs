using Protmem.Hardware;
using Protmem.Platform.Tests.Crypto;
using Protmem.SecureWorld.Ta;
using Protmem.Uapi;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Media.Content;
using Protmem.Userspace.TeeClient;

namespace Protmem.Platform.Tests.Media;

/// <summary>Packaged content decrypted by the secure-video TA on rk3588: clear bytes only in secure-video memory, refusals elsewhere.</summary>
public sealed class SecureVideoContentTests
{
    private static readonly byte[] ContentKey = [.. Enumerable.Range(0, 16).Select(i => (byte)(0x11 * (i + 1)))];
    private static readonly byte[] Nonce = [.. Enumerable.Range(0, 12).Select(i => (byte)i)];

    /// <summary>The player's side: a TEE context, a session with the licence loaded, and the packager.</summary>
    private sealed class Player : IDisposable
    {
        public Player(Machine machine, byte[]? licenceKey = null)
        {
            Sys = machine.Spawn("player");
            Heaps = new DmaHeapLibrary(Sys);
            Assert.True(TeecContext.InitializeContext(Sys, out var context).IsSuccess);
            Context = context!;
            Assert.True(SecureVideoTaClient.Open(Context, out var client).IsSuccess);
            Client = client!;
            Packager = new ContentPackager(ContentKey);
            LoadStatus = Client.LoadLicense(Packager.License(licenceKey ?? SecureVideoTaAbi.LicenseKey(), Nonce), out var slot);
            Slot = slot;
        }

        public ISyscalls Sys { get; }

        public DmaHeapLibrary Heaps { get; }

        public TeecContext Context { get; }

        public SecureVideoTaClient Client { get; }

        public ContentPackager Packager { get; }

        public TeecStatus LoadStatus { get; }

        public uint Slot { get; }

        public void Dispose()
        {
            Client.Dispose();
            Context.Dispose();
            Heaps.Dispose();
        }
    }

    [Fact]
    public void DecryptFrame_Packaged1080pFrame_SecureVideoBufferHoldsTheClearPmv1BytesTheCpuCannotReach()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(1));
        using var player = new Player(machine);
        Assert.True(player.LoadStatus.IsSuccess, player.LoadStatus.ToString());
        var frame = player.Packager.Package(1920, 1080, 5);
        using var buffer = player.Heaps.OpenHeap(ProtectedHeapNames.SecureVideo).Allocate((ulong)frame.Clear.Length);

        var status = player.Client.DecryptFrame(player.Slot, frame.Index, frame.Encrypted, buffer.Fd, out var written);

        Assert.True(status.IsSuccess, status.ToString());
        Assert.Equal((ulong)frame.Clear.Length, written);
        Assert.NotEqual(frame.Clear, frame.Encrypted);
        // The decoder reaches protected memory only in secure mode; the display reads it as an ordinary master of the use case.
        var protectedForDisplay = CryptoBoards.ProtectedReachableBy(machine, "vop");
        var at = CryptoBoards.Find(machine, protectedForDisplay, frame.Clear.AsSpan(0, 4096));
        Assert.NotNull(at);
        var inside = new byte[frame.Clear.Length];
        machine.Soc.Memory.Read(at.Value, inside);
        Assert.Equal(frame.Clear, inside);
        var reach = machine.Soc.Oracle.DescribePage(at.Value);
        Assert.False(reach.FirewallAllows(machine.Soc.Cpu.Master, SecurityState.NonSecure, AccessDirection.Read));
        Assert.True(buffer.TryMap(out _, out var errno) is false && errno == Errno.EINVAL);
        machine.CheckInvariants();
        var safety = machine.CheckSafety();
        Assert.True(safety.Passed, string.Join("\n", safety.Findings));
    }

    [Theory]
    [InlineData("qemu-virt")]
    [InlineData("qemu-virt-ffa")]
    [InlineData("rk3588")]
    public void DecryptFrame_OnBoard_ClearBytesOnlyWhereTheCpuCannotReadAndTheMachineIsSafe(string board)
    {
        // rk3588 as shipped keeps lent regions in the direct map (the known speculative-access hazard): take them out.
        using var machine = Machine.Boot(board, board == "rk3588" ? Rk3588Options.LentOutOfDirectMap(2) : new MachineOptions { Seed = 2 });
        using var player = new Player(machine);
        Assert.True(player.LoadStatus.IsSuccess, player.LoadStatus.ToString());
        var frame = player.Packager.Package(320, 240, 4);
        using var buffer = player.Heaps.OpenHeap(ProtectedHeapNames.SecureVideo).Allocate((ulong)frame.Clear.Length);

        var status = player.Client.DecryptFrame(player.Slot, frame.Index, frame.Encrypted, buffer.Fd, out var written);

        Assert.True(status.IsSuccess, status.ToString());
        Assert.Equal((ulong)frame.Clear.Length, written);
        var at = CryptoBoards.Find(machine, CryptoBoards.HiddenFromTheCpu(machine), frame.Clear.AsSpan(0, 256));
        Assert.NotNull(at);
        var inside = new byte[frame.Clear.Length];
        machine.Soc.Memory.Read(at.Value, inside);
        Assert.Equal(frame.Clear, inside);
        machine.CheckInvariants();
        var safety = machine.CheckSafety();
        Assert.True(safety.Passed, string.Join("\n", safety.Findings));
    }

    [Fact]
    public void DecryptFrame_TrustedUiBuffer_SecurityAndNoClearByteThere()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(1));
        using var player = new Player(machine);
        var frame = player.Packager.Package(320, 240, 0);
        using var buffer = player.Heaps.OpenHeap(ProtectedHeapNames.TrustedUi).Allocate((ulong)frame.Clear.Length);

        var status = player.Client.DecryptFrame(player.Slot, frame.Index, frame.Encrypted, buffer.Fd, out var written);

        Assert.Equal(SecureVideoTaClient.TEE_ERROR_SECURITY, status.Result);
        Assert.Equal(0UL, written);
        Assert.Null(CryptoBoards.Find(machine, CryptoBoards.ProtectedReachableBy(machine, "vop"), frame.Clear.AsSpan(0, 64)));
        machine.CheckInvariants();
    }

    [Fact]
    public void DecryptFrame_SystemHeapBuffer_RefusedAndTheBufferStaysZero()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(1));
        using var player = new Player(machine);
        var frame = player.Packager.Package(320, 240, 1);
        using var buffer = player.Heaps.OpenHeap("system").Allocate((ulong)frame.Clear.Length);

        var status = player.Client.DecryptFrame(player.Slot, frame.Index, frame.Encrypted, buffer.Fd, out _);

        Assert.False(status.IsSuccess);
        using var mapping = buffer.Map();
        Assert.Equal(-1, mapping.IndexOfOtherThan(0));
        machine.CheckInvariants();
    }

    [Fact]
    public void LoadLicense_SealedForAnotherDevice_MacInvalid()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(1));
        using var player = new Player(machine, licenceKey: new byte[32]);
        Assert.Equal(SecureVideoTaClient.TEE_ERROR_MAC_INVALID, player.LoadStatus.Result);
    }

    [Fact]
    public void Close_AfterPlayback_SessionsClosedPoolsFullAndNothingLent()
    {
        using var machine = Machine.Boot("rk3588", Rk3588Options.LentOutOfDirectMap(1));
        var player = new Player(machine);
        var frame = player.Packager.Package(640, 360, 2);
        var buffer = player.Heaps.OpenHeap(ProtectedHeapNames.SecureVideo).Allocate((ulong)frame.Clear.Length);
        Assert.True(player.Client.DecryptFrame(player.Slot, frame.Index, frame.Encrypted, buffer.Fd, out _).IsSuccess);

        buffer.Dispose();
        player.Dispose();
        machine.Dispose();

        var after = machine.CheckSafety(quiescent: true);
        Assert.True(after.Passed, string.Join("\n", after.Findings));
    }
}
