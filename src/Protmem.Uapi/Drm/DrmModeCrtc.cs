using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>struct drm_mode_crtc (104 bytes): DRM_IOCTL_MODE_GETCRTC's argument: a CRTC, its primary framebuffer and mode.</summary>
public struct DrmModeCrtc : IUapiStruct<DrmModeCrtc>
{
    public const int Size = 104;

    /// <summary>[in] Connector ids (SETCRTC only). Offset 0, u64.</summary>
    public ulong SetConnectorsPtr;

    /// <summary>[in] Connectors in set_connectors_ptr (SETCRTC only). Offset 8, u32.</summary>
    public uint CountConnectors;

    /// <summary>[in] The CRTC's object id. Offset 12, u32.</summary>
    public uint CrtcId;

    /// <summary>[out] The primary plane's framebuffer, or 0. Offset 16, u32.</summary>
    public uint FbId;

    /// <summary>[out] The primary plane's source x in the framebuffer. Offset 20, u32.</summary>
    public uint X;

    /// <summary>[out] The primary plane's source y in the framebuffer. Offset 24, u32.</summary>
    public uint Y;

    /// <summary>[out] Gamma table entries (0: none). Offset 28, u32.</summary>
    public uint GammaSize;

    /// <summary>[out] 1 when mode holds the CRTC's mode. Offset 32, u32.</summary>
    public uint ModeValid;

    /// <summary>[out] The CRTC's mode. Offset 36, struct drm_mode_modeinfo.</summary>
    public DrmModeModeInfo Mode;

    public static AbiStructLayout Layout { get; } = new("drm_mode_crtc", Size,
    [
        new("set_connectors_ptr", 0, 8),
        new("count_connectors", 8, 4),
        new("crtc_id", 12, 4),
        new("fb_id", 16, 4),
        new("x", 20, 4),
        new("y", 24, 4),
        new("gamma_size", 28, 4),
        new("mode_valid", 32, 4),
        new("mode", 36, 68),
    ], AbiSource.DrmHeader);

    public static DrmModeCrtc Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmModeCrtc
        {
            SetConnectorsPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[0..]),
            CountConnectors = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            CrtcId = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            FbId = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
            X = BinaryPrimitives.ReadUInt32LittleEndian(source[20..]),
            Y = BinaryPrimitives.ReadUInt32LittleEndian(source[24..]),
            GammaSize = BinaryPrimitives.ReadUInt32LittleEndian(source[28..]),
            ModeValid = BinaryPrimitives.ReadUInt32LittleEndian(source[32..]),
            Mode = DrmModeModeInfo.Read(source.Slice(36, DrmModeModeInfo.Size)),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[0..], SetConnectorsPtr);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], CountConnectors);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], CrtcId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], FbId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], X);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], Y);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], GammaSize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[32..], ModeValid);
        Mode.Write(destination.Slice(36, DrmModeModeInfo.Size));
    }
}
