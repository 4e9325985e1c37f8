using Protmem.Hardware;
using Protmem.Hardware.Media;
using Protmem.Uapi;
using Protmem.Uapi.Videodev2;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Media.V4l2;
using static Protmem.Platform.Tests.Media.V4l2Boards;
using static Protmem.Uapi.Videodev2.V4l2Ioctl;

namespace Protmem.Platform.Tests.Media;

/// <summary>/dev/video1 on rk3588, driven by the userspace client as a process: NV12 pictures encoded into PMV1 frames, on ordinary and protected buffers.</summary>
public sealed class V4l2EncodeTests
{
    private const uint Output = V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
    private const uint Capture = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
    private const int Width = 64;
    private const int Height = 48;

    private static readonly byte[] Image = Nv12Image(Width, Height);
    private static readonly byte[] Frame = Pmv1Codec.Encode(Image, Width, Height);

    /// <summary>A CAPTURE buffer holds the format's sizeimage: PMV1's largest frame at this size.</summary>
    private static readonly ulong BitstreamSize = (ulong)Pmv1Codec.MaxFrameSize(Width, Height);

    [Fact]
    public void Querycap_Rk3588_RkvencAtTheNodeAfterTheDecoder()
    {
        using var machine = VencBoards.BootRk3588();
        using var video = V4l2EncoderClient.Open(machine.Spawn("recorder"));
        using var decoder = V4l2DecoderClient.Open(machine.Spawn("player"));

        var cap = video.Querycap();

        Assert.Equal("rkvenc", cap.Driver);
        Assert.Equal("rkvdec", decoder.Querycap().Driver);
        Assert.Equal(V4L2_CAP_VIDEO_M2M_MPLANE | V4L2_CAP_STREAMING, cap.DeviceCaps);
        Assert.Equal(cap.DeviceCaps | V4L2_CAP_DEVICE_CAPS, cap.Capabilities);
    }

    [Fact]
    public void EnumFmt_EachQueue_OneNv12AndOnePmv1ThenEinval()
    {
        using var machine = VencBoards.BootRk3588();
        using var video = V4l2EncoderClient.Open(machine.Spawn("recorder"));

        Assert.Equal(0, video.TryEnumFmt(Output, 0, out var picture));
        Assert.Equal(0, video.TryEnumFmt(Capture, 0, out var coded));
        Assert.Equal(-Errno.EINVAL, video.TryEnumFmt(Capture, 1, out _));
        Assert.Equal(-Errno.EINVAL, video.TryEnumFmt(1, 0, out _));

        Assert.Equal((V4L2_PIX_FMT_NV12, 0U), (picture.Pixelformat, picture.Flags));
        Assert.Equal((V4L2_PIX_FMT_PMV1, V4L2_FMT_FLAG_COMPRESSED), (coded.Pixelformat, coded.Flags));
    }

    [Fact]
    public void SetFormat_OutputOddSize_EvenedAndCaptureIsPmv1OfItsLargestFrame()
    {
        using var machine = VencBoards.BootRk3588();
        using var video = V4l2EncoderClient.Open(machine.Spawn("recorder"));

        var picture = video.SetFormat(Output, V4L2_PIX_FMT_PMV1, 321, 99999);
        Assert.Equal(0, video.TryGetFormat(Capture, out var coded));

        Assert.Equal((V4L2_PIX_FMT_NV12, 322U, (uint)Pmv1Codec.MaxHeight, 322U), (picture.Pixelformat, picture.Width, picture.Height, picture.BytesPerLine));
        Assert.Equal((uint)Pmv1Codec.Nv12Size(322, Pmv1Codec.MaxHeight), picture.SizeImage);
        Assert.Equal((V4L2_PIX_FMT_PMV1, 322U, (uint)Pmv1Codec.MaxHeight), (coded.Pixelformat, coded.Width, coded.Height));
        Assert.Equal((uint)Pmv1Codec.MaxFrameSize(322, Pmv1Codec.MaxHeight), coded.SizeImage);
        var bad = new V4l2Format { Type = 2 };
        Assert.Equal(-Errno.EINVAL, video.TrySetFormat(ref bad));
    }

    [Fact]
    public void Encode_SystemHeapBuffers_CaptureBytesEqualTheCpuEncode()
    {
        using var machine = VencBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = V4l2EncoderClient.Open(sys);
        using var picture = Allocate(heaps, "system", (ulong)Image.Length);
        using var bitstream = Allocate(heaps, "system", BitstreamSize);
        using (var map = picture.Map())
        {
            map.Write(0, Image);
        }

        Setup(video, restricted: false);
        video.QueueBuffer(Output, 0, picture.Fd, (uint)Image.Length, timestampSec: 42);
        video.QueueBuffer(Capture, 0, bitstream.Fd);
        video.StreamOn(Output);
        video.StreamOn(Capture);

        Assert.Equal(1, video.Poll((short)(Poll.POLLIN | Poll.POLLOUT), 100, out var revents));
        Assert.Equal(Poll.POLLIN | Poll.POLLOUT, revents);
        var (source, _) = video.DequeueBuffer(Output);
        var (buffer, plane) = video.DequeueBuffer(Capture);

        Assert.Equal(V4L2_BUF_FLAG_DONE, source.Flags & (V4L2_BUF_FLAG_DONE | V4L2_BUF_FLAG_ERROR));
        Assert.Equal(V4L2_BUF_FLAG_DONE, buffer.Flags & (V4L2_BUF_FLAG_DONE | V4L2_BUF_FLAG_ERROR));
        Assert.Equal((uint)Frame.Length, plane.BytesUsed);
        Assert.Equal((42L, 0U), (buffer.TimestampSec, buffer.Sequence));
        var encoded = new byte[Frame.Length];
        using (var map = bitstream.Map(Mman.PROT_READ))
        {
            map.Read(0, encoded);
        }

        Assert.Equal(Frame, encoded);
        Assert.Empty(VencBoards.Rkvenc(machine).Errors);
        machine.CheckInvariants();
    }

    [Fact]
    public void Encode_TwoPicturesQueued_BothEncodedInOrder()
    {
        using var machine = VencBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = V4l2EncoderClient.Open(sys);
        var flat = new byte[Image.Length];
        Array.Fill(flat, (byte)0x80);
        using var first = Allocate(heaps, "system", (ulong)Image.Length);
        using var second = Allocate(heaps, "system", (ulong)Image.Length);
        using var out0 = Allocate(heaps, "system", BitstreamSize);
        using var out1 = Allocate(heaps, "system", BitstreamSize);
        using (var map = first.Map())
        {
            map.Write(0, Image);
        }

        using (var map = second.Map())
        {
            map.Write(0, flat);
        }

        Setup(video, restricted: false);
        video.QueueBuffer(Output, 0, first.Fd, (uint)Image.Length);
        video.QueueBuffer(Output, 1, second.Fd, (uint)Image.Length);
        video.QueueBuffer(Capture, 0, out0.Fd);
        video.QueueBuffer(Capture, 1, out1.Fd);
        video.StreamOn(Output);
        video.StreamOn(Capture);

        var (b0, p0) = video.DequeueBuffer(Capture);
        var (b1, p1) = video.DequeueBuffer(Capture);

        var flatFrame = Pmv1Codec.Encode(flat, Width, Height);
        Assert.Equal((0U, 0U, (uint)Frame.Length), (b0.Index, b0.Sequence, p0.BytesUsed));
        Assert.Equal((1U, 1U, (uint)flatFrame.Length), (b1.Index, b1.Sequence, p1.BytesUsed));
        Assert.NotEqual(Frame.Length, flatFrame.Length);
        var bytes = new byte[flatFrame.Length];
        using (var map = out1.Map(Mman.PROT_READ))
        {
            map.Read(0, bytes);
        }

        Assert.Equal(flatFrame, bytes);
    }

    [Fact]
    public void Encode_ProtectedBuffers_FrameInProtectedMemoryTheCpuCannotReachAndSafetyClean()
    {
        using var machine = VencBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = V4l2EncoderClient.Open(sys);
        using var picture = Allocate(heaps, VencBoards.RecordHeap, (ulong)Image.Length);
        using var bitstream = Allocate(heaps, VencBoards.RecordHeap, BitstreamSize);
        var rkvenc = VencBoards.Rkvenc(machine);

        Setup(video, restricted: true);
        video.QueueBuffer(Output, 0, picture.Fd, (uint)Image.Length);
        V4l2Boards.WriteDram(machine, V4l2Boards.Pages(rkvenc.Contexts[0].M2m.OutQ.Buffers[0].Plane.Table), Image);
        video.QueueBuffer(Capture, 0, bitstream.Fd);
        video.StreamOn(Output);
        video.StreamOn(Capture);
        Assert.Equal(1, video.Poll(Poll.POLLIN, 100, out _));
        var pages = V4l2Boards.Pages(rkvenc.Contexts[0].M2m.CapQ.Buffers[0].Plane.Table);

        Assert.Equal(Frame, V4l2Boards.ReadDram(machine, pages, Frame.Length));
        var cpuReach = machine.Soc.Oracle.ReachableBy(machine.Soc.Cpu.Master, SecurityState.NonSecure, AccessDirection.Read);
        Assert.DoesNotContain(cpuReach, r => pages.Any(p => r.Overlaps(p)));
        Assert.False(bitstream.TryMap(out _, out _, Mman.PROT_READ));
        var (buffer, plane) = video.DequeueBuffer(Capture);
        Assert.Equal(V4L2_BUF_FLAG_DONE, buffer.Flags & (V4L2_BUF_FLAG_DONE | V4L2_BUF_FLAG_ERROR));
        Assert.Equal((uint)Frame.Length, plane.BytesUsed);
        Assert.False(rkvenc.Hardware.SecureMode);
        Assert.Empty(rkvenc.Errors);
        machine.CheckInvariants();
        var safety = machine.CheckSafety();
        Assert.True(safety.Passed, string.Join("\n", safety.Findings));
        Assert.Equal(0, machine.MonitorFindingCount);
    }

    [Fact]
    public void Encode_ClearPictureIntoRestrictedCapture_EncodedInSecureModeAndTheCpuCannotReadTheFrame()
    {
        using var machine = VencBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = V4l2EncoderClient.Open(sys);
        using var picture = Allocate(heaps, "system", (ulong)Image.Length);
        using var bitstream = Allocate(heaps, VencBoards.RecordHeap, BitstreamSize);
        using (var map = picture.Map())
        {
            map.Write(0, Image);
        }

        video.SetFormat(Output, V4L2_PIX_FMT_NV12, Width, Height);
        Assert.Equal(2U, video.RequestBuffers(Output, 2));
        Assert.Equal(2U, video.RequestBuffers(Capture, 2, restricted: true));
        video.QueueBuffer(Output, 0, picture.Fd, (uint)Image.Length);
        video.QueueBuffer(Capture, 0, bitstream.Fd);
        video.StreamOn(Output);
        video.StreamOn(Capture);
        Assert.Equal(1, video.Poll(Poll.POLLIN, 100, out _));

        var rkvenc = VencBoards.Rkvenc(machine);
        var pages = V4l2Boards.Pages(rkvenc.Contexts[0].M2m.CapQ.Buffers[0].Plane.Table);
        Assert.Equal(Frame, V4l2Boards.ReadDram(machine, pages, Frame.Length));
        Assert.False(bitstream.TryMap(out _, out _, Mman.PROT_READ));
        var (buffer, plane) = video.DequeueBuffer(Capture);
        Assert.Equal(V4L2_BUF_FLAG_DONE, buffer.Flags & (V4L2_BUF_FLAG_DONE | V4L2_BUF_FLAG_ERROR));
        Assert.Equal((uint)Frame.Length, plane.BytesUsed);
        machine.CheckInvariants();
    }

    [Fact]
    public void Qbuf_SystemBufferOnRestrictedQueue_Einval()
    {
        using var machine = VencBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = V4l2EncoderClient.Open(sys);
        using var ordinary = Allocate(heaps, "system", BitstreamSize);
        Setup(video, restricted: true);

        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Capture, 0, ordinary.Fd));
        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Output, 0, ordinary.Fd, (uint)Image.Length));
        Assert.All(VencBoards.Rkvenc(machine).Contexts[0].M2m.OutQ.Buffers, b => Assert.Null(b.Plane.DmaBuf));
    }

    [Fact]
    public void Qbuf_ProtectedBufferOnOrdinaryQueue_Einval()
    {
        using var machine = VencBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = V4l2EncoderClient.Open(sys);
        using var secret = Allocate(heaps, VencBoards.RecordHeap, BitstreamSize);
        Setup(video, restricted: false);

        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Output, 0, secret.Fd, (uint)Image.Length));
        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Capture, 0, secret.Fd));
        Assert.All(VencBoards.Rkvenc(machine).Contexts[0].M2m.CapQ.Buffers, b => Assert.Null(b.Plane.DmaBuf));
    }

    [Fact]
    public void Reqbufs_OrdinaryCaptureWhileOutputRestricted_Einval()
    {
        using var machine = VencBoards.BootRk3588();
        using var video = V4l2EncoderClient.Open(machine.Spawn("recorder"));

        Assert.Equal(2U, video.RequestBuffers(Output, 2, restricted: true));

        Assert.Equal(-Errno.EINVAL, video.TryRequestBuffers(Capture, 2, false, out _));
        Assert.Equal(2U, video.RequestBuffers(Capture, 2, restricted: true));
    }

    [Fact]
    public void Reqbufs_RestrictedOutputWhileCaptureOrdinary_EinvalButRestrictedCaptureAloneAllowed()
    {
        using var machine = VencBoards.BootRk3588();
        using var video = V4l2EncoderClient.Open(machine.Spawn("recorder"));

        Assert.Equal(0, video.TryRequestBuffers(Capture, 2, false, out var answer));
        Assert.NotEqual(0U, answer.Capabilities & V4L2_BUF_CAP_SUPPORTS_RESTRICTED_MEM);

        Assert.Equal(-Errno.EINVAL, video.TryRequestBuffers(Output, 2, true, out _));
        Assert.Equal(0U, video.RequestBuffers(Capture, 0));
        Assert.Equal(2U, video.RequestBuffers(Capture, 2, restricted: true));
        Assert.Equal(2U, video.RequestBuffers(Output, 2));
    }

    [Fact]
    public void Close_WhileStreamingWithBuffersQueued_ReleasesEverything()
    {
        using var machine = VencBoards.BootRk3588();
        var sys = machine.Spawn("recorder");
        using var heaps = new DmaHeapLibrary(sys);
        using var picture = Allocate(heaps, VencBoards.RecordHeap, (ulong)Image.Length);
        using var bitstream = Allocate(heaps, VencBoards.RecordHeap, BitstreamSize);
        using var spare = Allocate(heaps, VencBoards.RecordHeap, BitstreamSize);
        var before = machine.Resources.WithoutIommuTables();
        var video = V4l2EncoderClient.Open(sys);
        Setup(video, restricted: true);
        video.QueueBuffer(Output, 0, picture.Fd, (uint)Image.Length);
        video.QueueBuffer(Capture, 0, bitstream.Fd);
        video.QueueBuffer(Capture, 1, spare.Fd);
        video.StreamOn(Output);
        video.StreamOn(Capture);

        video.Dispose();

        var rkvenc = VencBoards.Rkvenc(machine);
        Assert.Empty(rkvenc.Contexts);
        Assert.False(rkvenc.Hardware.IsBusy);
        Assert.Equal(before, machine.Resources.WithoutIommuTables());
        machine.CheckInvariants();
        rkvenc.AssertInvariants();
    }

    [Fact]
    public void Exit_ProcessWithEncoderAndBuffers_EverythingBackAsAtBoot()
    {
        using var machine = VencBoards.BootRk3588();
        var boot = machine.Resources;
        var sys = machine.Spawn("recorder");
        var heaps = new DmaHeapLibrary(sys);
        var picture = Allocate(heaps, "system", (ulong)Image.Length);
        var bitstream = Allocate(heaps, "system", BitstreamSize);
        var video = V4l2EncoderClient.Open(sys);
        Setup(video, restricted: false);
        video.QueueBuffer(Output, 0, picture.Fd, (uint)Image.Length);
        video.QueueBuffer(Capture, 0, bitstream.Fd);
        video.StreamOn(Capture);

        machine.Exit(sys);

        Assert.Equal(boot.WithoutIommuTables() with { Processes = 0 }, machine.Resources.WithoutIommuTables() with { Processes = 0 });
        machine.CheckInvariants();
    }

    private static void Setup(V4l2EncoderClient video, bool restricted)
    {
        video.SetFormat(Output, V4L2_PIX_FMT_NV12, Width, Height);
        Assert.Equal(2U, video.RequestBuffers(Output, 2, restricted));
        Assert.Equal(2U, video.RequestBuffers(Capture, 2, restricted));
    }
}
