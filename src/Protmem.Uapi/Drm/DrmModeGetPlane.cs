using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>struct drm_mode_get_plane (32 bytes): DRM_IOCTL_MODE_GETPLANE's argument: a plane, what it shows and the formats it takes.</summary>
public struct DrmModeGetPlane : IUapiStruct<DrmModeGetPlane>
{
    public const int Size = 32;

    /// <summary>[in] The plane's object id. Offset 0, u32.</summary>
    public uint PlaneId;

    /// <summary>[out] The CRTC it is on, or 0. Offset 4, u32.</summary>
    public uint CrtcId;

    /// <summary>[out] The framebuffer it shows, or 0. Offset 8, u32.</summary>
    public uint FbId;

    /// <summary>[out] Bit mask of CRTC indices it can be on. Offset 12, u32.</summary>
    public uint PossibleCrtcs;

    /// <summary>[out] Gamma table entries. Offset 16, u32.</summary>
    public uint GammaSize;

    /// <summary>[in/out] Array size in; formats out. Offset 20, u32.</summary>
    public uint CountFormatTypes;

    /// <summary>[in] User array of u32 fourcc codes. Offset 24, u64.</summary>
    public ulong FormatTypePtr;

    public static AbiStructLayout Layout { get; } = new("drm_mode_get_plane", Size,
    [
        new("plane_id", 0, 4),
        new("crtc_id", 4, 4),
        new("fb_id", 8, 4),
        new("possible_crtcs", 12, 4),
        new("gamma_size", 16, 4),
        new("count_format_types", 20, 4),
        new("format_type_ptr", 24, 8),
    ], AbiSource.DrmHeader);

    public static DrmModeGetPlane Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmModeGetPlane
        {
            PlaneId = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            CrtcId = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            FbId = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            PossibleCrtcs = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            GammaSize = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
            CountFormatTypes = BinaryPrimitives.ReadUInt32LittleEndian(source[20..]),
            FormatTypePtr = BinaryPrimitives.ReadUInt64LittleEndian(source[24..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], PlaneId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], CrtcId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], FbId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], PossibleCrtcs);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], GammaSize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], CountFormatTypes);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], FormatTypePtr);
    }
}
