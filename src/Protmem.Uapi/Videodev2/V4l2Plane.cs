using System.Buffers.Binary;

namespace Protmem.Uapi.Videodev2;

/// <summary>struct v4l2_plane (64 bytes): one memory plane of a multi-planar buffer.</summary>
public struct V4l2Plane : IUapiStruct<V4l2Plane>
{
    public const int Size = 64;

    /// <summary>[in/out] Bytes of data in the plane (in for OUTPUT, out for CAPTURE). Offset 0, u32.</summary>
    public uint BytesUsed;

    /// <summary>[in/out] The plane's size. Offset 4, u32.</summary>
    public uint Length;

    /// <summary>[in] m.fd for V4L2_MEMORY_DMABUF (m.mem_offset for MMAP). Offset 8, s32 in a u64 union.</summary>
    public int Fd;

    /// <summary>[in/out] Where the data starts in the plane. Offset 16, u32.</summary>
    public uint DataOffset;

    public static AbiStructLayout Layout { get; } = new("v4l2_plane", Size,
    [
        new("bytesused", 0, 4),
        new("length", 4, 4),
        new("m.fd", 8, 4),
        new("data_offset", 16, 4),
    ]);

    public static V4l2Plane Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new V4l2Plane
        {
            BytesUsed = BinaryPrimitives.ReadUInt32LittleEndian(source),
            Length = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            Fd = BinaryPrimitives.ReadInt32LittleEndian(source[8..]),
            DataOffset = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, BytesUsed);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Length);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], Fd);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], DataOffset);
    }
}
