using Protmem.Kernel.Media.V4l2;

namespace Protmem.Kernel.Media.Rockchip;

/// <summary>struct rkvdec_ctx: one open file of the decoder (OUTPUT = PMV1 bitstream, CAPTURE = NV12 pictures).</summary>
public sealed class RkvdecContext : RockchipCodecContext
{
    internal RkvdecContext(V4l2Fh fh)
        : base(fh)
    {
    }

    public override string ToString() => $"rkvdec context of pid {Fh.OwnerPid}";
}
