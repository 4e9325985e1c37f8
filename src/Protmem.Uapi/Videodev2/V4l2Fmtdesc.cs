using System.Buffers.Binary;

namespace Protmem.Uapi.Videodev2;

/// <summary>struct v4l2_fmtdesc (64 bytes): VIDIOC_ENUM_FMT's argument.</summary>
public struct V4l2Fmtdesc : IUapiStruct<V4l2Fmtdesc>
{
    public const int Size = 64;

    /// <summary>[in] The format's index. Offset 0, u32.</summary>
    public uint Index;

    /// <summary>[in] The buffer type (enum v4l2_buf_type). Offset 4, u32.</summary>
    public uint Type;

    /// <summary>[out] V4L2_FMT_FLAG_*. Offset 8, u32.</summary>
    public uint Flags;

    /// <summary>[out] A description. Offset 12, u8[32].</summary>
    public string Description;

    /// <summary>[out] The fourcc. Offset 44, u32.</summary>
    public uint Pixelformat;

    /// <summary>[in] The media bus code to filter by (0: none). Offset 48, u32.</summary>
    public uint MbusCode;

    public static AbiStructLayout Layout { get; } = new("v4l2_fmtdesc", Size,
    [
        new("index", 0, 4),
        new("type", 4, 4),
        new("flags", 8, 4),
        new("pixelformat", 44, 4),
        new("mbus_code", 48, 4),
    ]);

    public static V4l2Fmtdesc Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new V4l2Fmtdesc
        {
            Index = BinaryPrimitives.ReadUInt32LittleEndian(source),
            Type = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            Description = UapiBytes.ReadCString(source[12..44]),
            Pixelformat = BinaryPrimitives.ReadUInt32LittleEndian(source[44..]),
            MbusCode = BinaryPrimitives.ReadUInt32LittleEndian(source[48..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Index);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Type);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Flags);
        UapiBytes.WriteCString(destination[12..44], Description);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[44..], Pixelformat);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[48..], MbusCode);
    }
}
