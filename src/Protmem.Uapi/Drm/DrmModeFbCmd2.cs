using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>struct drm_mode_fb_cmd2 (104 bytes): DRM_IOCTL_MODE_ADDFB2's argument: a framebuffer over up to four GEM handles (one per format plane).</summary>
public struct DrmModeFbCmd2 : IUapiStruct<DrmModeFbCmd2>
{
    public const int Size = 104;

    /// <summary>[out] The new framebuffer's id. Offset 0, u32.</summary>
    public uint FbId;

    /// <summary>[in] Width in pixels. Offset 4, u32.</summary>
    public uint Width;

    /// <summary>[in] Height in pixels. Offset 8, u32.</summary>
    public uint Height;

    /// <summary>[in] The DRM fourcc (drm_fourcc.h). Offset 12, u32.</summary>
    public uint PixelFormat;

    /// <summary>[in] DRM_MODE_FB_INTERLACED / DRM_MODE_FB_MODIFIERS. Offset 16, u32.</summary>
    public uint Flags;

    /// <summary>[in] The GEM handle of each plane. Offset 20, u32[4].</summary>
    public uint[] Handles;

    /// <summary>[in] Bytes per row of each plane. Offset 36, u32[4].</summary>
    public uint[] Pitches;

    /// <summary>[in] Where each plane starts in its object. Offset 52, u32[4].</summary>
    public uint[] Offsets;

    /// <summary>[in] Each plane's format modifier (with DRM_MODE_FB_MODIFIERS). Offset 72, u64[4].</summary>
    public ulong[] Modifier;

    public static AbiStructLayout Layout { get; } = new("drm_mode_fb_cmd2", Size,
    [
        new("fb_id", 0, 4),
        new("width", 4, 4),
        new("height", 8, 4),
        new("pixel_format", 12, 4),
        new("flags", 16, 4),
        new("handles[0]", 20, 4),
        new("handles[1]", 24, 4),
        new("handles[2]", 28, 4),
        new("handles[3]", 32, 4),
        new("pitches[0]", 36, 4),
        new("pitches[1]", 40, 4),
        new("pitches[2]", 44, 4),
        new("pitches[3]", 48, 4),
        new("offsets[0]", 52, 4),
        new("offsets[1]", 56, 4),
        new("offsets[2]", 60, 4),
        new("offsets[3]", 64, 4),
        new("modifier[0]", 72, 8),
        new("modifier[1]", 80, 8),
        new("modifier[2]", 88, 8),
        new("modifier[3]", 96, 8),
    ], AbiSource.DrmHeader);

    public static DrmModeFbCmd2 Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        var value = new DrmModeFbCmd2();
        value.FbId = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]);
        value.Width = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
        value.Height = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]);
        value.PixelFormat = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]);
        value.Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]);
        value.Handles = new uint[4];
        for (var i = 0; i < 4; i++)
        {
            value.Handles[i] = BinaryPrimitives.ReadUInt32LittleEndian(source[(20 + (4 * i))..]);
        }

        value.Pitches = new uint[4];
        for (var i = 0; i < 4; i++)
        {
            value.Pitches[i] = BinaryPrimitives.ReadUInt32LittleEndian(source[(36 + (4 * i))..]);
        }

        value.Offsets = new uint[4];
        for (var i = 0; i < 4; i++)
        {
            value.Offsets[i] = BinaryPrimitives.ReadUInt32LittleEndian(source[(52 + (4 * i))..]);
        }

        value.Modifier = new ulong[4];
        for (var i = 0; i < 4; i++)
        {
            value.Modifier[i] = BinaryPrimitives.ReadUInt64LittleEndian(source[(72 + (8 * i))..]);
        }

        return value;
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], FbId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Width);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Height);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], PixelFormat);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Flags);
        for (var i = 0; i < 4 && Handles is not null && i < Handles.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(20 + (4 * i))..], Handles[i]);
        }

        for (var i = 0; i < 4 && Pitches is not null && i < Pitches.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(36 + (4 * i))..], Pitches[i]);
        }

        for (var i = 0; i < 4 && Offsets is not null && i < Offsets.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(52 + (4 * i))..], Offsets[i]);
        }

        for (var i = 0; i < 4 && Modifier is not null && i < Modifier.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[(72 + (8 * i))..], Modifier[i]);
        }

    }
}
