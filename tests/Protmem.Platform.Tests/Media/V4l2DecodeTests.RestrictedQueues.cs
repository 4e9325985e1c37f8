using Protmem.Hardware;
using Protmem.Hardware.Media;
using Protmem.Uapi;
using Protmem.Uapi.Videodev2;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Media.V4l2;
using static Protmem.Platform.Tests.Media.V4l2Boards;
using static Protmem.Uapi.Videodev2.V4l2Ioctl;

namespace Protmem.Platform.Tests.Media;

/// <summary>/dev/video0's memory rules: DMABUF only, and the restricted-queue rules of the MediaTek series (each an EINVAL).</summary>
public sealed partial class V4l2DecodeTests
{
    [Theory]
    [InlineData(V4L2_MEMORY_MMAP, false)]
    [InlineData(V4L2_MEMORY_USERPTR, false)]
    [InlineData(V4L2_MEMORY_MMAP, true)]
    [InlineData(V4L2_MEMORY_USERPTR, true)]
    [InlineData(7U, false)]
    public void Reqbufs_MemoryOtherThanDmabuf_EinvalWithCapabilities(uint memory, bool restricted)
    {
        using var machine = V4l2Boards.BootRk3588();
        using var video = V4l2DecoderClient.Open(machine.Spawn("player"));

        Assert.Equal(-Errno.EINVAL, video.TryRequestBuffers(Output, 2, restricted, out _, memory));
        Assert.Equal(0, video.TryRequestBuffers(Output, 0, false, out var answer));
        Assert.Equal(V4L2_BUF_CAP_SUPPORTS_DMABUF | V4L2_BUF_CAP_SUPPORTS_RESTRICTED_MEM, answer.Capabilities);
    }

    [Fact]
    public void Reqbufs_RestrictedOnDecoderWithoutSecureMode_EinvalAndNotAdvertised()
    {
        using var machine = V4l2Boards.BootRk3588(secureDecoder: false);
        using var video = V4l2DecoderClient.Open(machine.Spawn("player"));

        Assert.False(V4l2Boards.Rkvdec(machine).SupportsRestrictedMem);
        Assert.Equal(-Errno.EINVAL, video.TryRequestBuffers(Capture, 2, true, out _));
        Assert.Equal(0, video.TryRequestBuffers(Capture, 2, false, out var answer));
        Assert.Equal(V4L2_BUF_CAP_SUPPORTS_DMABUF, answer.Capabilities);
    }

    [Fact]
    public void Qbuf_SystemBufferOnRestrictedQueue_Einval()
    {
        using var machine = V4l2Boards.BootRk3588();
        var sys = machine.Spawn("player");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = V4l2DecoderClient.Open(sys);
        using var ordinary = Allocate(heaps, "system", (ulong)Image.Length);
        Setup(video, restricted: true);

        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Capture, 0, ordinary.Fd));
        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Output, 0, ordinary.Fd, 64));
        Assert.All(V4l2Boards.Rkvdec(machine).Contexts[0].M2m.CapQ.Buffers, b => Assert.Null(b.Plane.DmaBuf));
    }

    [Fact]
    public void Qbuf_ProtectedBufferOnOrdinaryQueue_Einval()
    {
        using var machine = V4l2Boards.BootRk3588();
        var sys = machine.Spawn("player");
        using var heaps = new DmaHeapLibrary(sys);
        using var video = V4l2DecoderClient.Open(sys);
        using var secret = Allocate(heaps, V4l2Boards.ProtectedHeap, (ulong)Image.Length);
        Setup(video, restricted: false);

        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Output, 0, secret.Fd, 64));
        Assert.Equal(-Errno.EINVAL, video.TryQueueBuffer(Capture, 0, secret.Fd));
        Assert.All(V4l2Boards.Rkvdec(machine).Contexts[0].M2m.CapQ.Buffers, b => Assert.Null(b.Plane.DmaBuf));
    }

    [Fact]
    public void Reqbufs_OrdinaryCaptureWhileOutputRestricted_Einval()
    {
        using var machine = V4l2Boards.BootRk3588();
        using var video = V4l2DecoderClient.Open(machine.Spawn("player"));

        Assert.Equal(2U, video.RequestBuffers(Output, 2, restricted: true));

        Assert.Equal(-Errno.EINVAL, video.TryRequestBuffers(Capture, 2, false, out _));
        Assert.Equal(2U, video.RequestBuffers(Capture, 2, restricted: true));
    }

    [Fact]
    public void Reqbufs_RestrictedOutputWhileCaptureOrdinary_Einval()
    {
        using var machine = V4l2Boards.BootRk3588();
        using var video = V4l2DecoderClient.Open(machine.Spawn("player"));

        Assert.Equal(2U, video.RequestBuffers(Capture, 2));

        Assert.Equal(-Errno.EINVAL, video.TryRequestBuffers(Output, 2, true, out _));
        Assert.Equal(0U, video.RequestBuffers(Capture, 0));
        Assert.Equal(2U, video.RequestBuffers(Output, 2, restricted: true));
    }

    [Fact]
    public void CreateBufs_RestrictedFlagDiffersFromTheQueue_Einval()
    {
        using var machine = V4l2Boards.BootRk3588();
        using var video = V4l2DecoderClient.Open(machine.Spawn("player"));
        Assert.Equal(1U, video.RequestBuffers(Capture, 1, restricted: true));
        Assert.Equal(0, video.TryGetFormat(Capture, out var format));

        var mismatch = new V4l2CreateBuffers { Count = 1, Memory = V4L2_MEMORY_DMABUF, Format = format };
        var same = mismatch with { Flags = V4L2_MEMORY_FLAG_RESTRICTED };
        var mmap = same with { Memory = V4L2_MEMORY_MMAP };

        Assert.Equal(-Errno.EINVAL, video.TryCreateBuffers(ref mismatch));
        Assert.Equal(-Errno.EINVAL, video.TryCreateBuffers(ref mmap));
        Assert.Equal(0, video.TryCreateBuffers(ref same));
        Assert.Equal((1U, 1U, V4L2_MEMORY_FLAG_RESTRICTED), (same.Index, same.Count, same.Flags));
        Assert.Equal(0, video.TryQueryBuffer(Capture, 1, out _, out var plane));
        Assert.Equal(format.SizeImage, plane.Length);
    }
}
