using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>struct drm_mode_atomic (56 bytes): DRM_IOCTL_MODE_ATOMIC's argument: objects, their property counts, property ids and values, all in user arrays.</summary>
public struct DrmModeAtomic : IUapiStruct<DrmModeAtomic>
{
    public const int Size = 56;

    /// <summary>[in] DRM_MODE_ATOMIC_* / DRM_MODE_PAGE_FLIP_*. Offset 0, u32.</summary>
    public uint Flags;

    /// <summary>[in] Objects in objs_ptr. Offset 4, u32.</summary>
    public uint CountObjs;

    /// <summary>[in] User array of u32 object ids. Offset 8, u64.</summary>
    public ulong ObjsPtr;

    /// <summary>[in] User array of u32 property counts, one per object. Offset 16, u64.</summary>
    public ulong CountPropsPtr;

    /// <summary>[in] User array of u32 property ids. Offset 24, u64.</summary>
    public ulong PropsPtr;

    /// <summary>[in] User array of u64 property values. Offset 32, u64.</summary>
    public ulong PropValuesPtr;

    /// <summary>[in] Must be 0. Offset 40, u64.</summary>
    public ulong Reserved;

    /// <summary>[in] Returned in the page-flip event. Offset 48, u64.</summary>
    public ulong UserData;

    public static AbiStructLayout Layout { get; } = new("drm_mode_atomic", Size,
    [
        new("flags", 0, 4),
        new("count_objs", 4, 4),
        new("objs_ptr", 8, 8),
        new("count_props_ptr", 16, 8),
        new("props_ptr", 24, 8),
        new("prop_values_ptr", 32, 8),
        new("reserved", 40, 8),
        new("user_data", 48, 8),
    ], AbiSource.DrmHeader);

    public static DrmModeAtomic Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        var value = new DrmModeAtomic();
        value.Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]);
        value.CountObjs = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
        value.ObjsPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]);
        value.CountPropsPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[16..]);
        value.PropsPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[24..]);
        value.PropValuesPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[32..]);
        value.Reserved = BinaryPrimitives.ReadUInt64LittleEndian(source[40..]);
        value.UserData = BinaryPrimitives.ReadUInt64LittleEndian(source[48..]);
        return value;
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], CountObjs);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], ObjsPtr);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], CountPropsPtr);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], PropsPtr);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[32..], PropValuesPtr);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[40..], Reserved);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[48..], UserData);
    }
}
