using Protmem.Hardware;
using Protmem.Userspace.Media.Recorder;

namespace Protmem.Platform.Tests.Media;

/// <summary>The secure-video recorder on rk3588: camera → protected pictures → encoder → protected bitstream, checked by the model against what the camera saw.</summary>
public sealed class SecureVideoRecordTests
{
    private const int Width = 640;
    private const int Height = 480;

    private static MachineOptions Options => Rk3588Options.LentOutOfDirectMap();

    [Fact]
    public void Record_ProtectedPipeline_EveryBitstreamDecodesToTheCameraFrameAndNoOneElseCanReachIt()
    {
        using var machine = Machine.Boot("rk3588", Options);
        var app = machine.Spawn("recorder");
        var checkedFrames = new List<(uint Sequence, bool Matches, bool CpuCannotRead, bool DisplayCannotRead)>();

        using (var recorder = SecureVideoRecorder.Open(app, new RecordOptions(Width, Height)))
        {
            Assert.Null(recorder.SetupFailure);
            var result = recorder.Record(4, frame =>
            {
                var cpu = machine.Soc.Oracle.ReachableBy(machine.Soc.Cpu.Master, SecurityState.NonSecure, AccessDirection.Read);
                var vop = machine.Soc.Oracle.ReachableBy(machine.Soc.Master("vop"), SecurityState.NonSecure, AccessDirection.Read);
                var pages = machine.ProtectedPagesOf(app, frame.BitstreamFd);
                checkedFrames.Add((frame.Sequence, machine.ProtectedBufferHoldsCameraFrame(app, frame.BitstreamFd, frame.Bytes, frame.Sequence, Width, Height),
                    pages.Count > 0 && !cpu.Any(r => pages.Any(r.Overlaps)), pages.Count > 0 && !vop.Any(r => pages.Any(r.Overlaps))));
            });

            Assert.Null(result.Failure);
            Assert.Equal(4, result.FramesRecorded);
            Assert.All(checkedFrames, f => Assert.Equal((true, true, true), (f.Matches, f.CpuCannotRead, f.DisplayCannotRead)));
            Assert.Equal(4, checkedFrames.Select(f => f.Sequence).Distinct().Count());
            machine.CheckInvariants();
            Assert.True(machine.CheckSafety().Passed);
        }

        machine.Exit(app);
        Assert.True(machine.CheckSafety(quiescent: true).Passed);
        Assert.Equal(0, machine.MonitorFindingCount);
    }

    [Theory]
    [InlineData("system", true)]
    [InlineData("protected,secure-video-record", false)]
    public void Record_MisconfiguredPipeline_RecordsNothing(string heap, bool restricted)
    {
        using var machine = Machine.Boot("rk3588", Options);

        using var recorder = SecureVideoRecorder.Open(machine.Spawn("recorder"), new RecordOptions(Width, Height, heap, restricted));
        var result = recorder.Record(1);

        Assert.Equal(0, result.FramesRecorded);
        Assert.Contains("EINVAL", recorder.SetupFailure ?? result.Failure, StringComparison.Ordinal);
        Assert.True(machine.CheckSafety().Passed);
    }
}
