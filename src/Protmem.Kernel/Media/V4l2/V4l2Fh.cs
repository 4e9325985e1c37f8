namespace Protmem.Kernel.Media.V4l2;

/// <summary>struct v4l2_fh: one open file of a video device, with its m2m context and the driver's data.</summary>
public sealed class V4l2Fh
{
    internal V4l2Fh(VideoDevice vdev, int pid)
    {
        Vdev = vdev;
        OwnerPid = pid;
    }

    /// <summary>The video device opened.</summary>
    public VideoDevice Vdev { get; }

    /// <summary>The process that opened it.</summary>
    public int OwnerPid { get; }

    /// <summary>fh->m2m_ctx, set by the driver's open.</summary>
    public V4l2M2mCtx? M2mCtx { get; set; }

    /// <summary>The driver's per-file data.</summary>
    public object? DriverPriv { get; set; }

    /// <summary>False once the file is released.</summary>
    public bool IsOpen { get; internal set; } = true;
}
