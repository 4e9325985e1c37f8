using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>struct drm_mode_get_property (64 bytes): DRM_IOCTL_MODE_GETPROPERTY's argument: a property's name and flags (values and enums are not modelled: counts 0).</summary>
public struct DrmModeGetProperty : IUapiStruct<DrmModeGetProperty>
{
    public const int Size = 64;

    /// <summary>[in] User array for values. Offset 0, u64.</summary>
    public ulong ValuesPtr;

    /// <summary>[in] User array for enum entries. Offset 8, u64.</summary>
    public ulong EnumBlobPtr;

    /// <summary>[in] The property. Offset 16, u32.</summary>
    public uint PropId;

    /// <summary>[out] DRM_MODE_PROP_*. Offset 20, u32.</summary>
    public uint Flags;

    /// <summary>[out] The property's name. Offset 24, char[32].</summary>
    public string Name;

    /// <summary>[in/out] Array size in; count out. Offset 56, u32.</summary>
    public uint CountValues;

    /// <summary>[in/out] Array size in; count out. Offset 60, u32.</summary>
    public uint CountEnumBlobs;

    public static AbiStructLayout Layout { get; } = new("drm_mode_get_property", Size,
    [
        new("values_ptr", 0, 8),
        new("enum_blob_ptr", 8, 8),
        new("prop_id", 16, 4),
        new("flags", 20, 4),
        new("name", 24, 32),
        new("count_values", 56, 4),
        new("count_enum_blobs", 60, 4),
    ], AbiSource.DrmHeader);

    public static DrmModeGetProperty Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        var value = new DrmModeGetProperty();
        value.ValuesPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[0..]);
        value.EnumBlobPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]);
        value.PropId = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]);
        value.Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[20..]);
        value.Name = UapiBytes.ReadCString(source.Slice(24, 32));
        value.CountValues = BinaryPrimitives.ReadUInt32LittleEndian(source[56..]);
        value.CountEnumBlobs = BinaryPrimitives.ReadUInt32LittleEndian(source[60..]);
        return value;
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[0..], ValuesPtr);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], EnumBlobPtr);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], PropId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], Flags);
        UapiBytes.WriteCString(destination.Slice(24, 32), Name);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[56..], CountValues);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[60..], CountEnumBlobs);
    }
}
