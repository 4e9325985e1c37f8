using Protmem.Kernel.Media.V4l2;
using Protmem.Uapi.Videodev2;

namespace Protmem.Kernel.Media.Rockchip;

/// <summary>One open file of a Rockchip m2m codec (the part rkvdec_ctx and hantro_ctx share): its two formats and its m2m context.</summary>
public abstract class RockchipCodecContext
{
    private protected RockchipCodecContext(V4l2Fh fh) => Fh = fh;

    /// <summary>The open file.</summary>
    public V4l2Fh Fh { get; }

    /// <summary>The m2m context.</summary>
    public V4l2M2mCtx M2m { get; internal set; } = null!;

    /// <summary>The OUTPUT format (the one S_FMT sets first).</summary>
    public V4l2Format OutputFormat { get; internal set; }

    /// <summary>The CAPTURE format, following the OUTPUT one's size.</summary>
    public V4l2Format CaptureFormat { get; internal set; }

    /// <summary>Jobs completed (the sequence counter of both queues).</summary>
    public uint Sequence { get; internal set; }
}
