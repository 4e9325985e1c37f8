using System.Buffers.Binary;
using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.Videodev2;

namespace Protmem.Kernel.Media.V4l2;

/// <summary>
/// v4l2-dev.c's file operations and v4l2-ioctl.c's dispatcher for one video device.
/// 1. video_usercopy: a request whose number and size are not a known VIDIOC_* is -ENOTTY; the argument is
///    copied in (-EFAULT), and for a multi-planar v4l2_buffer its plane array too (m.planes, length entries:
///    0 or more than VIDEO_MAX_PLANES is -EINVAL).
/// 2. The buffer type is checked (-EINVAL unless one the device's caps allow: OUTPUT_MPLANE and CAPTURE_MPLANE for an
///    m2m device, CAPTURE_MPLANE for a capture device), then the driver's <see cref="IV4l2IoctlOps"/> (caps, formats)
///    run, or for buffers and streaming the v4l2_m2m_ioctl_* functions (an m2m file) or the vb2_ioctl_* helpers over
///    <see cref="VideoDevice.Queue"/> (whose owner, the file that allocated its buffers, alone may queue and stream).
/// 3. On success the argument (and the plane array) is copied back out.
/// poll is v4l2_m2m_fop_poll or vb2_fop_poll; release calls the driver's release.
/// </summary>
internal sealed class V4l2FileOperations(VideoDevice vdev) : IFileOperations
{
    public int Ioctl(UserProcess caller, OpenFile file, uint request, ulong arg)
    {
        var fh = (V4l2Fh)file.PrivateData!;
        var size = request switch
        {
            V4l2Ioctl.VIDIOC_QUERYCAP => V4l2Capability.Size,
            V4l2Ioctl.VIDIOC_ENUM_FMT => V4l2Fmtdesc.Size,
            V4l2Ioctl.VIDIOC_G_FMT or V4l2Ioctl.VIDIOC_S_FMT or V4l2Ioctl.VIDIOC_TRY_FMT => V4l2Format.Size,
            V4l2Ioctl.VIDIOC_REQBUFS => V4l2RequestBuffers.Size,
            V4l2Ioctl.VIDIOC_CREATE_BUFS => V4l2CreateBuffers.Size,
            V4l2Ioctl.VIDIOC_QUERYBUF or V4l2Ioctl.VIDIOC_QBUF or V4l2Ioctl.VIDIOC_DQBUF => V4l2Buffer.Size,
            V4l2Ioctl.VIDIOC_EXPBUF => V4l2ExportBuffer.Size,
            V4l2Ioctl.VIDIOC_STREAMON or V4l2Ioctl.VIDIOC_STREAMOFF => 4,
            _ => 0,
        };
        if (size == 0)
        {
            return -Errno.ENOTTY;
        }

        var data = new byte[size];
        if ((request & Uapi.Ioctl.IOC_IN) != 0 && caller.CopyFromUser(arg, data) < 0)
        {
            return -Errno.EFAULT;
        }

        var result = request switch
        {
            V4l2Ioctl.VIDIOC_QUERYCAP => Querycap(fh, data),
            V4l2Ioctl.VIDIOC_ENUM_FMT => EnumFmt(fh, data),
            V4l2Ioctl.VIDIOC_G_FMT or V4l2Ioctl.VIDIOC_S_FMT or V4l2Ioctl.VIDIOC_TRY_FMT => Format(fh, request, data),
            V4l2Ioctl.VIDIOC_REQBUFS => Reqbufs(fh, data),
            V4l2Ioctl.VIDIOC_CREATE_BUFS => CreateBufs(fh, data),
            V4l2Ioctl.VIDIOC_QUERYBUF or V4l2Ioctl.VIDIOC_QBUF or V4l2Ioctl.VIDIOC_DQBUF => Buffer(caller, file, fh, request, data),
            V4l2Ioctl.VIDIOC_EXPBUF => Expbuf(fh, data),
            _ => Stream(fh, request, BinaryPrimitives.ReadUInt32LittleEndian(data)),
        };
        if (result == 0 && (request & Uapi.Ioctl.IOC_OUT) != 0 && caller.CopyToUser(arg, data) < 0)
        {
            return -Errno.EFAULT;
        }

        return result;
    }

    /// <summary>v4l2_m2m_fop_poll, or vb2_fop_poll of the device's own queue (from any file).</summary>
    public int Poll(UserProcess caller, OpenFile file) => ((V4l2Fh)file.PrivateData!).M2mCtx is { } ctx
        ? ctx.Poll()
        : vdev.Queue is { } queue ? queue.Poll() : Uapi.Poll.POLLERR;

    public void Release(OpenFile file) => vdev.Release((V4l2Fh)file.PrivateData!);


    /// <summary>v4l_querycap: the driver's answer with capabilities = device_caps | V4L2_CAP_DEVICE_CAPS.</summary>
    private int Querycap(V4l2Fh fh, Span<byte> data)
    {
        var cap = new V4l2Capability { Driver = "", Card = vdev.Name, BusInfo = "platform:" + vdev.Device.Name, DeviceCaps = vdev.DeviceCaps };
        var result = vdev.IoctlOps.Querycap(fh, ref cap);
        if (result < 0)
        {
            return result;
        }

        cap.DeviceCaps = vdev.DeviceCaps;
        cap.Capabilities = vdev.DeviceCaps | V4l2Ioctl.V4L2_CAP_DEVICE_CAPS;
        cap.Write(data);
        return 0;
    }

    private int EnumFmt(V4l2Fh fh, Span<byte> data)
    {
        var fmtdesc = V4l2Fmtdesc.Read(data);
        if (!vdev.SupportsType(fmtdesc.Type))
        {
            return -Errno.EINVAL;
        }

        var result = vdev.IoctlOps.EnumFmt(fh, ref fmtdesc);
        if (result == 0)
        {
            fmtdesc.Write(data);
        }

        return result;
    }

    private int Format(V4l2Fh fh, uint request, Span<byte> data)
    {
        var format = V4l2Format.Read(data);
        if (!vdev.SupportsType(format.Type))
        {
            return -Errno.EINVAL;
        }

        var result = request switch
        {
            V4l2Ioctl.VIDIOC_G_FMT => vdev.IoctlOps.GFmt(fh, ref format),
            V4l2Ioctl.VIDIOC_S_FMT => vdev.IoctlOps.SFmt(fh, ref format),
            _ => vdev.IoctlOps.TryFmt(fh, ref format),
        };
        if (result == 0)
        {
            format.Write(data);
        }

        return result;
    }

    /// <summary>
    /// The queue of <paramref name="type"/> for a buffer ioctl: the m2m context's (v4l2_m2m_ioctl_*), or the device's
    /// own queue (vb2_ioctl_*, with -EBUSY for a file that does not own it when <paramref name="ownerOnly"/>, as
    /// vb2_queue_is_busy); -ENOTTY on a device with neither, -EINVAL for a type the device has no queue of.
    /// </summary>
    private int QueueFor(V4l2Fh fh, uint type, bool ownerOnly, out Vb2Queue? queue)
    {
        queue = null;
        if (fh.M2mCtx is { } ctx)
        {
            queue = ctx.QueueOf(type);
            return queue is null ? -Errno.EINVAL : 0;
        }

        if (vdev.Queue is not { } own)
        {
            return -Errno.ENOTTY;
        }

        if (type != own.Type)
        {
            return -Errno.EINVAL;
        }

        if (ownerOnly && IsBusy(own, fh))
        {
            return -Errno.EBUSY;
        }

        queue = own;
        return 0;
    }

    /// <summary>vb2_queue_is_busy: the queue has an owner and it is another file.</summary>
    private static bool IsBusy(Vb2Queue queue, V4l2Fh fh) => queue.Owner is { } owner && owner != fh;

    /// <summary>
    /// v4l2_m2m_ioctl_reqbufs, or vb2_ioctl_reqbufs: the memory type is checked before ownership (-EINVAL, then -EBUSY
    /// for another file's queue); on success the file owns the queue, or no file does after a count of 0.
    /// </summary>
    private int Reqbufs(V4l2Fh fh, Span<byte> data)
    {
        var args = V4l2RequestBuffers.Read(data);
        if (!vdev.SupportsType(args.Type))
        {
            return fh.M2mCtx is null && vdev.Queue is null ? -Errno.ENOTTY : -Errno.EINVAL;
        }

        var result = QueueFor(fh, args.Type, ownerOnly: false, out var queue);
        if (result < 0)
        {
            return result;
        }

        var restricted = (args.Flags & V4l2Ioctl.V4L2_MEMORY_FLAG_RESTRICTED) != 0;
        if (fh.M2mCtx is null && IsBusy(queue!, fh) && queue!.VerifyMemory(args.Type, args.Memory, restricted) == 0)
        {
            return -Errno.EBUSY;
        }

        result = queue!.Reqbufs(ref args);
        if (result == 0 && fh.M2mCtx is null)
        {
            queue.Owner = args.Count > 0 ? fh : null;
        }

        args.Write(data);
        return result;
    }

    /// <summary>v4l2_m2m_ioctl_create_bufs, or vb2_ioctl_create_bufs (a count of 0 only checks, from any file; else -EBUSY for another file's queue).</summary>
    private int CreateBufs(V4l2Fh fh, Span<byte> data)
    {
        var args = V4l2CreateBuffers.Read(data);
        if (!vdev.SupportsType(args.Format.Type))
        {
            return fh.M2mCtx is null && vdev.Queue is null ? -Errno.ENOTTY : -Errno.EINVAL;
        }

        var result = QueueFor(fh, args.Format.Type, ownerOnly: false, out var queue);
        if (result < 0)
        {
            return result;
        }

        var restricted = (args.Flags & V4l2Ioctl.V4L2_MEMORY_FLAG_RESTRICTED) != 0;
        if (fh.M2mCtx is null && args.Count > 0 && IsBusy(queue!, fh) && queue!.VerifyMemory(args.Format.Type, args.Memory, restricted) == 0)
        {
            return -Errno.EBUSY;
        }

        result = queue!.CreateBufs(ref args);
        if (result == 0 && fh.M2mCtx is null && args.Count > 0)
        {
            queue.Owner = fh;
        }

        args.Write(data);
        return result;
    }

    /// <summary>
    /// QUERYBUF (from any file), QBUF (then v4l2_m2m_try_schedule on an m2m device) and DQBUF (the owner only on a
    /// device's own queue), with the plane array copied in and out.
    /// </summary>
    private int Buffer(UserProcess caller, OpenFile file, V4l2Fh fh, uint request, Span<byte> data)
    {
        var args = V4l2Buffer.Read(data);
        if (fh.M2mCtx is null && vdev.Queue is null)
        {
            return -Errno.ENOTTY;
        }

        if (!vdev.SupportsType(args.Type) || args.Length == 0 || args.Length > V4l2Ioctl.VIDEO_MAX_PLANES)
        {
            return -Errno.EINVAL;
        }

        var found = QueueFor(fh, args.Type, ownerOnly: request != V4l2Ioctl.VIDIOC_QUERYBUF, out var queue);
        if (found < 0)
        {
            return found;
        }

        var raw = new byte[(int)args.Length * V4l2Plane.Size];
        if (caller.CopyFromUser(args.M, raw) < 0)
        {
            return -Errno.EFAULT;
        }

        var planes = new V4l2Plane[args.Length];
        for (var i = 0; i < planes.Length; i++)
        {
            planes[i] = V4l2Plane.Read(raw.AsSpan(i * V4l2Plane.Size));
        }

        var result = request switch
        {
            V4l2Ioctl.VIDIOC_QUERYBUF => queue!.Querybuf(ref args, planes),
            V4l2Ioctl.VIDIOC_QBUF => queue!.Qbuf(caller, ref args, planes),
            _ => queue!.Dqbuf(ref args, planes, (file.Flags & Fcntl.O_NONBLOCK) != 0),
        };
        if (result < 0)
        {
            return result;
        }

        var planesAt = args.M;
        args.Length = (uint)planes.Length;
        args.M = planesAt;
        args.Write(data);
        for (var i = 0; i < planes.Length; i++)
        {
            planes[i].Write(raw.AsSpan(i * V4l2Plane.Size));
        }

        if (caller.CopyToUser(planesAt, raw) < 0)
        {
            return -Errno.EFAULT;
        }

        if (request == V4l2Ioctl.VIDIOC_QBUF && fh.M2mCtx is { } ctx)
        {
            ctx.Dev.TrySchedule(ctx);
        }

        return 0;
    }

    /// <summary>
    /// vb2_expbuf: -EINVAL for these queues, whose memory is never MMAP (after -EBUSY for another file's queue on a
    /// device's own queue).
    /// </summary>
    private int Expbuf(V4l2Fh fh, Span<byte> data)
    {
        if (fh.M2mCtx is not null)
        {
            return -Errno.EINVAL;
        }

        var result = QueueFor(fh, V4l2ExportBuffer.Read(data).Type, ownerOnly: true, out _);
        return result < 0 ? result : -Errno.EINVAL;
    }

    /// <summary>v4l2_m2m_ioctl_streamon / streamoff, or vb2_ioctl_streamon / streamoff (the owner only).</summary>
    private int Stream(V4l2Fh fh, uint request, uint type)
    {
        var found = QueueFor(fh, type, ownerOnly: true, out var queue);
        if (found < 0)
        {
            return found;
        }

        if (fh.M2mCtx is not { } ctx)
        {
            return request == V4l2Ioctl.VIDIOC_STREAMOFF ? queue!.Streamoff(type) : queue!.Streamon(type);
        }

        if (request == V4l2Ioctl.VIDIOC_STREAMOFF)
        {
            return ctx.Dev.Streamoff(ctx, type);
        }

        var result = queue!.Streamon(type);
        if (result == 0)
        {
            ctx.Dev.TrySchedule(ctx);
        }

        return result;
    }
}
