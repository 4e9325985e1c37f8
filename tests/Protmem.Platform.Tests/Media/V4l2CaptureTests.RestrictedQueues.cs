using Protmem.Hardware;
using Protmem.Hardware.Media;
using Protmem.Uapi;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Media.V4l2;
using static Protmem.Platform.Tests.Media.V4l2Boards;
using static Protmem.Uapi.Videodev2.V4l2Ioctl;

namespace Protmem.Platform.Tests.Media;

/// <summary>The camera on a restricted queue: frames only into protected memory the normal world cannot read, and the refusals.</summary>
public sealed partial class V4l2CaptureTests
{
    [Fact]
    public void Capture_ProtectedBuffersOnRestrictedQueue_FramesInMemoryTheCpuCannotReachAndSafetyClean()
    {
        using var machine = CameraBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var camera = V4l2CaptureClient.Open(sys);
        using var first = Allocate(heaps, VencBoards.RecordHeap, (ulong)FrameSize);
        using var second = Allocate(heaps, VencBoards.RecordHeap, (ulong)FrameSize);
        var rkcif = CameraBoards.Rkcif(machine);
        camera.SetFormat(Width, Height);
        Assert.Equal(2U, camera.RequestBuffers(2, restricted: true));
        camera.QueueBuffer(0, first.Fd);
        camera.QueueBuffer(1, second.Fd);
        camera.StreamOn();
        Assert.True(rkcif.Hardware.SecureMode);

        Assert.Equal(1, camera.Poll(100, out _));
        var pages = V4l2Boards.Pages(rkcif.Queue.Buffers[0].Plane.Table);

        Assert.Equal(CameraScene.Frame(Width, Height, 0), V4l2Boards.ReadDram(machine, pages, FrameSize));
        var cpuReach = machine.Soc.Oracle.ReachableBy(machine.Soc.Cpu.Master, SecurityState.NonSecure, AccessDirection.Read);
        Assert.DoesNotContain(cpuReach, r => pages.Any(p => r.Overlaps(p)));
        Assert.False(first.TryMap(out _, out _, Mman.PROT_READ));
        var frame = camera.DequeueBuffer();
        Assert.Equal((0U, 0U, (uint)FrameSize, false), (frame.Index, frame.Sequence, frame.BytesUsed, frame.IsError));
        Assert.Empty(rkcif.Errors);
        machine.CheckInvariants();
        var safety = machine.CheckSafety();
        Assert.True(safety.Passed, string.Join("\n", safety.Findings));
        Assert.Equal(0, machine.MonitorFindingCount);
        camera.StreamOff();
        Assert.False(rkcif.Hardware.SecureMode);
    }

    [Fact]
    public void Qbuf_SystemBufferOnRestrictedQueue_Einval()
    {
        using var machine = CameraBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var camera = V4l2CaptureClient.Open(sys);
        using var ordinary = Allocate(heaps, "system", (ulong)FrameSize);
        camera.SetFormat(Width, Height);
        camera.RequestBuffers(2, restricted: true);

        Assert.Equal(-Errno.EINVAL, camera.TryQueueBuffer(0, ordinary.Fd));
        Assert.All(CameraBoards.Rkcif(machine).Queue.Buffers, b => Assert.Null(b.Plane.DmaBuf));
    }

    [Fact]
    public void Qbuf_ProtectedBufferOnOrdinaryQueue_EinvalSoTheCameraNeverWritesItOutOfSecureMode()
    {
        using var machine = CameraBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var camera = V4l2CaptureClient.Open(sys);
        using var secret = Allocate(heaps, VencBoards.RecordHeap, (ulong)FrameSize);
        camera.SetFormat(Width, Height);
        camera.RequestBuffers(2);

        Assert.Equal(-Errno.EINVAL, camera.TryQueueBuffer(0, secret.Fd));
        Assert.All(CameraBoards.Rkcif(machine).Queue.Buffers, b => Assert.Null(b.Plane.DmaBuf));
    }

    [Fact]
    public void Reqbufs_RestrictedOnACameraWithoutSecureMode_EinvalAndNotAdvertised()
    {
        using var machine = CameraBoards.BootRk3588(secureCamera: false);
        using var camera = V4l2CaptureClient.Open(machine.Spawn("recorder"));

        Assert.Equal(-Errno.EINVAL, camera.TryRequestBuffers(2, true, out _));
        Assert.Equal(0, camera.TryRequestBuffers(2, false, out var answer));

        Assert.Equal(V4L2_BUF_CAP_SUPPORTS_DMABUF, answer.Capabilities);
        Assert.False(CameraBoards.Rkcif(machine).SupportsRestrictedMem);
    }

    [Fact]
    public void Close_RestrictedQueueStreaming_SecureModeEndsAndEverythingReleased()
    {
        using var machine = CameraBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var buffer = Allocate(heaps, VencBoards.RecordHeap, (ulong)FrameSize);
        var before = machine.Resources.WithoutIommuTables();
        var camera = V4l2CaptureClient.Open(sys);
        camera.SetFormat(Width, Height);
        camera.RequestBuffers(2, restricted: true);
        camera.QueueBuffer(0, buffer.Fd);
        camera.StreamOn();

        camera.Dispose();

        var rkcif = CameraBoards.Rkcif(machine);
        Assert.False(rkcif.Hardware.SecureMode);
        Assert.False(rkcif.Hardware.IsStreaming);
        Assert.Equal(before, machine.Resources.WithoutIommuTables());
        machine.CheckInvariants();
        var safety = machine.CheckSafety();
        Assert.True(safety.Passed, string.Join("\n", safety.Findings));
    }
}
