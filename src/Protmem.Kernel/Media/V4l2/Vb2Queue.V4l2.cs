using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.Videodev2;

namespace Protmem.Kernel.Media.V4l2;

/// <summary>
/// videobuf2-v4l2.c: the queue's ioctl-facing half (REQBUFS, CREATE_BUFS, QUERYBUF, QBUF, DQBUF, STREAMON,
/// STREAMOFF, poll) over the core half in Vb2Queue.cs; the v4l2_buffer is filled here.
/// </summary>
public sealed partial class Vb2Queue
{
    /// <summary>V4L2_BUF_CAP_* for REQBUFS / CREATE_BUFS (restricted only where allowed, and only with DMABUF).</summary>
    public uint Capabilities => V4l2Ioctl.V4L2_BUF_CAP_SUPPORTS_DMABUF | (AllowRestrictedMem ? V4l2Ioctl.V4L2_BUF_CAP_SUPPORTS_RESTRICTED_MEM : 0);

    /// <summary>vb2_reqbufs: 0 with <paramref name="args"/> filled, or -errno.</summary>
    public int Reqbufs(ref V4l2RequestBuffers args)
    {
        args.Capabilities = Capabilities;
        var restricted = (args.Flags & V4l2Ioctl.V4L2_MEMORY_FLAG_RESTRICTED) != 0;
        var result = VerifyMemory(args.Type, args.Memory, restricted);
        if (result < 0)
        {
            return result;
        }

        if (Streaming)
        {
            return -Errno.EBUSY;
        }

        // __vb2_queue_cancel then __vb2_queue_free: queued buffers come back before they are freed.
        Cancel();
        FreeBuffers();
        Memory = args.Memory;
        RestrictedMem = restricted;
        args.Flags = (byte)(restricted ? V4l2Ioctl.V4L2_MEMORY_FLAG_RESTRICTED : 0);
        if (args.Count == 0)
        {
            return 0;
        }

        var count = Math.Min(args.Count, V4l2Ioctl.VIDEO_MAX_FRAME);
        result = _ops.QueueSetup(this, ref count, out var planeSize);
        if (result < 0)
        {
            RestrictedMem = false;
            return result;
        }

        Allocate(count, planeSize);
        args.Count = count;
        return 0;
    }

    /// <summary>vb2_create_bufs: 0 with <paramref name="args"/> filled, or -errno.</summary>
    public int CreateBufs(ref V4l2CreateBuffers args)
    {
        args.Capabilities = Capabilities;
        args.Index = (uint)_buffers.Count;
        var restricted = (args.Flags & V4l2Ioctl.V4L2_MEMORY_FLAG_RESTRICTED) != 0;
        var result = VerifyMemory(args.Format.Type, args.Memory, restricted);
        if (result < 0)
        {
            return result;
        }

        if (_buffers.Count > 0 && (args.Memory != Memory || restricted != RestrictedMem))
        {
            // "restricted memory model mismatch" (and a memory type other than the allocated buffers').
            return -Errno.EINVAL;
        }

        args.Flags = restricted ? V4l2Ioctl.V4L2_MEMORY_FLAG_RESTRICTED : 0;
        if (args.Count == 0)
        {
            return 0;
        }

        var count = Math.Min(args.Count, V4l2Ioctl.VIDEO_MAX_FRAME - (uint)_buffers.Count);
        if (count == 0)
        {
            return -Errno.ENOBUFS;
        }

        var wasEmpty = _buffers.Count == 0;
        var previous = (Memory, RestrictedMem);
        Memory = args.Memory;
        RestrictedMem = restricted;
        result = _ops.QueueSetup(this, ref count, out var planeSize);
        if (result == 0 && args.Format.SizeImage > planeSize)
        {
            planeSize = args.Format.SizeImage;
        }

        if (result < 0)
        {
            if (wasEmpty)
            {
                (Memory, RestrictedMem) = previous;
            }

            return result;
        }

        Allocate(count, planeSize);
        args.Count = count;
        return 0;
    }

    /// <summary>vb2_querybuf: fills <paramref name="args"/> and the plane of buffer args.Index.</summary>
    public int Querybuf(ref V4l2Buffer args, Span<V4l2Plane> planes)
    {
        if (args.Type != Type || args.Index >= (uint)_buffers.Count)
        {
            return -Errno.EINVAL;
        }

        Fill(_buffers[(int)args.Index], ref args, planes);
        return 0;
    }

    /// <summary>
    /// vb2_qbuf for DMABUF: -EINVAL for a wrong type, index, memory type, plane count, a buffer not dequeued,
    /// an fd that is not a dma-buf, a plane smaller than the format or bytesused past it, or a dma-buf whose
    /// protection does not match the queue's mode; -EFAULT for a dma-buf smaller than the plane (as
    /// vb2_dc_attach_dmabuf); the attach or map errno.
    /// </summary>
    public int Qbuf(UserProcess caller, ref V4l2Buffer args, Span<V4l2Plane> planes)
    {
        if (args.Type != Type || args.Index >= (uint)_buffers.Count || args.Memory != Memory || planes.Length < 1)
        {
            return -Errno.EINVAL;
        }

        var buffer = _buffers[(int)args.Index];
        if (buffer.State != Vb2BufferState.Dequeued)
        {
            return -Errno.EINVAL;
        }

        var result = PrepareDmabuf(caller, buffer, planes[0]);
        if (result < 0)
        {
            return result;
        }

        buffer.Timestamp = (args.TimestampSec, args.TimestampUsec);
        buffer.State = Vb2BufferState.Queued;
        _queued.Add(buffer);
        if (Streaming)
        {
            HandOver(buffer);
        }

        Fill(buffer, ref args, planes);
        return 0;
    }

    /// <summary>
    /// vb2_dqbuf: the oldest done buffer, unmapped; -EINVAL for a wrong type or a queue not streaming; -EAGAIN
    /// when none is done and <paramref name="nonBlocking"/>. Model: a blocking DQBUF runs the simulated machine
    /// until a buffer is done; with nothing left to run, or no buffer the driver owns, it is a wait the program
    /// interrupted (-EINTR), as poll.
    /// </summary>
    public int Dqbuf(ref V4l2Buffer args, Span<V4l2Plane> planes, bool nonBlocking)
    {
        if (args.Type != Type || args.Memory != Memory || planes.Length < 1)
        {
            return -Errno.EINVAL;
        }

        while (_done.Count == 0)
        {
            if (!Streaming)
            {
                return -Errno.EINVAL;
            }

            if (nonBlocking)
            {
                return -Errno.EAGAIN;
            }

            // Model: with no buffer the driver owns, nothing can end the wait (a capture device would run its
            // sensor forever): it is a wait the program interrupted.
            if (!_buffers.Any(b => b.State == Vb2BufferState.Active))
            {
                return -Errno.EINTR;
            }

            if (!_kernel.Hardware.Events.RunNext())
            {
                return -Errno.EINTR;
            }
        }

        var buffer = _done.Dequeue();
        Fill(buffer, ref args, planes);
        UnmapPlane(buffer.Plane);
        buffer.State = Vb2BufferState.Dequeued;
        return 0;
    }

    /// <summary>vb2_streamon: -EINVAL for a wrong type or no buffers; the driver's refusal; 0 (also when streaming already).</summary>
    public int Streamon(uint type)
    {
        if (type != Type || _buffers.Count == 0)
        {
            return -Errno.EINVAL;
        }

        if (Streaming)
        {
            return 0;
        }

        var result = _ops.StartStreaming(this);
        if (result < 0)
        {
            return result;
        }

        Streaming = true;
        foreach (var buffer in _queued.ToList())
        {
            HandOver(buffer);
        }

        return 0;
    }

    /// <summary>vb2_streamoff: -EINVAL for a wrong type; else every buffer comes back dequeued and unmapped (__vb2_queue_cancel).</summary>
    public int Streamoff(uint type)
    {
        if (type != Type)
        {
            return -Errno.EINVAL;
        }

        Cancel();
        return 0;
    }

    /// <summary>
    /// vb2_poll (vb2_core_poll): POLLERR while the queue does not stream; POLLIN | POLLRDNORM (a CAPTURE queue) or
    /// POLLOUT | POLLWRNORM (OUTPUT) when a buffer is done; otherwise 0. Model: no events (POLLPRI) are modelled.
    /// </summary>
    public int Poll()
    {
        if (!Streaming)
        {
            return Uapi.Poll.POLLERR;
        }

        if (_done.Count == 0)
        {
            return 0;
        }

        return IsOutput ? Uapi.Poll.POLLOUT | Uapi.Poll.POLLWRNORM : Uapi.Poll.POLLIN | Uapi.Poll.POLLRDNORM;
    }

    /// <summary>vb2_verify_memory_type plus the proposed restricted checks.</summary>
    internal int VerifyMemory(uint type, uint memory, bool restricted)
    {
        if (type != Type || memory != V4l2Ioctl.V4L2_MEMORY_DMABUF)
        {
            return -Errno.EINVAL;
        }

        return restricted && !AllowRestrictedMem ? -Errno.EINVAL : 0;
    }

    private void Fill(Vb2Buffer buffer, ref V4l2Buffer args, Span<V4l2Plane> planes)
    {
        args.Flags = TimestampFlags | (buffer.State switch
        {
            Vb2BufferState.Queued or Vb2BufferState.Active => V4l2Ioctl.V4L2_BUF_FLAG_QUEUED,
            Vb2BufferState.Done => V4l2Ioctl.V4L2_BUF_FLAG_DONE,
            Vb2BufferState.Error => V4l2Ioctl.V4L2_BUF_FLAG_DONE | V4l2Ioctl.V4L2_BUF_FLAG_ERROR,
            _ => 0U,
        });
        args.Index = buffer.Index;
        args.Memory = Memory;
        args.Field = V4l2Ioctl.V4L2_FIELD_NONE;
        args.Length = 1;
        args.BytesUsed = 0;
        args.TimestampSec = buffer.Timestamp.Sec;
        args.TimestampUsec = buffer.Timestamp.Usec;
        args.Sequence = buffer.Sequence;
        if (planes.Length > 0)
        {
            var p = buffer.Plane;
            planes[0] = new V4l2Plane { BytesUsed = p.BytesUsed, Length = p.DmaBuf is null ? buffer.MinLength : p.Length, Fd = p.DmaBuf is null ? 0 : p.Fd, DataOffset = p.DataOffset };
        }
    }
}
