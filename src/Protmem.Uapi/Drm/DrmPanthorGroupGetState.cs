using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_group_get_state (16 bytes): The argument of DRM_IOCTL_PANTHOR_GROUP_GET_STATE.
/// </summary>
public struct DrmPanthorGroupGetState : IUapiStruct<DrmPanthorGroupGetState>
{
    public const int Size = 16;

    /// <summary><c>group_handle</c>: The group. Offset 0, u32.</summary>
    public uint GroupHandle;

    /// <summary><c>state</c>: [out] DRM_PANTHOR_GROUP_STATE_* flags. Offset 4, u32.</summary>
    public uint State;

    /// <summary><c>fatal_queues</c>: [out] Queues that hit a fatal fault. Offset 8, u32.</summary>
    public uint FatalQueues;

    /// <summary><c>pad</c>: MBZ. Offset 12, u32.</summary>
    public uint Pad;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_group_get_state", Size,
    [
        new("group_handle", 0, 4),
        new("state", 4, 4),
        new("fatal_queues", 8, 4),
        new("pad", 12, 4),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorGroupGetState Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorGroupGetState
        {
            GroupHandle = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            State = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            FatalQueues = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], GroupHandle);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], State);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], FatalQueues);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Pad);
    }
}
