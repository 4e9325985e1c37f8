using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_panthor_group_destroy (8 bytes): The argument of DRM_IOCTL_PANTHOR_GROUP_DESTROY.
/// </summary>
public struct DrmPanthorGroupDestroy : IUapiStruct<DrmPanthorGroupDestroy>
{
    public const int Size = 8;

    /// <summary><c>group_handle</c>: The group. Offset 0, u32.</summary>
    public uint GroupHandle;

    /// <summary><c>pad</c>: MBZ. Offset 4, u32.</summary>
    public uint Pad;

    public static AbiStructLayout Layout { get; } = new("drm_panthor_group_destroy", Size,
    [
        new("group_handle", 0, 4),
        new("pad", 4, 4),
    ], AbiSource.PanthorHeader);

    public static DrmPanthorGroupDestroy Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPanthorGroupDestroy
        {
            GroupHandle = BinaryPrimitives.ReadUInt32LittleEndian(source[0..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[0..], GroupHandle);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Pad);
    }
}
