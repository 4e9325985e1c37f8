using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_dev_query (16 bytes): The argument of DRM_IOCTL_PANTHOR_DEV_QUERY.
/// </summary>
public struct DrmPanthorDevQuery : IUapiStruct<DrmPanthorDevQuery>
{
    public const int Size = 16;

    /// <summary><c>type</c>: The query type (DRM_PANTHOR_DEV_QUERY_*). Offset 0, u32.</summary>
    public uint Type;

    /// <summary><c>size</c>: [in/out] Size of the buffer at pointer; the actual structure size on return when pointer is 0, else the bytes copied. Offset 4, u32.</summary>
    public uint QuerySize;

    /// <summary><c>pointer</c>: User pointer to the query struct, or 0 to learn its size. Offset 8, u64.</summary>
    public ulong Data;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_dev_query", Size,
    [
        new("type", 0, 4),
        new("size", 4, 4),
        new("pointer", 8, 8),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorDevQuery Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorDevQuery
        {
            Type = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            QuerySize = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            Data = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], Type);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], QuerySize);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Data);
    }
}
