using Protmem.Kernel.Media.V4l2;
using Protmem.Uapi.Videodev2;

namespace Protmem.Kernel.Media.Rockchip;

/// <summary>One open file of the encoder (as hantro_ctx): its two formats and its m2m context.</summary>
public sealed class RkvencContext
{
    internal RkvencContext(V4l2Fh fh) => Fh = fh;

    /// <summary>The open file.</summary>
    public V4l2Fh Fh { get; }

    /// <summary>The m2m context (OUTPUT = NV12 pictures, CAPTURE = PMV1 bitstream).</summary>
    public V4l2M2mCtx M2m { get; internal set; } = null!;

    /// <summary>The raw format (OUTPUT).</summary>
    public V4l2Format OutputFormat { get; internal set; }

    /// <summary>The coded format (CAPTURE), following the raw one's size.</summary>
    public V4l2Format CaptureFormat { get; internal set; }

    /// <summary>Frames encoded (the CAPTURE sequence counter).</summary>
    public uint Sequence { get; internal set; }

    public override string ToString() => $"rkvenc context of pid {Fh.OwnerPid}";
}
