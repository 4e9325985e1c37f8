using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>struct drm_mode_get_encoder (20 bytes): DRM_IOCTL_MODE_GETENCODER's argument.</summary>
public struct DrmModeGetEncoder : IUapiStruct<DrmModeGetEncoder>
{
    public const int Size = 20;

    /// <summary>[in] The encoder's object id. Offset 0, u32.</summary>
    public uint EncoderId;

    /// <summary>[out] DRM_MODE_ENCODER_*. Offset 4, u32.</summary>
    public uint EncoderType;

    /// <summary>[out] The CRTC driving it, or 0. Offset 8, u32.</summary>
    public uint CrtcId;

    /// <summary>[out] Bit mask of CRTC indices. Offset 12, u32.</summary>
    public uint PossibleCrtcs;

    /// <summary>[out] Bit mask of encoder indices it can clone with. Offset 16, u32.</summary>
    public uint PossibleClones;

    public static AbiStructLayout Layout { get; } = new("drm_mode_get_encoder", Size,
    [
        new("encoder_id", 0, 4),
        new("encoder_type", 4, 4),
        new("crtc_id", 8, 4),
        new("possible_crtcs", 12, 4),
        new("possible_clones", 16, 4),
    ], AbiSource.DrmHeader);

    public static DrmModeGetEncoder Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmModeGetEncoder
        {
            EncoderId = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            EncoderType = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            CrtcId = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            PossibleCrtcs = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            PossibleClones = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], EncoderId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], EncoderType);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], CrtcId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], PossibleCrtcs);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], PossibleClones);
    }
}
