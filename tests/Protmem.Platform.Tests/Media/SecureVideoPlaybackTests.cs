using System.IO.Hashing;
using Protmem.Hardware.Media;
using Protmem.SecureWorld.Ta;
using Protmem.Userspace.Media.Content;
using Protmem.Userspace.Media.Player;

namespace Protmem.Platform.Tests.Media;

/// <summary>The secure-video player on rk3588: licence, decrypt into protected memory, decode, scan out; the display's CRCs against the clear frames decoded on the CPU.</summary>
public sealed class SecureVideoPlaybackTests
{
    private const int Width = 1280;
    private const int Height = 720;
    private static readonly byte[] ContentKey = [.. Enumerable.Range(0, 16).Select(i => (byte)(0xA0 + i))];
    private static readonly byte[] Nonce = [.. Enumerable.Range(0, 12).Select(i => (byte)i)];

    private static MachineOptions Options => Rk3588Options.LentOutOfDirectMap();

    private static (byte[] Licence, List<PackagedFrame> Frames) Content(int count)
    {
        var packager = new ContentPackager(ContentKey);
        return (packager.License(SecureVideoTaAbi.LicenseKey(), Nonce), [.. Enumerable.Range(0, count).Select(i => packager.Package(Width, Height, (uint)i))]);
    }

    private static uint CpuDecodedCrc(PackagedFrame frame)
    {
        var picture = new byte[Pmv1Codec.Nv12Size(frame.Width, frame.Height)];
        Assert.True(Pmv1Codec.TryDecode(frame.Clear, picture, out _, out _));
        return Crc32.HashToUInt32(picture);
    }

    [Fact]
    public void Play_ProtectedPipeline_EveryFrameOnScreenEqualsTheClearFrameDecodedOnTheCpu()
    {
        using var machine = Machine.Boot("rk3588", Options);
        var (licence, frames) = Content(5);
        var app = machine.Spawn("player");

        using (var player = SecureVideoPlayer.Open(app, licence, new PlaybackOptions(Width, Height)))
        {
            Assert.Null(player.SetupFailure);
            var result = player.Play(frames.Select(f => new EncryptedFrame(f.Index, f.Encrypted)));

            Assert.Null(result.Failure);
            Assert.Equal(5, result.FramesShown);
            Assert.Equal(frames.Select(CpuDecodedCrc), result.Crcs);
            Assert.NotEqual(result.Crcs[0], result.Crcs[1]);
            machine.CheckInvariants();
            var safety = machine.CheckSafety();
            Assert.True(safety.Passed, string.Join("\n", safety.Findings));
        }

        machine.Exit(app);
        Assert.True(machine.CheckSafety(quiescent: true).Passed);
        Assert.Equal(0, machine.MonitorFindingCount);
    }

    [Fact]
    public void Play_MoreFramesThanTheCrcRingHolds_EveryFrameHasItsCrc()
    {
        using var machine = Machine.Boot("rk3588", Options);
        var (licence, frames) = Content(150);

        using var player = SecureVideoPlayer.Open(machine.Spawn("player"), licence, new PlaybackOptions(Width, Height));
        var first = player.Play(frames.Take(100).Select(f => new EncryptedFrame(f.Index, f.Encrypted)));
        var second = player.Play(frames.Skip(100).Select(f => new EncryptedFrame(f.Index, f.Encrypted)));

        Assert.Equal((100, 50), (first.FramesShown, second.FramesShown));
        Assert.Equal(frames.Select(CpuDecodedCrc), first.Crcs.Concat(second.Crcs));
    }

    [Fact]
    public void Play_BuffersFromTheSystemHeap_TheTaRefusesToDecryptIntoThem()
    {
        using var machine = Machine.Boot("rk3588", Options);
        var (licence, frames) = Content(1);

        using var player = SecureVideoPlayer.Open(machine.Spawn("player"), licence, new PlaybackOptions(Width, Height, Heap: "system", Restricted: false));
        var result = player.Play(frames.Select(f => new EncryptedFrame(f.Index, f.Encrypted)));

        Assert.Equal(0, result.FramesShown);
        Assert.NotNull(player.SetupFailure ?? result.Failure);
        Assert.True(machine.CheckSafety().Passed);
    }

    [Fact]
    public void Play_ProtectedBuffersOnUnrestrictedQueues_TheDecoderRefusesThem()
    {
        using var machine = Machine.Boot("rk3588", Options);
        var (licence, frames) = Content(1);

        using var player = SecureVideoPlayer.Open(machine.Spawn("player"), licence, new PlaybackOptions(Width, Height, Restricted: false));
        var result = player.Play(frames.Select(f => new EncryptedFrame(f.Index, f.Encrypted)));

        Assert.Equal(0, result.FramesShown);
        Assert.Contains("EINVAL", player.SetupFailure ?? result.Failure, StringComparison.Ordinal);
        Assert.True(machine.CheckSafety().Passed);
    }
}
