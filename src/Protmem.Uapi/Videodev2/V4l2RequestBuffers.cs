using System.Buffers.Binary;

namespace Protmem.Uapi.Videodev2;

/// <summary>struct v4l2_requestbuffers (20 bytes): VIDIOC_REQBUFS's argument.</summary>
public struct V4l2RequestBuffers : IUapiStruct<V4l2RequestBuffers>
{
    public const int Size = 20;

    /// <summary>[in/out] Buffers wanted; out, buffers allocated (0 frees them all). Offset 0, u32.</summary>
    public uint Count;

    /// <summary>[in] The buffer type. Offset 4, u32.</summary>
    public uint Type;

    /// <summary>[in] V4L2_MEMORY_*. Offset 8, u32.</summary>
    public uint Memory;

    /// <summary>[out] V4L2_BUF_CAP_*. Offset 12, u32.</summary>
    public uint Capabilities;

    /// <summary>[in] V4L2_MEMORY_FLAG_* (the proposed RESTRICTED among them). Offset 16, u8.</summary>
    public byte Flags;

    public static AbiStructLayout Layout { get; } = new("v4l2_requestbuffers", Size,
    [
        new("count", 0, 4),
        new("type", 4, 4),
        new("memory", 8, 4),
        new("capabilities", 12, 4),
        new("flags", 16, 1),
    ]);

    public static V4l2RequestBuffers Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new V4l2RequestBuffers
        {
            Count = BinaryPrimitives.ReadUInt32LittleEndian(source),
            Type = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            Memory = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            Capabilities = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            Flags = source[16],
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Count);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Type);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Memory);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Capabilities);
        destination[16] = Flags;
    }
}
