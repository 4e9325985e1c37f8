using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>struct drm_event_vblank (32 bytes): the event read(2) returns from a DRM fd when a commit with DRM_MODE_PAGE_FLIP_EVENT completes (base.type DRM_EVENT_FLIP_COMPLETE).</summary>
public struct DrmEventVblank : IUapiStruct<DrmEventVblank>
{
    public const int Size = 32;

    /// <summary>[out] DRM_EVENT_FLIP_COMPLETE or DRM_EVENT_VBLANK (struct drm_event). Offset 0, u32.</summary>
    public uint Type;

    /// <summary>[out] Bytes of the whole event, 32 (struct drm_event). Offset 4, u32.</summary>
    public uint Length;

    /// <summary>[out] The commit's user_data. Offset 8, u64.</summary>
    public ulong UserData;

    /// <summary>[out] Seconds of the vblank time (CLOCK_MONOTONIC). Offset 16, u32.</summary>
    public uint TvSec;

    /// <summary>[out] Microseconds of the vblank time. Offset 20, u32.</summary>
    public uint TvUsec;

    /// <summary>[out] The CRTC's vblank count. Offset 24, u32.</summary>
    public uint Sequence;

    /// <summary>[out] The CRTC that flipped. Offset 28, u32.</summary>
    public uint CrtcId;

    public static AbiStructLayout Layout { get; } = new("drm_event_vblank", Size,
    [
        new("base.type", 0, 4),
        new("base.length", 4, 4),
        new("user_data", 8, 8),
        new("tv_sec", 16, 4),
        new("tv_usec", 20, 4),
        new("sequence", 24, 4),
        new("crtc_id", 28, 4),
    ], AbiSource.DrmHeader);

    public static DrmEventVblank Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmEventVblank
        {
            Type = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            Length = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            UserData = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
            TvSec = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
            TvUsec = BinaryPrimitives.ReadUInt32LittleEndian(source[20..]),
            Sequence = BinaryPrimitives.ReadUInt32LittleEndian(source[24..]),
            CrtcId = BinaryPrimitives.ReadUInt32LittleEndian(source[28..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], Type);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Length);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], UserData);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], TvSec);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], TvUsec);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], Sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], CrtcId);
    }
}
