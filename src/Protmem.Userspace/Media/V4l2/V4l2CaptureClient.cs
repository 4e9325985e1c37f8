using System.Buffers.Binary;
using Protmem.Uapi;
using Protmem.Uapi.Videodev2;

namespace Protmem.Userspace.Media.V4l2;

/// <summary>
/// A client of a V4L2 capture device (a camera, /dev/video2 on rk3588) speaking only the uapi, as a recorder is:
/// 1. <see cref="Open"/>, <see cref="Querycap"/>, <see cref="SetFormat"/> (NV12 at the size wanted; the driver's answer
///    gives sizeimage, the bytes each buffer needs);
/// 2. <see cref="RequestBuffers"/> of DMABUF buffers (optionally with the proposed V4L2_MEMORY_FLAG_RESTRICTED, which
///    makes the camera write only protected memory): the file that does it owns the queue;
/// 3. <see cref="QueueBuffer"/> of dma-buf fds the caller allocated (protected ones on a restricted queue), then
///    <see cref="StreamOn"/>;
/// 4. <see cref="Poll"/> for POLLIN and <see cref="DequeueBuffer"/> (index, bytesused, sequence, flags); queue the
///    buffer again (its frame handed on first, e.g. as an encoder's OUTPUT buffer);
/// 5. <see cref="StreamOff"/>, and <see cref="Dispose"/> (closing the fd releases the queue and its dma-bufs).
/// The <c>Try</c> methods return the raw result (0 or -errno) for a test to look at; the others throw
/// <see cref="ErrnoException"/>.
/// </summary>
public sealed class V4l2CaptureClient : IDisposable
{
    /// <summary>The default node (after the decoder's and the encoder's on rk3588).</summary>
    public const string DefaultPath = "/dev/video2";

    /// <summary>The one buffer type of the device: V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE.</summary>
    public const uint BufferType = V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;

    private const ulong StagingSize = 4096;
    private const ulong PlaneOffset = 1024;
    private const ulong PollOffset = 2048;

    private readonly ISyscalls _sys;
    private readonly UserBuffer _args;
    private bool _disposed;

    private V4l2CaptureClient(ISyscalls sys, int fd)
    {
        _sys = sys;
        Fd = fd;
        _args = UserBuffer.Map(sys, StagingSize);
    }

    /// <summary>The video fd.</summary>
    public int Fd { get; }

    /// <summary>Opens <paramref name="path"/> read-write (O_NONBLOCK too when <paramref name="nonBlocking"/>: DQBUF then answers -EAGAIN); throws on failure.</summary>
    public static V4l2CaptureClient Open(ISyscalls sys, string path = DefaultPath, bool nonBlocking = false)
    {
        ArgumentNullException.ThrowIfNull(sys);
        var fd = ErrnoException.Check(sys.Open(path, Fcntl.O_RDWR | (nonBlocking ? Fcntl.O_NONBLOCK : 0)), "open " + path);
        return new V4l2CaptureClient(sys, fd);
    }

    /// <summary>VIDIOC_QUERYCAP.</summary>
    public V4l2Capability Querycap()
    {
        var cap = default(V4l2Capability);
        cap.Driver = cap.Card = cap.BusInfo = "";
        ErrnoException.Check(_args.Ioctl(Fd, V4l2Ioctl.VIDIOC_QUERYCAP, ref cap), "VIDIOC_QUERYCAP");
        return cap;
    }

    /// <summary>VIDIOC_S_FMT (or VIDIOC_TRY_FMT when <paramref name="tryOnly"/>): the raw result, the driver's adjusted format in <paramref name="format"/>.</summary>
    public int TrySetFormat(ref V4l2Format format, bool tryOnly = false) =>
        _args.Ioctl(Fd, tryOnly ? V4l2Ioctl.VIDIOC_TRY_FMT : V4l2Ioctl.VIDIOC_S_FMT, ref format);

    /// <summary>VIDIOC_S_FMT of NV12 frames of <paramref name="width"/> × <paramref name="height"/>; the format set (its SizeImage is a buffer's size).</summary>
    public V4l2Format SetFormat(uint width, uint height)
    {
        var format = new V4l2Format { Type = BufferType, Pixelformat = V4l2Ioctl.V4L2_PIX_FMT_NV12, Width = width, Height = height, NumPlanes = 1 };
        ErrnoException.Check(TrySetFormat(ref format), "VIDIOC_S_FMT");
        return format;
    }

    /// <summary>VIDIOC_REQBUFS: the raw result; the count and capabilities the kernel answered in <paramref name="answer"/>.</summary>
    public int TryRequestBuffers(uint count, bool restricted, out V4l2RequestBuffers answer, uint memory = V4l2Ioctl.V4L2_MEMORY_DMABUF, uint type = BufferType)
    {
        answer = new V4l2RequestBuffers { Type = type, Count = count, Memory = memory, Flags = (byte)(restricted ? V4l2Ioctl.V4L2_MEMORY_FLAG_RESTRICTED : 0) };
        return _args.Ioctl(Fd, V4l2Ioctl.VIDIOC_REQBUFS, ref answer);
    }

    /// <summary>VIDIOC_REQBUFS of <paramref name="count"/> DMABUF buffers (0 frees them and gives up the queue); the number allocated.</summary>
    public uint RequestBuffers(uint count, bool restricted = false)
    {
        ErrnoException.Check(TryRequestBuffers(count, restricted, out var answer), "VIDIOC_REQBUFS");
        return answer.Count;
    }

    /// <summary>VIDIOC_QBUF of the dma-buf <paramref name="dmabufFd"/> as buffer <paramref name="index"/> (its plane the dma-buf's whole size): the raw result.</summary>
    public int TryQueueBuffer(uint index, int dmabufFd, uint memory = V4l2Ioctl.V4L2_MEMORY_DMABUF)
    {
        var buffer = new V4l2Buffer { Type = BufferType, Index = index, Memory = memory, Length = 1 };
        var plane = new V4l2Plane { Fd = dmabufFd };
        return BufferIoctl(V4l2Ioctl.VIDIOC_QBUF, ref buffer, ref plane);
    }

    /// <summary>VIDIOC_QBUF; throws on failure.</summary>
    public void QueueBuffer(uint index, int dmabufFd) => ErrnoException.Check(TryQueueBuffer(index, dmabufFd), "VIDIOC_QBUF");

    /// <summary>VIDIOC_DQBUF: the raw result, and the oldest captured buffer on success.</summary>
    public int TryDequeueBuffer(out V4l2CapturedFrame frame)
    {
        var buffer = new V4l2Buffer { Type = BufferType, Memory = V4l2Ioctl.V4L2_MEMORY_DMABUF, Length = 1 };
        var plane = default(V4l2Plane);
        var result = BufferIoctl(V4l2Ioctl.VIDIOC_DQBUF, ref buffer, ref plane);
        frame = result == 0 ? new V4l2CapturedFrame(buffer.Index, plane.BytesUsed, buffer.Sequence, buffer.Flags, buffer.TimestampSec, buffer.TimestampUsec) : default;
        return result;
    }

    /// <summary>VIDIOC_DQBUF (waiting for a frame unless the fd is non-blocking); throws on failure.</summary>
    public V4l2CapturedFrame DequeueBuffer()
    {
        ErrnoException.Check(TryDequeueBuffer(out var frame), "VIDIOC_DQBUF");
        return frame;
    }

    /// <summary>VIDIOC_EXPBUF of buffer <paramref name="index"/>: the raw result (these DMABUF queues answer -EINVAL).</summary>
    public int TryExportBuffer(uint index)
    {
        var args = new V4l2ExportBuffer { Type = BufferType, Index = index, Flags = (uint)Fcntl.O_RDWR };
        return _args.Ioctl(Fd, V4l2Ioctl.VIDIOC_EXPBUF, ref args);
    }

    /// <summary>VIDIOC_STREAMON: the raw result.</summary>
    public int TryStreamOn() => Stream(V4l2Ioctl.VIDIOC_STREAMON);

    /// <summary>VIDIOC_STREAMOFF (every queued buffer comes back, not done): the raw result.</summary>
    public int TryStreamOff() => Stream(V4l2Ioctl.VIDIOC_STREAMOFF);

    /// <summary>VIDIOC_STREAMON; throws on failure.</summary>
    public void StreamOn() => ErrnoException.Check(TryStreamOn(), "VIDIOC_STREAMON");

    /// <summary>VIDIOC_STREAMOFF; throws on failure.</summary>
    public void StreamOff() => ErrnoException.Check(TryStreamOff(), "VIDIOC_STREAMOFF");

    /// <summary>
    /// poll(2) of the fd for POLLIN (a frame to dequeue): the raw result (1 ready, 0 timed out after
    /// <paramref name="timeoutMs"/> of simulated time, -errno) and revents (POLLERR while the queue does not stream).
    /// </summary>
    public int Poll(int timeoutMs, out short revents)
    {
        var address = _args.Put(PollOffset, new PollFd { Fd = Fd, Events = (short)(Uapi.Poll.POLLIN | Uapi.Poll.POLLRDNORM) });
        var result = _sys.Poll(address, 1, timeoutMs);
        revents = _args.Get<PollFd>(PollOffset).REvents;
        return result;
    }

    /// <summary>Closes the fd (releasing the queue if this file owns it) and unmaps the staging memory (once).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _sys.Close(Fd);
        _args.Dispose();
    }

    private int BufferIoctl(uint request, ref V4l2Buffer buffer, ref V4l2Plane plane)
    {
        buffer.M = _args.Put(PlaneOffset, plane);
        var result = _args.Ioctl(Fd, request, ref buffer);
        plane = _args.Get<V4l2Plane>(PlaneOffset);
        return result;
    }

    private int Stream(uint request)
    {
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(value, BufferType);
        _args.Write(0, value);
        return _sys.Ioctl(Fd, request, _args.AddressOf(0));
    }
}
