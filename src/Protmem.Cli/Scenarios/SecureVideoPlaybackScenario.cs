using System.Globalization;
using System.IO.Hashing;
using Protmem.Platform;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Media.Content;
using Protmem.Userspace.Media.Player;

namespace Protmem.Cli.Scenarios;

/// <summary>
/// <c>protmem run secure-video-playback</c>: a second of 1080p video at 60 fps, packaged (PMV1, AES-CTR per frame,
/// the content key sealed in a licence for this device) and played by the secure-video player with the ABI alone;
/// every frame's display CRC must equal the CRC of its clear source picture (PMV1 is lossless). Then the two
/// misconfigured pipelines a player can build: buffers from the system heap, and protected buffers on decoder
/// queues that are not restricted; both must be refused before any clear byte exists.
/// </summary>
internal sealed class SecureVideoPlaybackScenario : IScenario
{
    public const int Width = 1920;
    public const int Height = 1080;
    public const int Frames = 60;

    private static readonly byte[] ContentKey = [.. Enumerable.Range(0, 16).Select(i => (byte)(0x5a ^ (i * 7)))];

    public string Name => "secure-video-playback";

    public string Summary => "Play encrypted 1080p video: the TA decrypts into protected memory, the decoder decodes, the display shows it, nobody else can read it";

    public string? NotPossible(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return !machine.HasTee ? "it has no TEE"
            : !machine.DmaHeapNames.Contains(ProtectedHeapNames.SecureVideo) ? $"it has no {ProtectedHeapNames.SecureVideo} heap"
            : !machine.DeviceNodes.Contains("/dev/video0") ? "it has no video decoder (/dev/video0)"
            : !machine.DeviceNodes.Contains("/dev/dri/card0") ? "it has no display (/dev/dri/card0)"
            : null;
    }

    public int Run(RunSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var machine = session.Machine;
        var packager = new ContentPackager(ContentKey);
        var licence = packager.License(Machine.LicenceServerKey(), new byte[12]);
        var frames = Enumerable.Range(0, Frames).Select(i => packager.Package(Width, Height, (uint)i)).ToList();
        var expected = frames.Select(f => Crc32.HashToUInt32(TestPattern.Frame(Width, Height, (int)f.Index))).ToList();
        var encrypted = frames.Select(f => new EncryptedFrame(f.Index, f.Encrypted)).ToList();
        session.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  content: {Frames} frames of {Width}x{Height} PMV1, {frames.Sum(f => (long)f.Encrypted.Length) / Frames / 1024} KiB a frame, AES-128-CTR; licence sealed for this device"));

        ScenarioSteps.Step(session, 1, $"play {Frames} encrypted {Width}x{Height} frames through protected memory", () =>
        {
            var app = machine.Spawn("player");
            var start = machine.SimulatedNanoseconds;
            using var player = SecureVideoPlayer.Open(app, licence, new PlaybackOptions(Width, Height));
            var result = player.Play(encrypted);
            session.SaveMonitor();
            var elapsed = (machine.SimulatedNanoseconds - start) / 1e6;
            session.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {result.FramesShown} frame(s) shown in {elapsed:F1} ms of simulated time; {result.Crcs.Count} CRC(s) read from the display"));
            if (result.Failure is { } failure)
            {
                return failure;
            }

            var wrong = expected.Select((crc, i) => (crc, i)).FirstOrDefault(e => e.i >= result.Crcs.Count || result.Crcs[e.i] != e.crc);
            return result.FramesShown != Frames ? $"{result.FramesShown} of {Frames} frames shown"
                : result.Crcs.Count != Frames ? $"{result.Crcs.Count} CRCs for {Frames} frames"
                : wrong != default ? $"frame {wrong.i}: the screen's CRC is not the clear frame's"
                : null;
        });

        ScenarioSteps.Step(session, 2, "misconfigured: the player's buffers from the system heap", () => Refused(session.Output, machine, licence, encrypted[0], new PlaybackOptions(Width, Height, Heap: "system", Restricted: false)));
        ScenarioSteps.Step(session, 3, "misconfigured: protected buffers on decoder queues that are not restricted", () => Refused(session.Output, machine, licence, encrypted[0], new PlaybackOptions(Width, Height, Restricted: false)));
        return 3;
    }

    /// <summary>Null when the pipeline played nothing (and says why); else the problem.</summary>
    private static string? Refused(TextWriter output, Machine machine, byte[] licence, EncryptedFrame frame, PlaybackOptions options)
    {
        using var player = SecureVideoPlayer.Open(machine.Spawn("player"), licence, options);
        var result = player.Play([frame]);
        var why = player.SetupFailure ?? result.Failure;
        if (result.FramesShown > 0 || why is null)
        {
            return "the misconfigured pipeline played";
        }

        output.WriteLine($"  refused: {why}");
        return null;
    }
}
