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
/// 2. The buffer type is checked (-EINVAL unless the device's OUTPUT_MPLANE or CAPTURE_MPLANE), then the
///    driver's <see cref="IV4l2IoctlOps"/> (caps, formats) or the v4l2_m2m_ioctl_* functions (buffers, streaming) run.
/// 3. On success the argument (and the plane array) is copied back out.
/// poll is v4l2_m2m_fop_poll; release calls the driver's release.
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
            V4l2Ioctl.VIDIOC_EXPBUF => Expbuf(fh),
            _ => Stream(fh, request, BinaryPrimitives.ReadUInt32LittleEndian(data)),
        };
        if (result == 0 && (request & Uapi.Ioctl.IOC_OUT) != 0 && caller.CopyToUser(arg, data) < 0)
        {
            return -Errno.EFAULT;
        }

        return result;
    }

    /// <summary>v4l2_m2m_fop_poll.</summary>
    public int Poll(UserProcess caller, OpenFile file) => ((V4l2Fh)file.PrivateData!).M2mCtx is { } ctx ? ctx.Poll() : Uapi.Poll.POLLERR;

    public void Release(OpenFile file) => vdev.Release((V4l2Fh)file.PrivateData!);

    private static bool IsDeviceType(uint type) => type is V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE or V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;

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
        if (!IsDeviceType(fmtdesc.Type))
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
        if (!IsDeviceType(format.Type))
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

    private static int Reqbufs(V4l2Fh fh, Span<byte> data)
    {
        var args = V4l2RequestBuffers.Read(data);
        if (fh.M2mCtx?.QueueOf(args.Type) is not { } queue)
        {
            return fh.M2mCtx is null ? -Errno.ENOTTY : -Errno.EINVAL;
        }

        var result = queue.Reqbufs(ref args);
        args.Write(data);
        return result;
    }

    private static int CreateBufs(V4l2Fh fh, Span<byte> data)
    {
        var args = V4l2CreateBuffers.Read(data);
        if (fh.M2mCtx?.QueueOf(args.Format.Type) is not { } queue)
        {
            return fh.M2mCtx is null ? -Errno.ENOTTY : -Errno.EINVAL;
        }

        var result = queue.CreateBufs(ref args);
        args.Write(data);
        return result;
    }

    /// <summary>QUERYBUF, QBUF (then v4l2_m2m_try_schedule) and DQBUF, with the plane array copied in and out.</summary>
    private static int Buffer(UserProcess caller, OpenFile file, V4l2Fh fh, uint request, Span<byte> data)
    {
        var args = V4l2Buffer.Read(data);
        if (fh.M2mCtx is not { } ctx)
        {
            return -Errno.ENOTTY;
        }

        if (ctx.QueueOf(args.Type) is not { } queue || args.Length == 0 || args.Length > V4l2Ioctl.VIDEO_MAX_PLANES)
        {
            return -Errno.EINVAL;
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
            V4l2Ioctl.VIDIOC_QUERYBUF => queue.Querybuf(ref args, planes),
            V4l2Ioctl.VIDIOC_QBUF => queue.Qbuf(caller, ref args, planes),
            _ => queue.Dqbuf(ref args, planes, (file.Flags & Fcntl.O_NONBLOCK) != 0),
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

        if (request == V4l2Ioctl.VIDIOC_QBUF)
        {
            ctx.Dev.TrySchedule(ctx);
        }

        return 0;
    }

    /// <summary>vb2_expbuf: -EINVAL for another buffer type, and -EINVAL for these queues, whose memory is never MMAP.</summary>
    private static int Expbuf(V4l2Fh fh) => fh.M2mCtx is null ? -Errno.ENOTTY : -Errno.EINVAL;

    /// <summary>v4l2_m2m_ioctl_streamon / streamoff.</summary>
    private static int Stream(V4l2Fh fh, uint request, uint type)
    {
        if (fh.M2mCtx is not { } ctx)
        {
            return -Errno.ENOTTY;
        }

        if (ctx.QueueOf(type) is not { } queue)
        {
            return -Errno.EINVAL;
        }

        if (request == V4l2Ioctl.VIDIOC_STREAMOFF)
        {
            return ctx.Dev.Streamoff(ctx, type);
        }

        var result = queue.Streamon(type);
        if (result == 0)
        {
            ctx.Dev.TrySchedule(ctx);
        }

        return result;
    }
}
