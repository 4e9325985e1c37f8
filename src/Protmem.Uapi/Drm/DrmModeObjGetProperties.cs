using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>struct drm_mode_obj_get_properties (32 bytes): DRM_IOCTL_MODE_OBJ_GETPROPERTIES's argument: an object's property ids and values.</summary>
public struct DrmModeObjGetProperties : IUapiStruct<DrmModeObjGetProperties>
{
    public const int Size = 32;

    /// <summary>[in] User array for u32 property ids. Offset 0, u64.</summary>
    public ulong PropsPtr;

    /// <summary>[in] User array for u64 values. Offset 8, u64.</summary>
    public ulong PropValuesPtr;

    /// <summary>[in/out] Array size in; count out. Offset 16, u32.</summary>
    public uint CountProps;

    /// <summary>[in] The object. Offset 20, u32.</summary>
    public uint ObjId;

    /// <summary>[in] DRM_MODE_OBJECT_* or DRM_MODE_OBJECT_ANY (0). Offset 24, u32.</summary>
    public uint ObjType;

    public static AbiStructLayout Layout { get; } = new("drm_mode_obj_get_properties", Size,
    [
        new("props_ptr", 0, 8),
        new("prop_values_ptr", 8, 8),
        new("count_props", 16, 4),
        new("obj_id", 20, 4),
        new("obj_type", 24, 4),
    ], AbiSource.DrmHeader);

    public static DrmModeObjGetProperties Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        var value = new DrmModeObjGetProperties();
        value.PropsPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[0..]);
        value.PropValuesPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]);
        value.CountProps = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]);
        value.ObjId = BinaryPrimitives.ReadUInt32LittleEndian(source[20..]);
        value.ObjType = BinaryPrimitives.ReadUInt32LittleEndian(source[24..]);
        return value;
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[0..], PropsPtr);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], PropValuesPtr);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], CountProps);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], ObjId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], ObjType);
    }
}
