using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>An encoder (<c>struct drm_encoder</c>): what turns a CRTC's pixels into a connector's signal (TMDS for HDMI).</summary>
public sealed class DrmEncoder : DrmModeObject
{
    internal DrmEncoder(int index, uint encoderType, uint possibleCrtcs)
    {
        Index = index;
        EncoderType = encoderType;
        PossibleCrtcs = possibleCrtcs;
    }

    public override uint ObjectType => DrmModeIoctl.DRM_MODE_OBJECT_ENCODER;

    public int Index { get; }

    /// <summary>DRM_MODE_ENCODER_*.</summary>
    public uint EncoderType { get; }

    /// <summary>Bit mask of CRTC indices.</summary>
    public uint PossibleCrtcs { get; }

    public override string ToString() => $"encoder {Id}";
}
