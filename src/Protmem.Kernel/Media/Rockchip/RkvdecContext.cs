using Protmem.Kernel.Media.V4l2;
using Protmem.Uapi.Videodev2;

namespace Protmem.Kernel.Media.Rockchip;

/// <summary>struct rkvdec_ctx: one open file of the decoder, its two formats and its m2m context.</summary>
public sealed class RkvdecContext
{
    internal RkvdecContext(V4l2Fh fh) => Fh = fh;

    /// <summary>The open file.</summary>
    public V4l2Fh Fh { get; }

    /// <summary>The m2m context (OUTPUT = PMV1 bitstream, CAPTURE = NV12 pictures).</summary>
    public V4l2M2mCtx M2m { get; internal set; } = null!;

    /// <summary>The coded format (OUTPUT).</summary>
    public V4l2Format OutputFormat { get; internal set; }

    /// <summary>The decoded format (CAPTURE), following the coded one's size.</summary>
    public V4l2Format CaptureFormat { get; internal set; }

    /// <summary>Pictures decoded (the CAPTURE sequence counter).</summary>
    public uint Sequence { get; internal set; }

    public override string ToString() => $"rkvdec context of pid {Fh.OwnerPid}";
}
