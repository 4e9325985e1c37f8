namespace Protmem.Uapi.Videodev2;

/// <summary>
/// include/uapi/linux/videodev2.h: the ioctls, buffer types, memory types, flags and formats of a
/// memory-to-memory decoder, and the proposed restricted-memory uAPI (marked proposed: not in any header).
/// </summary>
public static class V4l2Ioctl
{
    /// <summary>'V' (videodev2.h writes it inline in each _IO* macro).</summary>
    [AbiSource(AbiSource.Model)]
    public const uint V4L2_IOCTL_BASE = 'V';

    /// <summary>_IOR('V', 0, struct v4l2_capability) = 0x80685600.</summary>
    public const uint VIDIOC_QUERYCAP = Ioctl.IOC_OUT | ((uint)V4l2Capability.Size << Ioctl._IOC_SIZESHIFT) | (V4L2_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0;

    /// <summary>_IOWR('V', 2, struct v4l2_fmtdesc) = 0xC0405602.</summary>
    public const uint VIDIOC_ENUM_FMT = Ioctl.IOC_INOUT | ((uint)V4l2Fmtdesc.Size << Ioctl._IOC_SIZESHIFT) | (V4L2_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 2;

    /// <summary>_IOWR('V', 4, struct v4l2_format) = 0xC0D05604.</summary>
    public const uint VIDIOC_G_FMT = Ioctl.IOC_INOUT | ((uint)V4l2Format.Size << Ioctl._IOC_SIZESHIFT) | (V4L2_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 4;

    /// <summary>_IOWR('V', 5, struct v4l2_format) = 0xC0D05605.</summary>
    public const uint VIDIOC_S_FMT = Ioctl.IOC_INOUT | ((uint)V4l2Format.Size << Ioctl._IOC_SIZESHIFT) | (V4L2_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 5;

    /// <summary>_IOWR('V', 64, struct v4l2_format) = 0xC0D05640.</summary>
    public const uint VIDIOC_TRY_FMT = Ioctl.IOC_INOUT | ((uint)V4l2Format.Size << Ioctl._IOC_SIZESHIFT) | (V4L2_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 64;

    /// <summary>_IOWR('V', 92, struct v4l2_create_buffers) = 0xC100565C.</summary>
    public const uint VIDIOC_CREATE_BUFS = Ioctl.IOC_INOUT | ((uint)V4l2CreateBuffers.Size << Ioctl._IOC_SIZESHIFT) | (V4L2_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 92;

    /// <summary>_IOWR('V', 8, struct v4l2_requestbuffers) = 0xC0145608.</summary>
    public const uint VIDIOC_REQBUFS = Ioctl.IOC_INOUT | ((uint)V4l2RequestBuffers.Size << Ioctl._IOC_SIZESHIFT) | (V4L2_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 8;

    /// <summary>_IOWR('V', 9, struct v4l2_buffer) = 0xC0585609.</summary>
    public const uint VIDIOC_QUERYBUF = Ioctl.IOC_INOUT | ((uint)V4l2Buffer.Size << Ioctl._IOC_SIZESHIFT) | (V4L2_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 9;

    /// <summary>_IOWR('V', 15, struct v4l2_buffer) = 0xC058560F.</summary>
    public const uint VIDIOC_QBUF = Ioctl.IOC_INOUT | ((uint)V4l2Buffer.Size << Ioctl._IOC_SIZESHIFT) | (V4L2_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 15;

    /// <summary>_IOWR('V', 16, struct v4l2_exportbuffer) = 0xC0405610.</summary>
    public const uint VIDIOC_EXPBUF = Ioctl.IOC_INOUT | ((uint)V4l2ExportBuffer.Size << Ioctl._IOC_SIZESHIFT) | (V4L2_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 16;

    /// <summary>_IOWR('V', 17, struct v4l2_buffer) = 0xC0585611.</summary>
    public const uint VIDIOC_DQBUF = Ioctl.IOC_INOUT | ((uint)V4l2Buffer.Size << Ioctl._IOC_SIZESHIFT) | (V4L2_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 17;

    /// <summary>_IOW('V', 18, int) = 0x40045612.</summary>
    public const uint VIDIOC_STREAMON = Ioctl.IOC_IN | (4u << Ioctl._IOC_SIZESHIFT) | (V4L2_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 18;

    /// <summary>_IOW('V', 19, int) = 0x40045613.</summary>
    public const uint VIDIOC_STREAMOFF = Ioctl.IOC_IN | (4u << Ioctl._IOC_SIZESHIFT) | (V4L2_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 19;

    /// <summary>enum v4l2_buf_type: the decoder's bitstream queue (user space → device).</summary>
    [AbiSource(AbiSource.HeaderEnum)]
    public const uint V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE = 10;

    /// <summary>enum v4l2_buf_type: the decoder's picture queue (device → user space).</summary>
    [AbiSource(AbiSource.HeaderEnum)]
    public const uint V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE = 9;

    [AbiSource(AbiSource.HeaderEnum)]
    public const uint V4L2_MEMORY_MMAP = 1;
    [AbiSource(AbiSource.HeaderEnum)]
    public const uint V4L2_MEMORY_USERPTR = 2;
    [AbiSource(AbiSource.HeaderEnum)]
    public const uint V4L2_MEMORY_DMABUF = 4;

    [AbiSource(AbiSource.HeaderEnum)]
    public const uint V4L2_FIELD_NONE = 1;

    /// <summary>enum v4l2_colorspace: the driver picks (the coded format carries none).</summary>
    [AbiSource(AbiSource.HeaderEnum)]
    public const uint V4L2_COLORSPACE_DEFAULT = 0;

    /// <summary>enum v4l2_colorspace: SMPTE 170M (BT.601), what the decoder reports for NV12.</summary>
    [AbiSource(AbiSource.HeaderEnum)]
    public const uint V4L2_COLORSPACE_SMPTE170M = 1;

    /// <summary>VIDEO_MAX_PLANES: the most entries a v4l2_buffer's plane array may have.</summary>
    public const uint VIDEO_MAX_PLANES = 8;

    /// <summary>VIDEO_MAX_FRAME (VB2_MAX_FRAME in the kernel): the most buffers a queue holds.</summary>
    public const uint VIDEO_MAX_FRAME = 32;

    public const uint V4L2_CAP_VIDEO_M2M_MPLANE = 0x0000_4000;
    public const uint V4L2_CAP_STREAMING = 0x0400_0000;
    public const uint V4L2_CAP_VIDEO_CAPTURE_MPLANE = 0x0000_1000;
    public const uint V4L2_CAP_VIDEO_OUTPUT_MPLANE = 0x0000_2000;
    public const uint V4L2_CAP_DEVICE_CAPS = 0x8000_0000;

    public const uint V4L2_BUF_CAP_SUPPORTS_MMAP = 1 << 0;
    public const uint V4L2_BUF_CAP_SUPPORTS_DMABUF = 1 << 2;

    /// <summary>Proposed (vb2 restricted-memory patches, v6 form; not merged): the queue accepts restricted memory.</summary>
    [AbiSource(AbiSource.Proposed)]
    public const uint V4L2_BUF_CAP_SUPPORTS_RESTRICTED_MEM = 1 << 9;

    public const uint V4L2_MEMORY_FLAG_NON_COHERENT = 1 << 0;

    /// <summary>Proposed (v6 form; v3 called it _SECURE; not merged): REQBUFS/CREATE_BUFS flag for a DMABUF queue of restricted buffers.</summary>
    [AbiSource(AbiSource.Proposed)]
    public const uint V4L2_MEMORY_FLAG_RESTRICTED = 1 << 1;

    public const uint V4L2_BUF_FLAG_MAPPED = 0x0000_0001;
    public const uint V4L2_BUF_FLAG_QUEUED = 0x0000_0002;
    public const uint V4L2_BUF_FLAG_DONE = 0x0000_0004;
    public const uint V4L2_BUF_FLAG_ERROR = 0x0000_0040;
    public const uint V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC = 0x0000_2000;
    public const uint V4L2_BUF_FLAG_TIMESTAMP_COPY = 0x0000_4000;

    public const uint V4L2_FMT_FLAG_COMPRESSED = 0x0001;

    /// <summary>v4l2_fourcc('N', 'V', '1', '2'): Y plane then interleaved CbCr, 4:2:0.</summary>
    public const uint V4L2_PIX_FMT_NV12 = 'N' | ('V' << 8) | ('1' << 16) | ('2' << 24);

    /// <summary>v4l2_fourcc('P', 'M', 'V', '1'): the model's intra-frame codec (docs/video-codec.md).</summary>
    [AbiSource(AbiSource.Model)]
    public const uint V4L2_PIX_FMT_PMV1 = 'P' | ('M' << 8) | ('V' << 16) | ('1' << 24);
}
