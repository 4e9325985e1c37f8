using Protmem.Hardware.Media;
using Protmem.Uapi;
using Protmem.Uapi.Videodev2;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Media.V4l2;
using static Protmem.Platform.Tests.Media.V4l2Boards;
using static Protmem.Uapi.Videodev2.V4l2Ioctl;

namespace Protmem.Platform.Tests.Media;

/// <summary>/dev/video2 on rk3588 (rkcif), driven by the userspace client as a process: camera frames captured into system-heap buffers, the ownership and memory rules, close and exit.</summary>
public sealed partial class V4l2CaptureTests
{
    private const int Width = 64;
    private const int Height = 48;

    private static readonly int FrameSize = Pmv1Codec.Nv12Size(Width, Height);

    [Fact]
    public void Querycap_Rk3588_RkcifCaptureDeviceAtVideo2()
    {
        using var machine = CameraBoards.BootRk3588();
        using var camera = V4l2CaptureClient.Open(machine.Spawn("recorder"));
        using var encoder = V4l2EncoderClient.Open(machine.Spawn("recorder"));

        var cap = camera.Querycap();

        Assert.Equal(("rkcif", "rkcif"), (cap.Driver, cap.Card));
        Assert.Equal("rkvenc", encoder.Querycap().Driver);
        Assert.Equal(V4L2_CAP_VIDEO_CAPTURE_MPLANE | V4L2_CAP_STREAMING, cap.DeviceCaps);
        Assert.Equal(cap.DeviceCaps | V4L2_CAP_DEVICE_CAPS, cap.Capabilities);
    }

    [Fact]
    public void SetFormat_OtherPixelformatOddSize_Nv12AtAnEvenSizeAndOutputTypeEinval()
    {
        using var machine = CameraBoards.BootRk3588();
        using var camera = V4l2CaptureClient.Open(machine.Spawn("recorder"));

        var asked = new V4l2Format { Type = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, Pixelformat = V4L2_PIX_FMT_PMV1, Width = 321, Height = 7, NumPlanes = 1 };
        Assert.Equal(0, camera.TrySetFormat(ref asked));
        var output = new V4l2Format { Type = V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE, Pixelformat = V4L2_PIX_FMT_NV12, Width = Width, Height = Height };

        Assert.Equal((V4L2_PIX_FMT_NV12, 322U, 16U, 322U), (asked.Pixelformat, asked.Width, asked.Height, asked.BytesPerLine));
        Assert.Equal((uint)Pmv1Codec.Nv12Size(322, 16), asked.SizeImage);
        Assert.Equal(-Errno.EINVAL, camera.TrySetFormat(ref output));
        Assert.Equal(-Errno.EINVAL, camera.TryRequestBuffers(2, false, out _, type: V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE));
    }

    [Fact]
    public void Capture_SystemHeapBuffers_EachFrameHoldsTheSceneOfItsSequence()
    {
        using var machine = CameraBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var camera = V4l2CaptureClient.Open(sys);
        var buffers = Enumerable.Range(0, 3).Select(_ => Allocate(heaps, "system", (ulong)FrameSize)).ToArray();
        try
        {
            Assert.Equal((uint)FrameSize, camera.SetFormat(Width, Height).SizeImage);
            Assert.Equal(3U, camera.RequestBuffers(3));
            for (var i = 0U; i < 3; i++)
            {
                camera.QueueBuffer(i, buffers[i].Fd);
            }

            var start = machine.Soc.Clock.Now;
            camera.StreamOn();
            var frames = new List<V4l2CapturedFrame>();
            for (var n = 0; n < 5; n++)
            {
                Assert.Equal(1, camera.Poll(100, out var revents));
                Assert.Equal(Poll.POLLIN | Poll.POLLRDNORM, revents);
                var frame = camera.DequeueBuffer();
                Assert.Equal(CameraScene.Frame(Width, Height, frame.Sequence), Read(buffers[frame.Index], FrameSize));
                frames.Add(frame);
                camera.QueueBuffer(frame.Index, buffers[frame.Index].Fd);
            }

            Assert.Equal([0U, 1U, 2U, 0U, 1U], frames.Select(f => f.Index));
            Assert.Equal([0U, 1U, 2U, 3U, 4U], frames.Select(f => f.Sequence));
            Assert.All(frames, f => Assert.Equal(((uint)FrameSize, V4L2_BUF_FLAG_DONE | V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC), (f.BytesUsed, f.Flags)));
            var end = start + (5 * CameraCore.FramePeriodNs);
            Assert.Equal(((long)(end / 1_000_000_000), (long)(end % 1_000_000_000 / 1000)), (frames[4].TimestampSec, frames[4].TimestampUsec));
            var rkcif = CameraBoards.Rkcif(machine);
            Assert.Empty(rkcif.Errors);
            Assert.Equal(0, rkcif.FramesDropped);
            machine.CheckInvariants();
        }
        finally
        {
            Array.ForEach(buffers, b => b.Dispose());
        }
    }

    [Fact]
    public void Dqbuf_NoBufferQueuedForSomeFrames_SequenceGapCountsTheDroppedFrames()
    {
        using var machine = CameraBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var camera = V4l2CaptureClient.Open(sys);
        using var buffer = Allocate(heaps, "system", (ulong)FrameSize);
        camera.SetFormat(Width, Height);
        camera.RequestBuffers(1);
        camera.QueueBuffer(0, buffer.Fd);
        camera.StreamOn();
        Assert.Equal(0U, camera.DequeueBuffer().Sequence);

        Assert.Equal(0, camera.Poll(100, out _));
        Assert.Equal(-Errno.EINTR, camera.TryDequeueBuffer(out _));
        camera.QueueBuffer(0, buffer.Fd);
        var next = camera.DequeueBuffer();

        var rkcif = CameraBoards.Rkcif(machine);
        Assert.True(next.Sequence >= 3, $"frame {next.Sequence} after 100 ms without a buffer");
        var gap = Assert.Single(rkcif.SequenceGaps);
        Assert.Equal((1U, next.Sequence - 1), (gap.FirstSequence, gap.Count));
        Assert.Equal(next.Sequence - 1, rkcif.FramesDropped);
        Assert.Equal(rkcif.FramesDropped, machine.Soc.Cameras["camera"].FramesDropped);
        Assert.Equal(CameraScene.Frame(Width, Height, next.Sequence), Read(buffer, FrameSize));
        machine.CheckInvariants();
    }

    [Fact]
    public void Poll_BeforeStreamOnThenAfterAFrame_PollerrThenPollin()
    {
        using var machine = CameraBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var camera = V4l2CaptureClient.Open(sys, nonBlocking: true);
        using var buffer = Allocate(heaps, "system", (ulong)FrameSize);
        camera.SetFormat(Width, Height);
        camera.RequestBuffers(1);
        camera.QueueBuffer(0, buffer.Fd);

        Assert.Equal(1, camera.Poll(0, out var before));
        camera.StreamOn();
        Assert.Equal(-Errno.EAGAIN, camera.TryDequeueBuffer(out _));
        Assert.Equal(1, camera.Poll(50, out var after));

        Assert.Equal(Poll.POLLERR, before);
        Assert.Equal(Poll.POLLIN | Poll.POLLRDNORM, after);
        Assert.Equal(0, camera.TryDequeueBuffer(out var frame));
        Assert.False(frame.IsError);
    }

    [Fact]
    public void Reqbufs_MmapOrUserptr_EinvalAndExpbufEinval()
    {
        using var machine = CameraBoards.BootRk3588();
        using var camera = V4l2CaptureClient.Open(machine.Spawn("recorder"));

        Assert.Equal(-Errno.EINVAL, camera.TryRequestBuffers(2, false, out _, V4L2_MEMORY_MMAP));
        Assert.Equal(-Errno.EINVAL, camera.TryRequestBuffers(2, false, out _, V4L2_MEMORY_USERPTR));
        Assert.Equal(-Errno.EINVAL, camera.TryRequestBuffers(2, true, out _, V4L2_MEMORY_MMAP));
        Assert.Equal(0, camera.TryRequestBuffers(2, false, out var answer));
        Assert.Equal(-Errno.EINVAL, camera.TryExportBuffer(0));

        Assert.Equal(V4L2_BUF_CAP_SUPPORTS_DMABUF | V4L2_BUF_CAP_SUPPORTS_RESTRICTED_MEM, answer.Capabilities);
        Assert.Equal(-Errno.EINVAL, camera.TryQueueBuffer(0, 3, V4L2_MEMORY_MMAP));
    }

    [Fact]
    public void Qbuf_BadFdOrBufferSmallerThanAFrame_EinvalAndNothingAttached()
    {
        using var machine = CameraBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var camera = V4l2CaptureClient.Open(sys);
        using var small = Allocate(heaps, "system", 4096);
        camera.SetFormat(Width, Height);
        camera.RequestBuffers(2);

        Assert.Equal(-Errno.EINVAL, camera.TryQueueBuffer(0, small.Fd));
        Assert.Equal(-Errno.EINVAL, camera.TryQueueBuffer(0, camera.Fd));
        Assert.Equal(-Errno.EINVAL, camera.TryQueueBuffer(2, small.Fd));
        Assert.Equal(-Errno.EINVAL, camera.TryDequeueBuffer(out _));
        Assert.All(CameraBoards.Rkcif(machine).Queue.Buffers, b => Assert.Null(b.Plane.DmaBuf));
    }

    [Fact]
    public void SecondFile_WhileTheFirstOwnsTheQueue_EbusyUntilItGivesItUp()
    {
        using var machine = CameraBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var owner = V4l2CaptureClient.Open(sys);
        using var other = V4l2CaptureClient.Open(machine.Spawn("snooper"));
        using var buffer = Allocate(heaps, "system", (ulong)FrameSize);
        owner.SetFormat(Width, Height);
        owner.RequestBuffers(2);
        var format = new V4l2Format { Type = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, Width = 32, Height = 32 };

        Assert.Equal(-Errno.EBUSY, other.TryRequestBuffers(2, false, out _));
        Assert.Equal(-Errno.EBUSY, other.TryRequestBuffers(0, false, out _));
        Assert.Equal(-Errno.EBUSY, other.TryQueueBuffer(0, 3));
        Assert.Equal(-Errno.EBUSY, other.TryStreamOn());
        Assert.Equal(-Errno.EBUSY, other.TryStreamOff());
        Assert.Equal(-Errno.EBUSY, other.TryDequeueBuffer(out _));
        Assert.Equal(-Errno.EBUSY, other.TryExportBuffer(0));
        Assert.Equal(-Errno.EBUSY, other.TrySetFormat(ref format));
        Assert.Equal(-Errno.EINVAL, other.TryRequestBuffers(2, false, out _, V4L2_MEMORY_MMAP));
        owner.QueueBuffer(0, buffer.Fd);

        Assert.Equal(0U, owner.RequestBuffers(0));
        Assert.Equal(2U, other.RequestBuffers(2));
        Assert.Equal(-Errno.EBUSY, owner.TryRequestBuffers(2, false, out _));
        Assert.Null(CameraBoards.Rkcif(machine).Queue.Buffers[0].Plane.DmaBuf);
        machine.CheckInvariants();
    }

    [Fact]
    public void Close_OwnerWhileStreamingWithBuffersQueued_ReleasesEverythingAndAnotherFileMayOwn()
    {
        using var machine = CameraBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var first = Allocate(heaps, "system", (ulong)FrameSize);
        using var second = Allocate(heaps, "system", (ulong)FrameSize);
        using var other = V4l2CaptureClient.Open(machine.Spawn("next"));
        var before = machine.Resources.WithoutIommuTables();
        var camera = V4l2CaptureClient.Open(sys);
        camera.SetFormat(Width, Height);
        camera.RequestBuffers(2);
        camera.QueueBuffer(0, first.Fd);
        camera.QueueBuffer(1, second.Fd);
        camera.StreamOn();
        Assert.Equal(1, camera.Poll(100, out _));

        camera.Dispose();

        var rkcif = CameraBoards.Rkcif(machine);
        Assert.False(rkcif.Hardware.IsStreaming);
        Assert.Equal(0, rkcif.Hardware.QueuedBuffers);
        Assert.Empty(rkcif.Queue.Buffers);
        Assert.Null(rkcif.Queue.Owner);
        Assert.Equal(before, machine.Resources.WithoutIommuTables());
        Assert.Equal(2U, other.RequestBuffers(2));
        machine.CheckInvariants();
    }

    [Fact]
    public void Exit_ProcessStreamingTheCamera_EverythingBackAsAtBoot()
    {
        using var machine = CameraBoards.BootRk3588();
        var boot = machine.Resources;
        var sys = machine.Spawn("recorder");
        var heaps = new DmaHeapLibrary(sys);
        var buffer = Allocate(heaps, "system", (ulong)FrameSize);
        var camera = V4l2CaptureClient.Open(sys);
        camera.SetFormat(Width, Height);
        camera.RequestBuffers(2);
        camera.QueueBuffer(0, buffer.Fd);
        camera.StreamOn();

        machine.Exit(sys);

        Assert.Equal(boot.WithoutIommuTables() with { Processes = 0 }, machine.Resources.WithoutIommuTables() with { Processes = 0 });
        Assert.False(CameraBoards.Rkcif(machine).Hardware.IsStreaming);
        machine.CheckInvariants();
    }

    [Fact]
    public void Capture_FrameQueuedOnTheEncoder_BitstreamIsTheCpuEncodeOfTheScene()
    {
        using var machine = CameraBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var camera = V4l2CaptureClient.Open(sys);
        using var encoder = V4l2EncoderClient.Open(sys);
        using var picture = Allocate(heaps, "system", (ulong)FrameSize);
        using var bitstream = Allocate(heaps, "system", (ulong)Pmv1Codec.MaxFrameSize(Width, Height));
        camera.SetFormat(Width, Height);
        camera.RequestBuffers(1);
        camera.QueueBuffer(0, picture.Fd);
        camera.StreamOn();
        var frame = camera.DequeueBuffer();
        encoder.SetFormat(V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE, V4L2_PIX_FMT_NV12, Width, Height);
        encoder.RequestBuffers(V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE, 1);
        encoder.RequestBuffers(V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, 1);

        encoder.QueueBuffer(V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE, 0, picture.Fd, frame.BytesUsed);
        encoder.QueueBuffer(V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, 0, bitstream.Fd);
        encoder.StreamOn(V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE);
        encoder.StreamOn(V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE);
        var (_, plane) = encoder.DequeueBuffer(V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE);

        var expected = Pmv1Codec.Encode(CameraScene.Frame(Width, Height, frame.Sequence), Width, Height);
        Assert.Equal(expected, Read(bitstream, (int)plane.BytesUsed));
        machine.CheckInvariants();
    }

    [Fact]
    public void Capture_IommuMappingMadeReadOnly_WriteFaultsTheBufferFlagsErrorAndTheNextFrameGoesOn()
    {
        using var machine = CameraBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var camera = V4l2CaptureClient.Open(sys);
        using var broken = Allocate(heaps, "system", (ulong)FrameSize);
        using var good = Allocate(heaps, "system", (ulong)FrameSize);
        var rkcif = CameraBoards.Rkcif(machine);
        camera.SetFormat(Width, Height);
        camera.RequestBuffers(2);
        camera.QueueBuffer(0, broken.Fd);
        camera.QueueBuffer(1, good.Fd);

        // The misconfigured pipeline: buffer 0's IOMMU mapping becomes read-only behind the driver's back.
        var domain = rkcif.Device.IommuGroup!.Domain!;
        var table = rkcif.Queue.Buffers[0].Plane.Table!;
        Assert.Equal(table.TotalLength, domain.Unmap(table.Entries[0].DmaAddress, table.TotalLength));
        foreach (var entry in table.Entries)
        {
            Assert.Equal(0, domain.Map(entry.DmaAddress, entry.Phys, entry.Length, Hardware.Iommu.IommuProt.Read));
        }

        camera.StreamOn();
        var failed = camera.DequeueBuffer();
        var next = camera.DequeueBuffer();

        Assert.Equal((0U, 0U, 0U, true), (failed.Index, failed.Sequence, failed.BytesUsed, failed.IsError));
        Assert.Equal((1U, 1U, false), (next.Index, next.Sequence, next.IsError));
        Assert.NotEqual(CameraScene.Frame(Width, Height, 0), Read(broken, FrameSize));
        Assert.Equal(CameraScene.Frame(Width, Height, 1), Read(good, FrameSize));
        var error = Assert.Single(rkcif.Errors);
        Assert.Equal((CameraStatus.DmaWriteError, false, 0U), (error.Status, error.SecureMode, error.Sequence));
        Assert.Equal(table.Entries[0].DmaAddress, error.FaultAddress);
        machine.CheckInvariants();
    }

    private static byte[] Read(DmaBuffer buffer, int length)
    {
        var bytes = new byte[length];
        using var map = buffer.Map(Mman.PROT_READ);
        map.Read(0, bytes);
        return bytes;
    }
}
