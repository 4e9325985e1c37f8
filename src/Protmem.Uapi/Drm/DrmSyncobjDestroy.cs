using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_syncobj_destroy (8 bytes): the argument of DRM_IOCTL_SYNCOBJ_DESTROY.
/// </summary>
public struct DrmSyncobjDestroy : IUapiStruct<DrmSyncobjDestroy>
{
    public const int Size = 8;

    private const int HandleOffset = 0;
    private const int PadOffset = 4;

    /// <summary>[in] The syncobj handle to release. Offset 0, u32.</summary>
    public uint Handle;

    /// <summary>[in] Padding, 0. Offset 4, u32.</summary>
    public uint Pad;

    public static AbiStructLayout Layout { get; } = new("drm_syncobj_destroy", Size,
    [
        new("handle", HandleOffset, 4),
        new("pad", PadOffset, 4),
    ], AbiSource.DrmHeader);

    public static DrmSyncobjDestroy Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmSyncobjDestroy
        {
            Handle = BinaryPrimitives.ReadUInt32LittleEndian(source[HandleOffset..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[PadOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[HandleOffset..], Handle);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[PadOffset..], Pad);
    }
}
