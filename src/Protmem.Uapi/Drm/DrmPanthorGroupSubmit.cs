using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_group_submit (24 bytes): The argument of DRM_IOCTL_PANTHOR_GROUP_SUBMIT.
/// </summary>
public struct DrmPanthorGroupSubmit : IUapiStruct<DrmPanthorGroupSubmit>
{
    public const int Size = 24;

    /// <summary><c>group_handle</c>: The group. Offset 0, u32.</summary>
    public uint GroupHandle;

    /// <summary><c>pad</c>: MBZ. Offset 4, u32.</summary>
    public uint Pad;

    /// <summary><c>queue_submits</c>: drm_panthor_queue_submit array. Offset 8, obj.</summary>
    public DrmPanthorObjArray QueueSubmits;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_group_submit", Size,
    [
        new("group_handle", 0, 4),
        new("pad", 4, 4),
        new("queue_submits", 8, 16),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorGroupSubmit Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorGroupSubmit
        {
            GroupHandle = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            QueueSubmits = DrmPanthorObjArray.Read(source[8..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], GroupHandle);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Pad);
        QueueSubmits.Write(destination[8..]);
    }
}
