using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>struct drm_mode_card_res (64 bytes): DRM_IOCTL_MODE_GETRESOURCES's argument: counts, and the ids copied to arrays big enough for them.</summary>
public struct DrmModeCardRes : IUapiStruct<DrmModeCardRes>
{
    public const int Size = 64;

    /// <summary>[in] User array for framebuffer ids. Offset 0, u64.</summary>
    public ulong FbIdPtr;

    /// <summary>[in] User array for CRTC ids. Offset 8, u64.</summary>
    public ulong CrtcIdPtr;

    /// <summary>[in] User array for connector ids. Offset 16, u64.</summary>
    public ulong ConnectorIdPtr;

    /// <summary>[in] User array for encoder ids. Offset 24, u64.</summary>
    public ulong EncoderIdPtr;

    /// <summary>[in/out] Array size in; count out. Offset 32, u32.</summary>
    public uint CountFbs;

    /// <summary>[in/out] Array size in; count out. Offset 36, u32.</summary>
    public uint CountCrtcs;

    /// <summary>[in/out] Array size in; count out. Offset 40, u32.</summary>
    public uint CountConnectors;

    /// <summary>[in/out] Array size in; count out. Offset 44, u32.</summary>
    public uint CountEncoders;

    /// <summary>[out] Smallest framebuffer width. Offset 48, u32.</summary>
    public uint MinWidth;

    /// <summary>[out] Largest framebuffer width. Offset 52, u32.</summary>
    public uint MaxWidth;

    /// <summary>[out] Smallest framebuffer height. Offset 56, u32.</summary>
    public uint MinHeight;

    /// <summary>[out] Largest framebuffer height. Offset 60, u32.</summary>
    public uint MaxHeight;

    public static AbiStructLayout Layout { get; } = new("drm_mode_card_res", Size,
    [
        new("fb_id_ptr", 0, 8),
        new("crtc_id_ptr", 8, 8),
        new("connector_id_ptr", 16, 8),
        new("encoder_id_ptr", 24, 8),
        new("count_fbs", 32, 4),
        new("count_crtcs", 36, 4),
        new("count_connectors", 40, 4),
        new("count_encoders", 44, 4),
        new("min_width", 48, 4),
        new("max_width", 52, 4),
        new("min_height", 56, 4),
        new("max_height", 60, 4),
    ], AbiSource.DrmHeader);

    public static DrmModeCardRes Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        var value = new DrmModeCardRes();
        value.FbIdPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[0..]);
        value.CrtcIdPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]);
        value.ConnectorIdPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[16..]);
        value.EncoderIdPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[24..]);
        value.CountFbs = BinaryPrimitives.ReadUInt32LittleEndian(source[32..]);
        value.CountCrtcs = BinaryPrimitives.ReadUInt32LittleEndian(source[36..]);
        value.CountConnectors = BinaryPrimitives.ReadUInt32LittleEndian(source[40..]);
        value.CountEncoders = BinaryPrimitives.ReadUInt32LittleEndian(source[44..]);
        value.MinWidth = BinaryPrimitives.ReadUInt32LittleEndian(source[48..]);
        value.MaxWidth = BinaryPrimitives.ReadUInt32LittleEndian(source[52..]);
        value.MinHeight = BinaryPrimitives.ReadUInt32LittleEndian(source[56..]);
        value.MaxHeight = BinaryPrimitives.ReadUInt32LittleEndian(source[60..]);
        return value;
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[0..], FbIdPtr);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], CrtcIdPtr);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], ConnectorIdPtr);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], EncoderIdPtr);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[32..], CountFbs);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[36..], CountCrtcs);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[40..], CountConnectors);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[44..], CountEncoders);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[48..], MinWidth);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[52..], MaxWidth);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[56..], MinHeight);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[60..], MaxHeight);
    }
}
