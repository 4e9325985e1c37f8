using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>struct drm_mode_property_enum (40 bytes; the C# name avoids an "Enum" suffix): one value of an enum property, as GETPROPERTY copies them to enum_blob_ptr.</summary>
public struct DrmModePropertyEnumValue : IUapiStruct<DrmModePropertyEnumValue>
{
    public const int Size = 40;

    /// <summary>[out] The value. Offset 0, u64.</summary>
    public ulong Value;

    /// <summary>[out] Its name. Offset 8, char[32].</summary>
    public string Name;

    public static AbiStructLayout Layout { get; } = new("drm_mode_property_enum", Size,
    [
        new("value", 0, 8),
        new("name", 8, 32),
    ], AbiSource.DrmHeader);

    public static DrmModePropertyEnumValue Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmModePropertyEnumValue
        {
            Value = BinaryPrimitives.ReadUInt64LittleEndian(source[0..]),
            Name = UapiBytes.ReadCString(source.Slice(8, 32)),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[0..], Value);
        UapiBytes.WriteCString(destination.Slice(8, 32), Name);
    }
}
