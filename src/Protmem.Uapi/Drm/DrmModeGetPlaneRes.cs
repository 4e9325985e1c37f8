using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>struct drm_mode_get_plane_res (16 bytes): DRM_IOCTL_MODE_GETPLANERESOURCES's argument: the plane ids.</summary>
public struct DrmModeGetPlaneRes : IUapiStruct<DrmModeGetPlaneRes>
{
    public const int Size = 16;

    /// <summary>[in] User array for plane ids. Offset 0, u64.</summary>
    public ulong PlaneIdPtr;

    /// <summary>[in/out] Array size in; count out. Offset 8, u32.</summary>
    public uint CountPlanes;

    public static AbiStructLayout Layout { get; } = new("drm_mode_get_plane_res", Size,
    [
        new("plane_id_ptr", 0, 8),
        new("count_planes", 8, 4),
    ], AbiSource.DrmHeader);

    public static DrmModeGetPlaneRes Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        var value = new DrmModeGetPlaneRes();
        value.PlaneIdPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[0..]);
        value.CountPlanes = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]);
        return value;
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[0..], PlaneIdPtr);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], CountPlanes);
    }
}
