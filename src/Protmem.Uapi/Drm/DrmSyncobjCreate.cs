using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_syncobj_create (8 bytes): the argument of DRM_IOCTL_SYNCOBJ_CREATE.
/// </summary>
public struct DrmSyncobjCreate : IUapiStruct<DrmSyncobjCreate>
{
    public const int Size = 8;

    private const int HandleOffset = 0;
    private const int FlagsOffset = 4;

    /// <summary>[out] The new syncobj's handle. Offset 0, u32.</summary>
    public uint Handle;

    /// <summary>[in] DRM_SYNCOBJ_CREATE_SIGNALED, or 0. Offset 4, u32.</summary>
    public uint Flags;

    public static AbiStructLayout Layout { get; } = new("drm_syncobj_create", Size,
    [
        new("handle", HandleOffset, 4),
        new("flags", FlagsOffset, 4),
    ], AbiSource.DrmHeader);

    public static DrmSyncobjCreate Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmSyncobjCreate
        {
            Handle = BinaryPrimitives.ReadUInt32LittleEndian(source[HandleOffset..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[HandleOffset..], Handle);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], Flags);
    }
}
