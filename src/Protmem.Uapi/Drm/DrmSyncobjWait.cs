using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_syncobj_wait (32 bytes): the argument of DRM_IOCTL_SYNCOBJ_WAIT.
/// </summary>
public struct DrmSyncobjWait : IUapiStruct<DrmSyncobjWait>
{
    public const int Size = 32;

    private const int HandlesOffset = 0;
    private const int TimeoutNsecOffset = 8;
    private const int CountHandlesOffset = 16;
    private const int FlagsOffset = 20;
    private const int FirstSignaledOffset = 24;
    private const int PadOffset = 28;

    /// <summary>[in] User address of count_handles u32 syncobj handles. Offset 0, u64.</summary>
    public ulong Handles;

    /// <summary>[in] Absolute CLOCK_MONOTONIC deadline in ns (the model's clock); 0 polls. Offset 8, s64.</summary>
    public long TimeoutNsec;

    /// <summary>[in] How many handles. Offset 16, u32.</summary>
    public uint CountHandles;

    /// <summary>[in] DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL | WAIT_FOR_SUBMIT | WAIT_AVAILABLE. Offset 20, u32.</summary>
    public uint Flags;

    /// <summary>[out] The index of the first signaled handle (only without WAIT_ALL). Offset 24, u32.</summary>
    public uint FirstSignaled;

    /// <summary>[in] Padding, 0. Offset 28, u32.</summary>
    public uint Pad;

    public static AbiStructLayout Layout { get; } = new("drm_syncobj_wait", Size,
    [
        new("handles", HandlesOffset, 8),
        new("timeout_nsec", TimeoutNsecOffset, 8),
        new("count_handles", CountHandlesOffset, 4),
        new("flags", FlagsOffset, 4),
        new("first_signaled", FirstSignaledOffset, 4),
        new("pad", PadOffset, 4),
    ], AbiSource.DrmHeader);

    public static DrmSyncobjWait Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmSyncobjWait
        {
            Handles = BinaryPrimitives.ReadUInt64LittleEndian(source[HandlesOffset..]),
            TimeoutNsec = BinaryPrimitives.ReadInt64LittleEndian(source[TimeoutNsecOffset..]),
            CountHandles = BinaryPrimitives.ReadUInt32LittleEndian(source[CountHandlesOffset..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]),
            FirstSignaled = BinaryPrimitives.ReadUInt32LittleEndian(source[FirstSignaledOffset..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[PadOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[HandlesOffset..], Handles);
        BinaryPrimitives.WriteInt64LittleEndian(destination[TimeoutNsecOffset..], TimeoutNsec);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[CountHandlesOffset..], CountHandles);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FirstSignaledOffset..], FirstSignaled);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[PadOffset..], Pad);
    }
}
