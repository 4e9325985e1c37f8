using BenchmarkDotNet.Attributes;
using Protmem.Platform;
using Protmem.Userspace.Media.Content;
using Protmem.Userspace.Media.Player;

namespace Protmem.Benchmarks;

/// <summary>
/// The whole secure-video playback pipeline at 1080p with real bytes, in host time: per frame the TA's AES-CTR
/// decrypt into protected memory, QBUF/poll/DQBUF through the V4L2 decoder (its PMV1 decode through its IOMMU and
/// the firewall), an atomic commit and the display's scan-out (fetch through its IOMMU, compose, CRC-32). Goal: at
/// least 600 frames a second (ten times real time at 60 fps). With and without the continuous safety monitor.
/// </summary>
[MemoryDiagnoser]
public class PlaybackBenchmarks
{
    private const int Width = 1920;
    private const int Height = 1080;
    private const int Frames = 60;

    private Machine _machine = null!;
    private SecureVideoPlayer _player = null!;
    private List<EncryptedFrame> _frames = null!;

    /// <summary>Whether the continuous safety monitor watches (as <c>protmem run</c> does by default).</summary>
    [Params(true, false)]
    public bool Monitor { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _machine = Machine.Boot("rk3588", new MachineOptions { Seed = 1, Monitor = Monitor, Append = "protmem.unmap_direct_map=1" });
        var packager = new ContentPackager([.. Enumerable.Range(0, 16).Select(i => (byte)i)]);
        _frames = [.. Enumerable.Range(0, Frames).Select(i => packager.Package(Width, Height, (uint)i)).Select(f => new EncryptedFrame(f.Index, f.Encrypted))];
        _player = SecureVideoPlayer.Open(_machine.Spawn("player"), packager.License(Machine.LicenceServerKey(), new byte[12]), new PlaybackOptions(Width, Height));
        if (_player.SetupFailure is { } failure)
        {
            throw new InvalidOperationException(failure);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _player.Dispose();
        _machine.Dispose();
    }

    /// <summary>One frame (measured over a second of video): decrypt, decode, show.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public int PlayFrame1080p()
    {
        var result = _player.Play(_frames);
        return result.Failure is null ? result.FramesShown : throw new InvalidOperationException(result.Failure);
    }
}
