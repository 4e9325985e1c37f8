using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>struct drm_mode_get_connector (80 bytes): DRM_IOCTL_MODE_GETCONNECTOR's argument: a connector, its encoders, modes and properties.</summary>
public struct DrmModeGetConnector : IUapiStruct<DrmModeGetConnector>
{
    public const int Size = 80;

    /// <summary>[in] User array of u32 encoder ids. Offset 0, u64.</summary>
    public ulong EncodersPtr;

    /// <summary>[in] User array of struct drm_mode_modeinfo. Offset 8, u64.</summary>
    public ulong ModesPtr;

    /// <summary>[in] User array of u32 property ids. Offset 16, u64.</summary>
    public ulong PropsPtr;

    /// <summary>[in] User array of u64 property values. Offset 24, u64.</summary>
    public ulong PropValuesPtr;

    /// <summary>[in/out] Array size in (0 probes the connector); modes out. Offset 32, u32.</summary>
    public uint CountModes;

    /// <summary>[in/out] Array size in; properties out. Offset 36, u32.</summary>
    public uint CountProps;

    /// <summary>[in/out] Array size in; encoders out. Offset 40, u32.</summary>
    public uint CountEncoders;

    /// <summary>[out] The current encoder, or 0. Offset 44, u32.</summary>
    public uint EncoderId;

    /// <summary>[in] The connector's object id. Offset 48, u32.</summary>
    public uint ConnectorId;

    /// <summary>[out] DRM_MODE_CONNECTOR_*. Offset 52, u32.</summary>
    public uint ConnectorType;

    /// <summary>[out] The number among connectors of its type, from 1. Offset 56, u32.</summary>
    public uint ConnectorTypeId;

    /// <summary>[out] 1 connected, 2 disconnected, 3 unknown. Offset 60, u32.</summary>
    public uint Connection;

    /// <summary>[out] The sink's width in millimetres. Offset 64, u32.</summary>
    public uint MmWidth;

    /// <summary>[out] The sink's height in millimetres. Offset 68, u32.</summary>
    public uint MmHeight;

    /// <summary>[out] enum subpixel_order. Offset 72, u32.</summary>
    public uint Subpixel;

    /// <summary>[out] Padding. Offset 76, u32.</summary>
    public uint Pad;

    public static AbiStructLayout Layout { get; } = new("drm_mode_get_connector", Size,
    [
        new("encoders_ptr", 0, 8),
        new("modes_ptr", 8, 8),
        new("props_ptr", 16, 8),
        new("prop_values_ptr", 24, 8),
        new("count_modes", 32, 4),
        new("count_props", 36, 4),
        new("count_encoders", 40, 4),
        new("encoder_id", 44, 4),
        new("connector_id", 48, 4),
        new("connector_type", 52, 4),
        new("connector_type_id", 56, 4),
        new("connection", 60, 4),
        new("mm_width", 64, 4),
        new("mm_height", 68, 4),
        new("subpixel", 72, 4),
        new("pad", 76, 4),
    ], AbiSource.DrmHeader);

    public static DrmModeGetConnector Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmModeGetConnector
        {
            EncodersPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[0..]),
            ModesPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
            PropsPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[16..]),
            PropValuesPtr = BinaryPrimitives.ReadUInt64LittleEndian(source[24..]),
            CountModes = BinaryPrimitives.ReadUInt32LittleEndian(source[32..]),
            CountProps = BinaryPrimitives.ReadUInt32LittleEndian(source[36..]),
            CountEncoders = BinaryPrimitives.ReadUInt32LittleEndian(source[40..]),
            EncoderId = BinaryPrimitives.ReadUInt32LittleEndian(source[44..]),
            ConnectorId = BinaryPrimitives.ReadUInt32LittleEndian(source[48..]),
            ConnectorType = BinaryPrimitives.ReadUInt32LittleEndian(source[52..]),
            ConnectorTypeId = BinaryPrimitives.ReadUInt32LittleEndian(source[56..]),
            Connection = BinaryPrimitives.ReadUInt32LittleEndian(source[60..]),
            MmWidth = BinaryPrimitives.ReadUInt32LittleEndian(source[64..]),
            MmHeight = BinaryPrimitives.ReadUInt32LittleEndian(source[68..]),
            Subpixel = BinaryPrimitives.ReadUInt32LittleEndian(source[72..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[76..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[0..], EncodersPtr);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], ModesPtr);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], PropsPtr);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], PropValuesPtr);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[32..], CountModes);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[36..], CountProps);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[40..], CountEncoders);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[44..], EncoderId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[48..], ConnectorId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[52..], ConnectorType);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[56..], ConnectorTypeId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[60..], Connection);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[64..], MmWidth);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[68..], MmHeight);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[72..], Subpixel);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[76..], Pad);
    }
}
