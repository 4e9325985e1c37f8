using System.Buffers.Binary;

namespace Protmem.Uapi.Videodev2;

/// <summary>struct v4l2_capability (104 bytes): VIDIOC_QUERYCAP's answer.</summary>
public struct V4l2Capability : IUapiStruct<V4l2Capability>
{
    public const int Size = 104;

    /// <summary>[out] The driver's name. Offset 0, u8[16].</summary>
    public string Driver;

    /// <summary>[out] The device's name. Offset 16, u8[32].</summary>
    public string Card;

    /// <summary>[out] Where the device sits ("platform:..."). Offset 48, u8[32].</summary>
    public string BusInfo;

    /// <summary>[out] KERNEL_VERSION of the driver. Offset 80, u32.</summary>
    public uint Version;

    /// <summary>[out] Capabilities of the physical device. Offset 84, u32.</summary>
    public uint Capabilities;

    /// <summary>[out] Capabilities of this node. Offset 88, u32.</summary>
    public uint DeviceCaps;

    public static AbiStructLayout Layout { get; } = new("v4l2_capability", Size,
    [
        new("driver", 0, 16),
        new("card", 16, 32),
        new("bus_info", 48, 32),
        new("version", 80, 4),
        new("capabilities", 84, 4),
        new("device_caps", 88, 4),
    ]);

    public static V4l2Capability Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new V4l2Capability
        {
            Driver = UapiBytes.ReadCString(source[..16]),
            Card = UapiBytes.ReadCString(source[16..48]),
            BusInfo = UapiBytes.ReadCString(source[48..80]),
            Version = BinaryPrimitives.ReadUInt32LittleEndian(source[80..]),
            Capabilities = BinaryPrimitives.ReadUInt32LittleEndian(source[84..]),
            DeviceCaps = BinaryPrimitives.ReadUInt32LittleEndian(source[88..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        UapiBytes.WriteCString(destination[..16], Driver);
        UapiBytes.WriteCString(destination[16..48], Card);
        UapiBytes.WriteCString(destination[48..80], BusInfo);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[80..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[84..], Capabilities);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[88..], DeviceCaps);
    }
}
