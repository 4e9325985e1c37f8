using BenchmarkDotNet.Attributes;
using Protmem.Platform;
using Protmem.Userspace.Media.Recorder;

namespace Protmem.Benchmarks;

/// <summary>
/// The whole secure-video record pipeline at 1080p with real bytes, in host time: per frame the camera's capture of
/// a scene frame into a protected picture (through its IOMMU and the firewall, every 33.3 ms of simulated time),
/// poll/DQBUF on the camera, QBUF/poll/DQBUF through the V4L2 encoder (its PMV1 encode of the picture into a
/// protected bitstream). Real time is 30 frames a second. With and without the continuous safety monitor.
/// </summary>
[MemoryDiagnoser]
public class RecordBenchmarks
{
    private const int Width = 1920;
    private const int Height = 1080;
    private const int Frames = 30;

    private Machine _machine = null!;
    private SecureVideoRecorder _recorder = null!;

    /// <summary>Whether the continuous safety monitor watches (as <c>protmem run</c> does by default).</summary>
    [Params(true, false)]
    public bool Monitor { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _machine = Machine.Boot("rk3588", new MachineOptions { Seed = 1, Monitor = Monitor, Append = "protmem.unmap_direct_map=1" });
        _recorder = SecureVideoRecorder.Open(_machine.Spawn("recorder"), new RecordOptions(Width, Height));
        if (_recorder.SetupFailure is { } failure)
        {
            throw new InvalidOperationException(failure);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _recorder.Dispose();
        _machine.Dispose();
    }

    /// <summary>One frame (measured over a second of video): capture, encode.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public int RecordFrame1080p()
    {
        var result = _recorder.Record(Frames);
        return result.Failure is null ? result.FramesRecorded : throw new InvalidOperationException(result.Failure);
    }
}
