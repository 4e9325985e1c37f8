using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_syncobj_array (16 bytes): the argument of DRM_IOCTL_SYNCOBJ_RESET and DRM_IOCTL_SYNCOBJ_SIGNAL.
/// </summary>
public struct DrmSyncobjArray : IUapiStruct<DrmSyncobjArray>
{
    public const int Size = 16;

    private const int HandlesOffset = 0;
    private const int CountHandlesOffset = 8;
    private const int PadOffset = 12;

    /// <summary>[in] User address of count_handles u32 syncobj handles. Offset 0, u64.</summary>
    public ulong Handles;

    /// <summary>[in] How many handles. Offset 8, u32.</summary>
    public uint CountHandles;

    /// <summary>[in] Padding, 0. Offset 12, u32.</summary>
    public uint Pad;

    public static AbiStructLayout Layout { get; } = new("drm_syncobj_array", Size,
    [
        new("handles", HandlesOffset, 8),
        new("count_handles", CountHandlesOffset, 4),
        new("pad", PadOffset, 4),
    ], AbiSource.DrmHeader);

    public static DrmSyncobjArray Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmSyncobjArray
        {
            Handles = BinaryPrimitives.ReadUInt64LittleEndian(source[HandlesOffset..]),
            CountHandles = BinaryPrimitives.ReadUInt32LittleEndian(source[CountHandlesOffset..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[PadOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[HandlesOffset..], Handles);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[CountHandlesOffset..], CountHandles);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[PadOffset..], Pad);
    }
}
