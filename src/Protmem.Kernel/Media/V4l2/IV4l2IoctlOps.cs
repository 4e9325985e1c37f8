using Protmem.Uapi.Videodev2;

namespace Protmem.Kernel.Media.V4l2;

/// <summary>
/// struct v4l2_ioctl_ops, the driver's half: capabilities and formats. Model: the buffer ioctls of a
/// memory-to-memory device go to the v4l2_m2m_ioctl_* functions (every m2m driver points its ops at them),
/// so the core dispatches them to the file's <see cref="V4l2M2mCtx"/> directly.
/// </summary>
public interface IV4l2IoctlOps
{
    /// <summary>vidioc_querycap: driver, card, bus_info and device_caps (the core sets capabilities).</summary>
    int Querycap(V4l2Fh fh, ref V4l2Capability cap);

    /// <summary>vidioc_enum_fmt_vid_{cap,out}: the format at fmtdesc.index of fmtdesc.type, or -EINVAL past the last.</summary>
    int EnumFmt(V4l2Fh fh, ref V4l2Fmtdesc fmtdesc);

    /// <summary>vidioc_g_fmt_vid_{cap,out}_mplane.</summary>
    int GFmt(V4l2Fh fh, ref V4l2Format format);

    /// <summary>vidioc_try_fmt_vid_{cap,out}_mplane: adjusts <paramref name="format"/> to what the driver would set.</summary>
    int TryFmt(V4l2Fh fh, ref V4l2Format format);

    /// <summary>vidioc_s_fmt_vid_{cap,out}_mplane: -EBUSY while the queue has buffers.</summary>
    int SFmt(V4l2Fh fh, ref V4l2Format format);
}
