using System.Globalization;
using Protmem.Platform;
using Protmem.Userspace.HeapSelection;
using Protmem.Userspace.Media.Recorder;

namespace Protmem.Cli.Scenarios;

/// <summary>
/// <c>protmem run secure-video-record</c>: the recorder (ABI only) captures a second of 1080p from the camera into
/// protected pictures of the heap the kernel names for the use case and encodes each into a protected PMV1 bitstream; after each frame the
/// model itself checks (reading its own DRAM, as a logic analyser would) that the bitstream decodes to what the
/// camera saw. Then the misconfigurations: buffers from the system heap, and protected pictures on queues that are
/// not restricted; both refused.
/// </summary>
internal sealed class SecureVideoRecordScenario : IScenario
{
    public const int Width = 1920;
    public const int Height = 1080;
    public const int Frames = 30;

    public string Name => "secure-video-record";

    public string Summary => "Record from the camera into protected memory and encode it there: no master, world or process but the pipeline's can read a frame";

    public string? NotPossible(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        if (!machine.HasTee)
        {
            return "it has no TEE";
        }

        var probe = machine.Spawn("probe");
        try
        {
            var (camera, encoder, missing) = SecureVideoRecorder.FindDevices(probe);
            if (missing is not null)
            {
                return $"it has {missing}";
            }

            var choice = HeapSolver.Solve(probe, new HeapRequest(SecureVideoRecorder.UseCase, [camera!, encoder!]));
            return choice.Found ? null : choice.Explanation;
        }
        finally
        {
            machine.Exit(probe);
        }
    }

    public int Run(RunSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var machine = session.Machine;
        ScenarioSteps.Step(session, 1, $"record {Frames} frames of {Width}x{Height} into protected memory", () =>
        {
            var app = machine.Spawn("recorder");
            using var recorder = SecureVideoRecorder.Open(app, new RecordOptions(Width, Height));
            var wrong = new List<uint>();
            var start = machine.SimulatedNanoseconds;
            if (recorder.HeapName is { } heap)
            {
                session.Output.WriteLine($"  buffers from {heap} (the heap the kernel says the camera and the encoder import for secure-video-record)");
            }

            var result = recorder.Record(Frames, frame =>
            {
                if (!machine.ProtectedBufferHoldsCameraFrame(app, frame.BitstreamFd, frame.Bytes, frame.Sequence, Width, Height))
                {
                    wrong.Add(frame.Sequence);
                }
            });
            session.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {result.FramesRecorded} frame(s) encoded in {(machine.SimulatedNanoseconds - start) / 1e6:F1} ms of simulated time, {(result.FrameBytes.Count == 0 ? 0 : result.FrameBytes.Average(b => b) / 1024):F0} KiB a frame; the program saw sizes only"));
            return result.Failure
                ?? (result.FramesRecorded != Frames ? $"{result.FramesRecorded} of {Frames} frames recorded"
                : wrong.Count > 0 ? $"{wrong.Count} bitstream(s) do not decode to the camera's frame (first: sequence {wrong[0]})"
                : null);
        });
        ScenarioSteps.Step(session, 2, "misconfigured: the recorder's buffers from the system heap", () => Refused(session.Output, machine, new RecordOptions(Width, Height, Heap: "system")));
        ScenarioSteps.Step(session, 3, "misconfigured: protected pictures on queues that are not restricted", () => Refused(session.Output, machine, new RecordOptions(Width, Height, Restricted: false)));
        return 3;
    }

    private static string? Refused(TextWriter output, Machine machine, RecordOptions options)
    {
        using var recorder = SecureVideoRecorder.Open(machine.Spawn("recorder"), options);
        var result = recorder.Record(1);
        var why = recorder.SetupFailure ?? result.Failure;
        if (result.FramesRecorded > 0 || why is null)
        {
            return "the misconfigured pipeline recorded";
        }

        output.WriteLine($"  refused: {why}");
        return null;
    }
}
