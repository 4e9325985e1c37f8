using System.Buffers.Binary;

namespace Protmem.Uapi.Videodev2;

/// <summary>
/// struct v4l2_create_buffers (256 bytes): VIDIOC_CREATE_BUFS's argument. The format is a whole
/// <see cref="V4l2Format"/> at offset 16 (v4l2_format is 8-byte aligned). Linux 6.10 named the first
/// reserved word max_num_buffers; the model does not fill it (it stays zero, as an older kernel leaves it).
/// </summary>
public struct V4l2CreateBuffers : IUapiStruct<V4l2CreateBuffers>
{
    public const int Size = 256;

    /// <summary>Offset of the embedded struct v4l2_format.</summary>
    public const int FormatOffset = 16;

    /// <summary>[out] The index of the first buffer created. Offset 0, u32.</summary>
    public uint Index;

    /// <summary>[in/out] Buffers wanted; out, buffers created (0 only asks for the capabilities). Offset 4, u32.</summary>
    public uint Count;

    /// <summary>[in] V4L2_MEMORY_*. Offset 8, u32.</summary>
    public uint Memory;

    /// <summary>[in] The format the buffers must hold (its type names the queue; its sizeimage the plane size). Offset 16.</summary>
    public V4l2Format Format;

    /// <summary>[out] V4L2_BUF_CAP_*. Offset 224, u32.</summary>
    public uint Capabilities;

    /// <summary>[in] V4L2_MEMORY_FLAG_* (the proposed RESTRICTED among them). Offset 228, u32.</summary>
    public uint Flags;

    public static AbiStructLayout Layout { get; } = new("v4l2_create_buffers", Size,
    [
        new("index", 0, 4),
        new("count", 4, 4),
        new("memory", 8, 4),
        new("format", FormatOffset, V4l2Format.Size),
        new("capabilities", 224, 4),
        new("flags", 228, 4),
    ]);

    public static V4l2CreateBuffers Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new V4l2CreateBuffers
        {
            Index = BinaryPrimitives.ReadUInt32LittleEndian(source),
            Count = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            Memory = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            Format = V4l2Format.Read(source.Slice(FormatOffset, V4l2Format.Size)),
            Capabilities = BinaryPrimitives.ReadUInt32LittleEndian(source[224..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[228..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Index);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Count);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Memory);
        Format.Write(destination.Slice(FormatOffset, V4l2Format.Size));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[224..], Capabilities);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[228..], Flags);
    }
}
