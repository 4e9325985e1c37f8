using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_queue_submit (40 bytes): One queue submission of a GROUP_SUBMIT: the user command stream to call.
/// </summary>
public struct DrmPanthorQueueSubmit : IUapiStruct<DrmPanthorQueueSubmit>
{
    public const int Size = 40;

    /// <summary><c>queue_index</c>: The queue in the group. Offset 0, u32.</summary>
    public uint QueueIndex;

    /// <summary><c>stream_size</c>: Stream bytes (a multiple of 8; 0 with stream_addr 0: a sync point). Offset 4, u32.</summary>
    public uint StreamSize;

    /// <summary><c>stream_addr</c>: GPU address of the stream (64-byte aligned). Offset 8, u64.</summary>
    public ulong StreamAddr;

    /// <summary><c>latest_flush</c>: FLUSH_ID when the stream was built. Offset 16, u32.</summary>
    public uint LatestFlush;

    /// <summary><c>pad</c>: MBZ. Offset 20, u32.</summary>
    public uint Pad;

    /// <summary><c>syncs</c>: drm_panthor_sync_op array. Offset 24, obj.</summary>
    public DrmPanthorObjArray Syncs;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_queue_submit", Size,
    [
        new("queue_index", 0, 4),
        new("stream_size", 4, 4),
        new("stream_addr", 8, 8),
        new("latest_flush", 16, 4),
        new("pad", 20, 4),
        new("syncs", 24, 16),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorQueueSubmit Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorQueueSubmit
        {
            QueueIndex = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            StreamSize = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            StreamAddr = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
            LatestFlush = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[20..]),
            Syncs = DrmPanthorObjArray.Read(source[24..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], QueueIndex);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], StreamSize);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], StreamAddr);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], LatestFlush);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], Pad);
        Syncs.Write(destination[24..]);
    }
}
