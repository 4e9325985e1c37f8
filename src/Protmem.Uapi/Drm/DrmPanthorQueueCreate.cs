using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_queue_create (8 bytes): One queue of a GROUP_CREATE.
/// </summary>
public struct DrmPanthorQueueCreate : IUapiStruct<DrmPanthorQueueCreate>
{
    public const int Size = 8;

    /// <summary><c>priority</c>: Priority inside the group, 0..15. Offset 0, u8.</summary>
    public byte Priority;

    /// <summary><c>ringbuf_size</c>: Ring buffer bytes (a power of two, 4 KiB..64 KiB). Offset 4, u32.</summary>
    public uint RingbufSize;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_queue_create", Size,
    [
        new("priority", 0, 1),
        new("ringbuf_size", 4, 4),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorQueueCreate Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorQueueCreate
        {
            Priority = source[0],
            RingbufSize = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        destination[0] = Priority;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], RingbufSize);
    }
}
