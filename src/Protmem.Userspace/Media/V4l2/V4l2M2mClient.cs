using System.Buffers.Binary;
using Protmem.Uapi;
using Protmem.Uapi.Videodev2;

namespace Protmem.Userspace.Media.V4l2;

/// <summary>
/// A client of a V4L2 memory-to-memory device (a decoder or an encoder) speaking only the uapi: set the OUTPUT
/// and CAPTURE formats, REQBUFS DMABUF queues (optionally with the proposed V4L2_MEMORY_FLAG_RESTRICTED), QBUF
/// dma-buf fds, STREAMON, poll, DQBUF. The <c>Try</c> methods return the raw result (0 or -errno) for a test to
/// look at; the others throw <see cref="ErrnoException"/>. Disposing closes the fd and unmaps the staging memory.
/// <see cref="V4l2DecoderClient"/> and <see cref="V4l2EncoderClient"/> open their default nodes.
/// </summary>
public abstract class V4l2M2mClient : IDisposable
{
    private const ulong StagingSize = 4096;
    private const ulong PlaneOffset = 1024;
    private const ulong PollOffset = 2048;

    private readonly ISyscalls _sys;
    private readonly UserBuffer _args;
    private bool _disposed;

    /// <summary>Takes the open fd <paramref name="fd"/> and maps the staging memory.</summary>
    protected V4l2M2mClient(ISyscalls sys, int fd)
    {
        ArgumentNullException.ThrowIfNull(sys);
        _sys = sys;
        Fd = fd;
        _args = UserBuffer.Map(sys, StagingSize);
    }

    /// <summary>The video fd.</summary>
    public int Fd { get; }

    /// <summary>VIDIOC_QUERYCAP.</summary>
    public V4l2Capability Querycap()
    {
        var cap = default(V4l2Capability);
        cap.Driver = cap.Card = cap.BusInfo = "";
        ErrnoException.Check(_args.Ioctl(Fd, V4l2Ioctl.VIDIOC_QUERYCAP, ref cap), "VIDIOC_QUERYCAP");
        return cap;
    }

    /// <summary>VIDIOC_ENUM_FMT of entry <paramref name="index"/> of <paramref name="type"/>: the raw result.</summary>
    public int TryEnumFmt(uint type, uint index, out V4l2Fmtdesc fmtdesc)
    {
        fmtdesc = new V4l2Fmtdesc { Type = type, Index = index, Description = "" };
        return _args.Ioctl(Fd, V4l2Ioctl.VIDIOC_ENUM_FMT, ref fmtdesc);
    }

    /// <summary>VIDIOC_G_FMT: the raw result.</summary>
    public int TryGetFormat(uint type, out V4l2Format format)
    {
        format = new V4l2Format { Type = type };
        return _args.Ioctl(Fd, V4l2Ioctl.VIDIOC_G_FMT, ref format);
    }

    /// <summary>VIDIOC_S_FMT (or VIDIOC_TRY_FMT when <paramref name="tryOnly"/>): the raw result, the driver's adjusted format in <paramref name="format"/>.</summary>
    public int TrySetFormat(ref V4l2Format format, bool tryOnly = false) =>
        _args.Ioctl(Fd, tryOnly ? V4l2Ioctl.VIDIOC_TRY_FMT : V4l2Ioctl.VIDIOC_S_FMT, ref format);

    /// <summary>VIDIOC_S_FMT of a <paramref name="width"/> × <paramref name="height"/> <paramref name="pixelformat"/> picture; the format set.</summary>
    public V4l2Format SetFormat(uint type, uint pixelformat, uint width, uint height)
    {
        var format = new V4l2Format { Type = type, Pixelformat = pixelformat, Width = width, Height = height, NumPlanes = 1 };
        ErrnoException.Check(TrySetFormat(ref format), "VIDIOC_S_FMT");
        return format;
    }

    /// <summary>VIDIOC_REQBUFS: the raw result; the count and capabilities the kernel answered in <paramref name="answer"/>.</summary>
    public int TryRequestBuffers(uint type, uint count, bool restricted, out V4l2RequestBuffers answer, uint memory = V4l2Ioctl.V4L2_MEMORY_DMABUF)
    {
        answer = new V4l2RequestBuffers { Type = type, Count = count, Memory = memory, Flags = (byte)(restricted ? V4l2Ioctl.V4L2_MEMORY_FLAG_RESTRICTED : 0) };
        return _args.Ioctl(Fd, V4l2Ioctl.VIDIOC_REQBUFS, ref answer);
    }

    /// <summary>VIDIOC_REQBUFS of DMABUF buffers; the number allocated.</summary>
    public uint RequestBuffers(uint type, uint count, bool restricted = false)
    {
        ErrnoException.Check(TryRequestBuffers(type, count, restricted, out var answer), "VIDIOC_REQBUFS");
        return answer.Count;
    }

    /// <summary>VIDIOC_CREATE_BUFS: the raw result, the kernel's answer in <paramref name="args"/>.</summary>
    public int TryCreateBuffers(ref V4l2CreateBuffers args) => _args.Ioctl(Fd, V4l2Ioctl.VIDIOC_CREATE_BUFS, ref args);

    /// <summary>VIDIOC_QUERYBUF: the raw result, the buffer and its plane.</summary>
    public int TryQueryBuffer(uint type, uint index, out V4l2Buffer buffer, out V4l2Plane plane)
    {
        buffer = new V4l2Buffer { Type = type, Index = index, Memory = V4l2Ioctl.V4L2_MEMORY_DMABUF, Length = 1 };
        plane = default;
        return BufferIoctl(V4l2Ioctl.VIDIOC_QUERYBUF, ref buffer, ref plane);
    }

    /// <summary>
    /// VIDIOC_QBUF of the dma-buf <paramref name="dmabufFd"/> as buffer <paramref name="index"/> of <paramref name="type"/>
    /// (<paramref name="bytesUsed"/> bytes of bitstream on OUTPUT; a plane <paramref name="length"/> of 0 means the dma-buf's size): the raw result.
    /// </summary>
    public int TryQueueBuffer(uint type, uint index, int dmabufFd, uint bytesUsed = 0, uint length = 0, long timestampSec = 0, uint planes = 1, uint memory = V4l2Ioctl.V4L2_MEMORY_DMABUF)
    {
        var buffer = new V4l2Buffer { Type = type, Index = index, Memory = memory, Length = planes, TimestampSec = timestampSec };
        var plane = new V4l2Plane { Fd = dmabufFd, BytesUsed = bytesUsed, Length = length };
        return BufferIoctl(V4l2Ioctl.VIDIOC_QBUF, ref buffer, ref plane);
    }

    /// <summary>VIDIOC_QBUF; throws on failure.</summary>
    public void QueueBuffer(uint type, uint index, int dmabufFd, uint bytesUsed = 0, long timestampSec = 0) =>
        ErrnoException.Check(TryQueueBuffer(type, index, dmabufFd, bytesUsed, timestampSec: timestampSec), "VIDIOC_QBUF");

    /// <summary>VIDIOC_DQBUF: the raw result, the buffer (flags, sequence, timestamp) and its plane (bytesused).</summary>
    public int TryDequeueBuffer(uint type, out V4l2Buffer buffer, out V4l2Plane plane)
    {
        buffer = new V4l2Buffer { Type = type, Memory = V4l2Ioctl.V4L2_MEMORY_DMABUF, Length = 1 };
        plane = default;
        return BufferIoctl(V4l2Ioctl.VIDIOC_DQBUF, ref buffer, ref plane);
    }

    /// <summary>VIDIOC_DQBUF; throws on failure.</summary>
    public (V4l2Buffer Buffer, V4l2Plane Plane) DequeueBuffer(uint type)
    {
        ErrnoException.Check(TryDequeueBuffer(type, out var buffer, out var plane), "VIDIOC_DQBUF");
        return (buffer, plane);
    }

    /// <summary>VIDIOC_EXPBUF of buffer <paramref name="index"/>: the raw result, and the new fd on success.</summary>
    public int TryExportBuffer(uint type, uint index, out int fd)
    {
        var args = new V4l2ExportBuffer { Type = type, Index = index, Flags = (uint)Fcntl.O_RDWR };
        var result = _args.Ioctl(Fd, V4l2Ioctl.VIDIOC_EXPBUF, ref args);
        fd = result == 0 ? args.Fd : -1;
        return result;
    }

    /// <summary>VIDIOC_STREAMON: the raw result.</summary>
    public int TryStreamOn(uint type) => Stream(V4l2Ioctl.VIDIOC_STREAMON, type);

    /// <summary>VIDIOC_STREAMOFF: the raw result.</summary>
    public int TryStreamOff(uint type) => Stream(V4l2Ioctl.VIDIOC_STREAMOFF, type);

    /// <summary>VIDIOC_STREAMON; throws on failure.</summary>
    public void StreamOn(uint type) => ErrnoException.Check(TryStreamOn(type), "VIDIOC_STREAMON");

    /// <summary>VIDIOC_STREAMOFF; throws on failure.</summary>
    public void StreamOff(uint type) => ErrnoException.Check(TryStreamOff(type), "VIDIOC_STREAMOFF");

    /// <summary>poll(2) of the fd for <paramref name="events"/>: the raw result (1 ready, 0 timed out, -errno) and revents.</summary>
    public int Poll(short events, int timeoutMs, out short revents)
    {
        var address = _args.Put(PollOffset, new PollFd { Fd = Fd, Events = events });
        var result = _sys.Poll(address, 1, timeoutMs);
        revents = _args.Get<PollFd>(PollOffset).REvents;
        return result;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>open(2) of <paramref name="path"/> read-write (O_NONBLOCK too when <paramref name="nonBlocking"/>): the fd; throws on failure.</summary>
    protected static int OpenNode(ISyscalls sys, string path, bool nonBlocking)
    {
        ArgumentNullException.ThrowIfNull(sys);
        return ErrnoException.Check(sys.Open(path, Fcntl.O_RDWR | (nonBlocking ? Fcntl.O_NONBLOCK : 0)), "open " + path);
    }

    /// <summary>Closes the fd and unmaps the staging memory (once).</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
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

    private int Stream(uint request, uint type)
    {
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(value, type);
        _args.Write(0, value);
        return _sys.Ioctl(Fd, request, _args.AddressOf(0));
    }
}
