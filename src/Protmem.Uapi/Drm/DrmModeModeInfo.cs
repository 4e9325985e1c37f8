using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>struct drm_mode_modeinfo (68 bytes): a display mode (timings in pixels and lines, the pixel clock in kHz); the payload of a MODE_ID blob.</summary>
public struct DrmModeModeInfo : IUapiStruct<DrmModeModeInfo>
{
    public const int Size = 68;

    /// <summary>[in/out] Pixel clock in kHz. Offset 0, u32.</summary>
    public uint Clock;

    /// <summary>[in/out] Visible pixels per line. Offset 4, u16.</summary>
    public ushort HDisplay;

    /// <summary>[in/out] Horizontal sync start. Offset 6, u16.</summary>
    public ushort HSyncStart;

    /// <summary>[in/out] Horizontal sync end. Offset 8, u16.</summary>
    public ushort HSyncEnd;

    /// <summary>[in/out] Pixels per line, blanking included. Offset 10, u16.</summary>
    public ushort HTotal;

    /// <summary>[in/out] Horizontal skew. Offset 12, u16.</summary>
    public ushort HSkew;

    /// <summary>[in/out] Visible lines. Offset 14, u16.</summary>
    public ushort VDisplay;

    /// <summary>[in/out] Vertical sync start. Offset 16, u16.</summary>
    public ushort VSyncStart;

    /// <summary>[in/out] Vertical sync end. Offset 18, u16.</summary>
    public ushort VSyncEnd;

    /// <summary>[in/out] Lines per frame, blanking included. Offset 20, u16.</summary>
    public ushort VTotal;

    /// <summary>[in/out] Vertical scan. Offset 22, u16.</summary>
    public ushort VScan;

    /// <summary>[in/out] Refresh rate in Hz. Offset 24, u32.</summary>
    public uint VRefresh;

    /// <summary>[in/out] DRM_MODE_FLAG_*. Offset 28, u32.</summary>
    public uint Flags;

    /// <summary>[in/out] DRM_MODE_TYPE_*. Offset 32, u32.</summary>
    public uint Type;

    /// <summary>[in/out] The mode's name ("1920x1080"). Offset 36, char[32].</summary>
    public string Name;

    public static AbiStructLayout Layout { get; } = new("drm_mode_modeinfo", Size,
    [
        new("clock", 0, 4),
        new("hdisplay", 4, 2),
        new("hsync_start", 6, 2),
        new("hsync_end", 8, 2),
        new("htotal", 10, 2),
        new("hskew", 12, 2),
        new("vdisplay", 14, 2),
        new("vsync_start", 16, 2),
        new("vsync_end", 18, 2),
        new("vtotal", 20, 2),
        new("vscan", 22, 2),
        new("vrefresh", 24, 4),
        new("flags", 28, 4),
        new("type", 32, 4),
        new("name", 36, 32),
    ], AbiSource.DrmHeader);

    public static DrmModeModeInfo Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmModeModeInfo
        {
            Clock = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            HDisplay = BinaryPrimitives.ReadUInt16LittleEndian(source[4..]),
            HSyncStart = BinaryPrimitives.ReadUInt16LittleEndian(source[6..]),
            HSyncEnd = BinaryPrimitives.ReadUInt16LittleEndian(source[8..]),
            HTotal = BinaryPrimitives.ReadUInt16LittleEndian(source[10..]),
            HSkew = BinaryPrimitives.ReadUInt16LittleEndian(source[12..]),
            VDisplay = BinaryPrimitives.ReadUInt16LittleEndian(source[14..]),
            VSyncStart = BinaryPrimitives.ReadUInt16LittleEndian(source[16..]),
            VSyncEnd = BinaryPrimitives.ReadUInt16LittleEndian(source[18..]),
            VTotal = BinaryPrimitives.ReadUInt16LittleEndian(source[20..]),
            VScan = BinaryPrimitives.ReadUInt16LittleEndian(source[22..]),
            VRefresh = BinaryPrimitives.ReadUInt32LittleEndian(source[24..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[28..]),
            Type = BinaryPrimitives.ReadUInt32LittleEndian(source[32..]),
            Name = UapiBytes.ReadCString(source.Slice(36, 32)),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], Clock);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], HDisplay);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], HSyncStart);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], HSyncEnd);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], HTotal);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[12..], HSkew);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[14..], VDisplay);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[16..], VSyncStart);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[18..], VSyncEnd);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[20..], VTotal);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[22..], VScan);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], VRefresh);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[32..], Type);
        UapiBytes.WriteCString(destination.Slice(36, 32), Name);
    }
}
