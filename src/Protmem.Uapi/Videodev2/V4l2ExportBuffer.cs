using System.Buffers.Binary;

namespace Protmem.Uapi.Videodev2;

/// <summary>struct v4l2_exportbuffer (64 bytes): VIDIOC_EXPBUF's argument (a dma-buf fd for an MMAP buffer's plane).</summary>
public struct V4l2ExportBuffer : IUapiStruct<V4l2ExportBuffer>
{
    public const int Size = 64;

    /// <summary>[in] The buffer type. Offset 0, u32.</summary>
    public uint Type;

    /// <summary>[in] The buffer's index. Offset 4, u32.</summary>
    public uint Index;

    /// <summary>[in] The plane. Offset 8, u32.</summary>
    public uint Plane;

    /// <summary>[in] O_CLOEXEC, O_RDONLY/O_WRONLY/O_RDWR for the new fd. Offset 12, u32.</summary>
    public uint Flags;

    /// <summary>[out] The dma-buf fd. Offset 16, s32.</summary>
    public int Fd;

    public static AbiStructLayout Layout { get; } = new("v4l2_exportbuffer", Size,
    [
        new("type", 0, 4),
        new("index", 4, 4),
        new("plane", 8, 4),
        new("flags", 12, 4),
        new("fd", 16, 4),
    ]);

    public static V4l2ExportBuffer Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new V4l2ExportBuffer
        {
            Type = BinaryPrimitives.ReadUInt32LittleEndian(source),
            Index = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            Plane = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            Fd = BinaryPrimitives.ReadInt32LittleEndian(source[16..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Type);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Index);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Plane);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Flags);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], Fd);
    }
}
