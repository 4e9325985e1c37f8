using System.Buffers.Binary;

namespace Protmem.Uapi.Videodev2;

/// <summary>
/// struct v4l2_buffer (88 bytes): QUERYBUF / QBUF / DQBUF's argument. For the multi-planar types
/// <see cref="M"/> is <c>m.planes</c> (a user pointer to <see cref="Length"/> struct v4l2_plane).
/// </summary>
public struct V4l2Buffer : IUapiStruct<V4l2Buffer>
{
    public const int Size = 88;

    /// <summary>[in/out] The buffer's index in its queue. Offset 0, u32.</summary>
    public uint Index;

    /// <summary>[in] The buffer type. Offset 4, u32.</summary>
    public uint Type;

    /// <summary>[in/out] Bytes used (single-planar only; the planes carry theirs). Offset 8, u32.</summary>
    public uint BytesUsed;

    /// <summary>[in/out] V4L2_BUF_FLAG_*. Offset 12, u32.</summary>
    public uint Flags;

    /// <summary>[in/out] V4L2_FIELD_*. Offset 16, u32.</summary>
    public uint Field;

    /// <summary>[in/out] timestamp.tv_sec (copied from OUTPUT to CAPTURE by an m2m decoder). Offset 24, s64.</summary>
    public long TimestampSec;

    /// <summary>[in/out] timestamp.tv_usec. Offset 32, s64.</summary>
    public long TimestampUsec;

    /// <summary>[out] The frame's sequence number. Offset 56, u32.</summary>
    public uint Sequence;

    /// <summary>[in] V4L2_MEMORY_*. Offset 60, u32.</summary>
    public uint Memory;

    /// <summary>[in] m.planes: the user address of the plane array. Offset 64, u64.</summary>
    public ulong M;

    /// <summary>[in/out] The number of entries in the plane array. Offset 72, u32.</summary>
    public uint Length;

    public static AbiStructLayout Layout { get; } = new("v4l2_buffer", Size,
    [
        new("index", 0, 4),
        new("type", 4, 4),
        new("bytesused", 8, 4),
        new("flags", 12, 4),
        new("field", 16, 4),
        new("timestamp", 24, 16),
        new("timecode", 40, 16),
        new("sequence", 56, 4),
        new("memory", 60, 4),
        new("m", 64, 8),
        new("length", 72, 4),
        new("reserved2", 76, 4),
        new("request_fd", 80, 4),
    ]);

    public static V4l2Buffer Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new V4l2Buffer
        {
            Index = BinaryPrimitives.ReadUInt32LittleEndian(source),
            Type = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            BytesUsed = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            Field = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
            TimestampSec = BinaryPrimitives.ReadInt64LittleEndian(source[24..]),
            TimestampUsec = BinaryPrimitives.ReadInt64LittleEndian(source[32..]),
            Sequence = BinaryPrimitives.ReadUInt32LittleEndian(source[56..]),
            Memory = BinaryPrimitives.ReadUInt32LittleEndian(source[60..]),
            M = BinaryPrimitives.ReadUInt64LittleEndian(source[64..]),
            Length = BinaryPrimitives.ReadUInt32LittleEndian(source[72..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Index);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Type);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], BytesUsed);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Field);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], TimestampSec);
        BinaryPrimitives.WriteInt64LittleEndian(destination[32..], TimestampUsec);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[56..], Sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[60..], Memory);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[64..], M);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[72..], Length);
    }
}
