using Protmem.Hardware;
using Protmem.Hardware.Media;
using Protmem.Uapi;
using Protmem.Uapi.Videodev2;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Media.V4l2;
using static Protmem.Platform.Tests.Media.V4l2Boards;
using static Protmem.Uapi.Videodev2.V4l2Ioctl;

namespace Protmem.Platform.Tests.Media;

/// <summary>/dev/video0 on rk3588, driven by the userspace client as a process: real PMV1 frames decoded into NV12, on ordinary and protected buffers.</summary>
public sealed partial class V4l2DecodeTests
{
    private const uint Output = V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
    private const uint Capture = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
    private const int Width = 64;
    private const int Height = 48;

    private static readonly byte[] Image = Nv12Image(Width, Height);
    private static readonly byte[] Frame = Pmv1Codec.Encode(Image, Width, Height);

    /// <summary>An OUTPUT buffer holds the format's sizeimage: PMV1's largest frame at this size.</summary>
    private static readonly ulong BitstreamSize = (ulong)Pmv1Codec.MaxFrameSize(Width, Height);

    [Fact]
    public void Querycap_Rk3588_RkvdecMemoryToMemoryMultiPlanar()
    {
        using var machine = V4l2Boards.BootRk3588();
        using var video = V4l2DecoderClient.Open(machine.Spawn("player"));

        var cap = video.Querycap();

        Assert.Contains("/dev/video0", machine.DeviceNodes);
        Assert.Equal("rkvdec", cap.Driver);
        Assert.Equal(V4L2_CAP_VIDEO_M2M_MPLANE | V4L2_CAP_STREAMING, cap.DeviceCaps);
        Assert.Equal(cap.DeviceCaps | V4L2_CAP_DEVICE_CAPS, cap.Capabilities);
    }

    [Fact]
    public void EnumFmt_EachQueue_OnePmv1AndOneNv12ThenEinval()
    {
        using var machine = V4l2Boards.BootRk3588();
        using var video = V4l2DecoderClient.Open(machine.Spawn("player"));

        Assert.Equal(0, video.TryEnumFmt(Output, 0, out var coded));
        Assert.Equal(0, video.TryEnumFmt(Capture, 0, out var picture));
        Assert.Equal(-Errno.EINVAL, video.TryEnumFmt(Output, 1, out _));
        Assert.Equal(-Errno.EINVAL, video.TryEnumFmt(1, 0, out _));

        Assert.Equal((V4L2_PIX_FMT_PMV1, V4L2_FMT_FLAG_COMPRESSED), (coded.Pixelformat, coded.Flags));
        Assert.Equal((V4L2_PIX_FMT_NV12, 0U), (picture.Pixelformat, picture.Flags));
    }

    [Fact]
    public void SetFormat_OutputOddSize_EvenedAndCaptureFollowsAsNv12()
    {
        using var machine = V4l2Boards.BootRk3588();
        using var video = V4l2DecoderClient.Open(machine.Spawn("player"));

        var coded = video.SetFormat(Output, V4L2_PIX_FMT_NV12, 321, 99999);
        Assert.Equal(0, video.TryGetFormat(Capture, out var picture));
        var tried = new V4l2Format { Type = Capture, Pixelformat = V4L2_PIX_FMT_PMV1, Width = 8, Height = 8 };
        Assert.Equal(0, video.TrySetFormat(ref tried, tryOnly: true));

        Assert.Equal((V4L2_PIX_FMT_PMV1, 322U, (uint)Pmv1Codec.MaxHeight), (coded.Pixelformat, coded.Width, coded.Height));
        Assert.Equal((V4L2_PIX_FMT_NV12, 322U, (uint)Pmv1Codec.MaxHeight, 322U), (picture.Pixelformat, picture.Width, picture.Height, picture.BytesPerLine));
        Assert.Equal((uint)Pmv1Codec.Nv12Size(322, Pmv1Codec.MaxHeight), picture.SizeImage);
        Assert.Equal((V4L2_PIX_FMT_NV12, 322U), (tried.Pixelformat, tried.Width));
        var bad = new V4l2Format { Type = 2 };
        Assert.Equal(-Errno.EINVAL, video.TrySetFormat(ref bad));
    }

    [Fact]
    public void Decode_SystemHeapBuffers_PictureEqualsTheCpuDecode()
    {
        using var machine = V4l2Boards.BootRk3588();
        var sys = machine.Spawn("player");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = V4l2DecoderClient.Open(sys);
        using var bitstream = Allocate(heaps, "system", BitstreamSize);
        using var picture = Allocate(heaps, "system", (ulong)Pmv1Codec.Nv12Size(Width, Height));
        using (var map = bitstream.Map())
        {
            map.Write(0, Frame);
        }

        Setup(video, restricted: false);
        video.QueueBuffer(Output, 0, bitstream.Fd, (uint)Frame.Length, timestampSec: 42);
        video.QueueBuffer(Capture, 0, picture.Fd);
        video.StreamOn(Output);
        video.StreamOn(Capture);

        Assert.Equal(1, video.Poll((short)(Poll.POLLIN | Poll.POLLOUT), 100, out var revents));
        Assert.Equal(Poll.POLLIN | Poll.POLLOUT, revents);
        var (source, _) = video.DequeueBuffer(Output);
        var (buffer, plane) = video.DequeueBuffer(Capture);

        Assert.Equal(V4L2_BUF_FLAG_DONE, source.Flags & (V4L2_BUF_FLAG_DONE | V4L2_BUF_FLAG_ERROR));
        Assert.Equal(V4L2_BUF_FLAG_DONE, buffer.Flags & (V4L2_BUF_FLAG_DONE | V4L2_BUF_FLAG_ERROR));
        Assert.Equal((uint)Pmv1Codec.Nv12Size(Width, Height), plane.BytesUsed);
        Assert.Equal((42L, 0U), (buffer.TimestampSec, buffer.Sequence));
        var expected = new byte[Image.Length];
        Assert.True(Pmv1Codec.TryDecode(Frame, expected, out _, out _));
        var decoded = new byte[expected.Length];
        using (var map = picture.Map(Mman.PROT_READ))
        {
            map.Read(0, decoded);
        }

        Assert.Equal(expected, decoded);
        Assert.Empty(V4l2Boards.Rkvdec(machine).Errors);
        machine.CheckInvariants();
    }

    [Fact]
    public void Decode_ProtectedBuffers_PictureInProtectedMemoryTheCpuCannotReach()
    {
        using var machine = V4l2Boards.BootRk3588();
        var sys = machine.Spawn("player");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = V4l2DecoderClient.Open(sys);
        using var bitstream = Allocate(heaps, V4l2Boards.ProtectedHeap, BitstreamSize);
        using var picture = Allocate(heaps, V4l2Boards.ProtectedHeap, (ulong)Pmv1Codec.Nv12Size(Width, Height));
        var rkvdec = V4l2Boards.Rkvdec(machine);

        Setup(video, restricted: true);
        video.QueueBuffer(Output, 0, bitstream.Fd, (uint)Frame.Length);
        V4l2Boards.WriteDram(machine, V4l2Boards.Pages(rkvdec.Contexts[0].M2m.OutQ.Buffers[0].Plane.Table), Frame);
        video.QueueBuffer(Capture, 0, picture.Fd);
        video.StreamOn(Output);
        video.StreamOn(Capture);
        Assert.Equal(1, video.Poll(Poll.POLLIN, 100, out _));
        var pages = V4l2Boards.Pages(rkvdec.Contexts[0].M2m.CapQ.Buffers[0].Plane.Table);

        Assert.Equal(Image, V4l2Boards.ReadDram(machine, pages, Image.Length));
        var cpuReach = machine.Soc.Oracle.ReachableBy(machine.Soc.Cpu.Master, SecurityState.NonSecure, AccessDirection.Read);
        Assert.DoesNotContain(cpuReach, r => pages.Any(p => r.Overlaps(p)));
        Assert.False(picture.TryMap(out _, out _, Mman.PROT_READ));
        var (buffer, plane) = video.DequeueBuffer(Capture);
        Assert.Equal(V4L2_BUF_FLAG_DONE, buffer.Flags & (V4L2_BUF_FLAG_DONE | V4L2_BUF_FLAG_ERROR));
        Assert.Equal((uint)Image.Length, plane.BytesUsed);
        Assert.False(rkvdec.Hardware.SecureMode);
        Assert.Empty(rkvdec.Errors);
        machine.CheckInvariants();
        var safety = machine.CheckSafety();
        Assert.True(safety.Passed, string.Join("\n", safety.Findings));
        Assert.Equal(0, machine.MonitorFindingCount);
    }

    [Fact]
    public void Decode_ClearBitstreamIntoRestrictedCapture_DecodedInSecureMode()
    {
        using var machine = V4l2Boards.BootRk3588();
        var sys = machine.Spawn("player");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = V4l2DecoderClient.Open(sys);
        using var bitstream = Allocate(heaps, "system", BitstreamSize);
        using var picture = Allocate(heaps, V4l2Boards.ProtectedHeap, (ulong)Image.Length);
        using (var map = bitstream.Map())
        {
            map.Write(0, Frame);
        }

        video.SetFormat(Output, V4L2_PIX_FMT_PMV1, Width, Height);
        Assert.Equal(2U, video.RequestBuffers(Output, 2));
        Assert.Equal(2U, video.RequestBuffers(Capture, 2, restricted: true));
        video.QueueBuffer(Output, 0, bitstream.Fd, (uint)Frame.Length);
        video.QueueBuffer(Capture, 0, picture.Fd);
        video.StreamOn(Output);
        video.StreamOn(Capture);
        Assert.Equal(1, video.Poll(Poll.POLLIN, 100, out _));

        var rkvdec = V4l2Boards.Rkvdec(machine);
        Assert.Equal(Image, V4l2Boards.ReadDram(machine, V4l2Boards.Pages(rkvdec.Contexts[0].M2m.CapQ.Buffers[0].Plane.Table), Image.Length));
        Assert.Equal(V4L2_BUF_FLAG_DONE, video.DequeueBuffer(Capture).Buffer.Flags & (V4L2_BUF_FLAG_DONE | V4L2_BUF_FLAG_ERROR));
        machine.CheckInvariants();
    }

    [Fact]
    public void Decode_CorruptFrame_CaptureBufferReturnedWithErrorFlag()
    {
        using var machine = V4l2Boards.BootRk3588();
        var sys = machine.Spawn("player");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = V4l2DecoderClient.Open(sys);
        using var bitstream = Allocate(heaps, "system", BitstreamSize);
        using var picture = Allocate(heaps, "system", (ulong)Image.Length);
        using (var map = bitstream.Map())
        {
            map.Write(0, Frame.AsSpan(0, Frame.Length - 3));
        }

        Setup(video, restricted: false);
        video.QueueBuffer(Output, 0, bitstream.Fd, (uint)Frame.Length - 3);
        video.QueueBuffer(Capture, 0, picture.Fd);
        video.StreamOn(Output);
        video.StreamOn(Capture);
        var (buffer, plane) = video.DequeueBuffer(Capture);

        Assert.Equal(V4L2_BUF_FLAG_DONE | V4L2_BUF_FLAG_ERROR, buffer.Flags & (V4L2_BUF_FLAG_DONE | V4L2_BUF_FLAG_ERROR));
        Assert.Equal(0U, plane.BytesUsed);
        var error = Assert.Single(V4l2Boards.Rkvdec(machine).Errors);
        Assert.Equal(VideoDecoderStatus.BitstreamError, error.Status);
    }

    [Fact]
    public void Decode_TwoFramesQueued_BothDecodedInOrder()
    {
        using var machine = V4l2Boards.BootRk3588();
        var sys = machine.Spawn("player");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = V4l2DecoderClient.Open(sys);
        var second = Pmv1Codec.Encode([.. Image.Select(b => (byte)(255 - b))], Width, Height);
        using var bitstream0 = Allocate(heaps, "system", BitstreamSize);
        using var bitstream1 = Allocate(heaps, "system", BitstreamSize);
        using var picture0 = Allocate(heaps, "system", (ulong)Image.Length);
        using var picture1 = Allocate(heaps, "system", (ulong)Image.Length);
        using (var map = bitstream0.Map())
        {
            map.Write(0, Frame);
        }

        using (var map = bitstream1.Map())
        {
            map.Write(0, second);
        }

        Setup(video, restricted: false);
        video.StreamOn(Output);
        video.StreamOn(Capture);
        video.QueueBuffer(Output, 0, bitstream0.Fd, (uint)Frame.Length, timestampSec: 1);
        video.QueueBuffer(Output, 1, bitstream1.Fd, (uint)second.Length, timestampSec: 2);
        video.QueueBuffer(Capture, 0, picture0.Fd);
        video.QueueBuffer(Capture, 1, picture1.Fd);

        var first = video.DequeueBuffer(Capture).Buffer;
        var next = video.DequeueBuffer(Capture).Buffer;
        Assert.Equal((0U, 1L, 0U), (first.Index, first.TimestampSec, first.Sequence));
        Assert.Equal((1U, 2L, 1U), (next.Index, next.TimestampSec, next.Sequence));
        var decoded = new byte[Image.Length];
        using (var map = picture1.Map(Mman.PROT_READ))
        {
            map.Read(0, decoded);
        }

        Assert.Equal(Image.Select(b => (byte)(255 - b)), decoded);
        Assert.Equal(2, V4l2Boards.Rkvdec(machine).M2m.JobsRun);
    }

    [Fact]
    public void DecoderBlock_DriverChecksBypassed_ProtectedBitstreamNeverReachesOrdinaryMemory()
    {
        // Two contexts map, in the decoder's IOMMU domain, a protected bitstream (restricted queue) and an ordinary
        // picture buffer; starting the block directly with that pair (what a driver without the QBUF checks would
        // do) fails in both modes and writes nothing.
        using var machine = V4l2Boards.BootRk3588();
        var sys = machine.Spawn("player");
        using var heaps = new DmaHeapLibrary(sys);
        using var secure = V4l2DecoderClient.Open(sys);
        using var ordinary = V4l2DecoderClient.Open(sys);
        using var bitstream = Allocate(heaps, V4l2Boards.ProtectedHeap, BitstreamSize);
        using var picture = Allocate(heaps, "system", (ulong)Image.Length);
        Setup(secure, restricted: true);
        Setup(ordinary, restricted: false);
        secure.QueueBuffer(Output, 0, bitstream.Fd, (uint)Frame.Length);
        ordinary.QueueBuffer(Capture, 0, picture.Fd);
        var rkvdec = V4l2Boards.Rkvdec(machine);
        var source = rkvdec.Contexts[0].M2m.OutQ.Buffers[0].Plane;
        var target = rkvdec.Contexts[1].M2m.CapQ.Buffers[0].Plane;
        V4l2Boards.WriteDram(machine, V4l2Boards.Pages(source.Table), Frame);
        var block = rkvdec.Hardware;
        var interrupts = new List<VideoDecoderInterrupt>();
        var driverHandler = block.InterruptHandler;
        block.InterruptHandler = interrupts.Add;

        block.Start(source.DmaAddress, (uint)Frame.Length, target.DmaAddress, target.Length);
        machine.Soc.Events.RunUntilEmpty();
        block.SecureMode = true;
        block.Start(source.DmaAddress, (uint)Frame.Length, target.DmaAddress, target.Length);
        machine.Soc.Events.RunUntilEmpty();
        block.SecureMode = false;
        block.InterruptHandler = driverHandler;

        Assert.Equal([VideoDecoderStatus.DmaReadError, VideoDecoderStatus.SecureWriteError], interrupts.Select(i => i.Status));
        Assert.Equal(Hardware.Bus.DeviceAccessResult.FirewallDenied, interrupts[0].FaultKind);
        Assert.Equal(target.DmaAddress, interrupts[1].FaultAddress);
        var written = new byte[Image.Length];
        using (var map = picture.Map(Mman.PROT_READ))
        {
            map.Read(0, written);
        }

        Assert.All(written, b => Assert.Equal(0, b));
        machine.CheckInvariants();
        var safety = machine.CheckSafety();
        Assert.True(safety.Passed, string.Join("\n", safety.Findings));
    }

    [Fact]
    public void Qbuf_BadArguments_ErrnoAndNothingQueued()
    {
        using var machine = V4l2Boards.BootRk3588();
        var sys = machine.Spawn("player");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = V4l2DecoderClient.Open(sys);
        using var small = Allocate(heaps, "system", 4096);
        using var bitstream = Allocate(heaps, "system", 8192);
        Setup(video, restricted: false);

        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Capture, 0, small.Fd));
        Assert.Equal(-Errno.EFAULT, video.TryQueueBuffer(Capture, 0, small.Fd, length: (uint)Image.Length));
        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Capture, 0, video.Fd));
        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Capture, 0, 999));
        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Capture, 7, small.Fd));
        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Output, 0, bitstream.Fd, 8193));
        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Output, 0, bitstream.Fd, 64, planes: 0));
        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Output, 0, bitstream.Fd, 64, planes: VIDEO_MAX_PLANES + 1));
        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Output, 0, bitstream.Fd, 64, memory: V4L2_MEMORY_MMAP));
        Assert.Equal(0, video.TryQueueBuffer(Output, 0, bitstream.Fd, 64));
        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Output, 0, bitstream.Fd, 64));
    }

    [Fact]
    public void Dqbuf_NothingDone_EinvalWhenStoppedEagainWhenNonBlocking()
    {
        using var machine = V4l2Boards.BootRk3588();
        using var video = V4l2DecoderClient.Open(machine.Spawn("player"), nonBlocking: true);
        Setup(video, restricted: false);

        Assert.Equal(-Errno.EINVAL, video.TryDequeueBuffer(Capture, out _, out _));
        Assert.Equal(-Errno.EINVAL, video.TryStreamOn(7));
        video.StreamOn(Capture);
        Assert.Equal(-Errno.EAGAIN, video.TryDequeueBuffer(Capture, out _, out _));
        Assert.Equal(0, video.Poll(Poll.POLLIN, 10, out _));
    }

    [Fact]
    public void Streamon_NoBuffers_Einval()
    {
        using var machine = V4l2Boards.BootRk3588();
        using var video = V4l2DecoderClient.Open(machine.Spawn("player"));

        Assert.Equal(-Errno.EINVAL, video.TryStreamOn(Output));
        Assert.Equal(1, video.Poll(Poll.POLLIN, 0, out var revents));
        Assert.Equal(Poll.POLLERR, revents);
    }

    [Fact]
    public void Streamoff_WithBuffersQueued_AllComeBackAndSFmtWorksAfterFreeing()
    {
        using var machine = V4l2Boards.BootRk3588();
        var sys = machine.Spawn("player");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = V4l2DecoderClient.Open(sys);
        using var picture = Allocate(heaps, "system", (ulong)Image.Length);
        Setup(video, restricted: false);
        video.StreamOn(Capture);
        video.QueueBuffer(Capture, 0, picture.Fd);
        var busy = new V4l2Format { Type = Capture, Width = Width, Height = Height };
        Assert.Equal(-Errno.EBUSY, video.TrySetFormat(ref busy));

        video.StreamOff(Capture);

        Assert.Equal(0, video.TryQueryBuffer(Capture, 0, out var buffer, out _));
        Assert.Equal(0U, buffer.Flags & (V4L2_BUF_FLAG_QUEUED | V4L2_BUF_FLAG_DONE));
        Assert.Equal(0U, video.RequestBuffers(Capture, 0));
        Assert.Equal(0, video.TrySetFormat(ref busy));
        Assert.Empty(V4l2Boards.Rkvdec(machine).Contexts[0].M2m.CapQ.Buffers);
    }

    [Fact]
    public void Reqbufs_WithBuffersQueued_FreesThemAndTheNewBuffersDecode()
    {
        using var machine = V4l2Boards.BootRk3588();
        var sys = machine.Spawn("player");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = V4l2DecoderClient.Open(sys);
        using var bitstream = Allocate(heaps, "system", BitstreamSize);
        using var picture = Allocate(heaps, "system", (ulong)Image.Length);
        using (var map = bitstream.Map())
        {
            map.Write(0, Frame);
        }

        Setup(video, restricted: false);
        video.QueueBuffer(Capture, 1, picture.Fd);
        var attached = machine.Resources;

        Assert.Equal(1U, video.RequestBuffers(Capture, 1));
        Assert.Equal(attached.LiveDmaBufs, machine.Resources.LiveDmaBufs);
        video.QueueBuffer(Output, 0, bitstream.Fd, (uint)Frame.Length);
        video.QueueBuffer(Capture, 0, picture.Fd);
        video.StreamOn(Output);
        video.StreamOn(Capture);

        var (buffer, plane) = video.DequeueBuffer(Capture);
        Assert.Equal((0U, V4L2_BUF_FLAG_DONE), (buffer.Index, buffer.Flags & (V4L2_BUF_FLAG_DONE | V4L2_BUF_FLAG_ERROR)));
        Assert.Equal((uint)Image.Length, plane.BytesUsed);
        V4l2Boards.Rkvdec(machine).AssertInvariants();
        machine.CheckInvariants();
    }

    [Fact]
    public void Expbuf_DmabufQueues_Einval()
    {
        using var machine = V4l2Boards.BootRk3588();
        using var video = V4l2DecoderClient.Open(machine.Spawn("player"));
        Setup(video, restricted: false);

        Assert.Equal(-Errno.EINVAL, video.TryExportBuffer(Capture, 0, out _));
    }

    [Fact]
    public void Ioctl_UnknownRequest_Enotty()
    {
        using var machine = V4l2Boards.BootRk3588();
        var sys = machine.Spawn("player");
        using var video = V4l2DecoderClient.Open(sys);

        Assert.Equal(-Errno.ENOTTY, sys.Ioctl(video.Fd, Uapi.Ioctl._IOWR('V', 3, 4), 0));
        Assert.Equal(-Errno.EFAULT, sys.Ioctl(video.Fd, VIDIOC_QUERYCAP, 0));
    }

    [Fact]
    public void Close_WhileStreamingWithBuffersQueued_ReleasesEverything()
    {
        using var machine = V4l2Boards.BootRk3588();
        var sys = machine.Spawn("player");
        using var heaps = new DmaHeapLibrary(sys);
        using var bitstream = Allocate(heaps, V4l2Boards.ProtectedHeap, BitstreamSize);
        using var picture = Allocate(heaps, V4l2Boards.ProtectedHeap, (ulong)Image.Length);
        using var spare = Allocate(heaps, V4l2Boards.ProtectedHeap, (ulong)Image.Length);
        var before = machine.Resources.WithoutIommuTables();
        var video = V4l2DecoderClient.Open(sys);
        Setup(video, restricted: true);
        video.QueueBuffer(Output, 0, bitstream.Fd, (uint)Frame.Length);
        video.QueueBuffer(Capture, 0, picture.Fd);
        video.QueueBuffer(Capture, 1, spare.Fd);
        video.StreamOn(Output);
        video.StreamOn(Capture);

        video.Dispose();

        var rkvdec = V4l2Boards.Rkvdec(machine);
        Assert.Empty(rkvdec.Contexts);
        Assert.False(rkvdec.Hardware.IsBusy);
        Assert.Equal(before, machine.Resources.WithoutIommuTables());
        machine.CheckInvariants();
        rkvdec.AssertInvariants();
    }

    [Fact]
    public void Exit_ProcessWithDecoderAndBuffers_EverythingBackAsAtBoot()
    {
        using var machine = V4l2Boards.BootRk3588();
        var boot = machine.Resources;
        var sys = machine.Spawn("player");
        var heaps = new DmaHeapLibrary(sys);
        var bitstream = Allocate(heaps, "system", BitstreamSize);
        var picture = Allocate(heaps, "system", (ulong)Image.Length);
        var video = V4l2DecoderClient.Open(sys);
        Setup(video, restricted: false);
        video.QueueBuffer(Output, 0, bitstream.Fd, (uint)Frame.Length);
        video.QueueBuffer(Capture, 0, picture.Fd);
        video.StreamOn(Capture);

        machine.Exit(sys);

        Assert.Equal(boot.WithoutIommuTables() with { Processes = 0 }, machine.Resources.WithoutIommuTables() with { Processes = 0 });
        machine.CheckInvariants();
    }

    private static void Setup(V4l2DecoderClient video, bool restricted)
    {
        video.SetFormat(Output, V4L2_PIX_FMT_PMV1, Width, Height);
        Assert.Equal(2U, video.RequestBuffers(Output, 2, restricted));
        Assert.Equal(2U, video.RequestBuffers(Capture, 2, restricted));
    }
}
