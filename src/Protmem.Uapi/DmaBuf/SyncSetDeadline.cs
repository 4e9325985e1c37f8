using System.Buffers.Binary;

namespace Protmem.Uapi.DmaBuf;

/// <summary>struct sync_set_deadline (16 bytes): the argument of SYNC_IOC_SET_DEADLINE.</summary>
public struct SyncSetDeadline : IUapiStruct<SyncSetDeadline>
{
    public const int Size = 16;

    private const int DeadlineNsOffset = 0;
    private const int PadOffset = 8;

    /// <summary>[in] When the waiter wants the fence signaled (absolute CLOCK_MONOTONIC ns): a hint to the driver. Offset 0, u64.</summary>
    public ulong DeadlineNs;

    /// <summary>[in] Must be 0 (EINVAL otherwise). Offset 8, u64.</summary>
    public ulong Pad;

    public static AbiStructLayout Layout { get; } = new("sync_set_deadline", Size,
    [
        new("deadline_ns", DeadlineNsOffset, 8),
        new("pad", PadOffset, 8),
    ], AbiSource.Linux618);

    public static SyncSetDeadline Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new SyncSetDeadline
        {
            DeadlineNs = BinaryPrimitives.ReadUInt64LittleEndian(source[DeadlineNsOffset..]),
            Pad = BinaryPrimitives.ReadUInt64LittleEndian(source[PadOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[DeadlineNsOffset..], DeadlineNs);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[PadOffset..], Pad);
    }
}
