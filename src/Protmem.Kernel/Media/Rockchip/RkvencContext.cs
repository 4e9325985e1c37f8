using Protmem.Kernel.Media.V4l2;

namespace Protmem.Kernel.Media.Rockchip;

/// <summary>One open file of the encoder (as hantro_ctx): OUTPUT = NV12 pictures, CAPTURE = PMV1 bitstream.</summary>
public sealed class RkvencContext : RockchipCodecContext
{
    internal RkvencContext(V4l2Fh fh)
        : base(fh)
    {
    }

    public override string ToString() => $"rkvenc context of pid {Fh.OwnerPid}";
}
