using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_sync_op (16 bytes): A synchronization operation of a queue submit or VM bind: wait on or signal a syncobj.
/// </summary>
public struct DrmPanthorSyncOp : IUapiStruct<DrmPanthorSyncOp>
{
    public const int Size = 16;

    /// <summary><c>flags</c>: Handle type (bits 7:0) and DRM_PANTHOR_SYNC_OP_SIGNAL (bit 31). Offset 0, u32.</summary>
    public uint Flags;

    /// <summary><c>handle</c>: The syncobj handle. Offset 4, u32.</summary>
    public uint Handle;

    /// <summary><c>timeline_value</c>: The timeline point; MBZ for a binary syncobj. Offset 8, u64.</summary>
    public ulong TimelineValue;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_sync_op", Size,
    [
        new("flags", 0, 4),
        new("handle", 4, 4),
        new("timeline_value", 8, 8),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorSyncOp Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorSyncOp
        {
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            Handle = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            TimelineValue = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Handle);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], TimelineValue);
    }
}
