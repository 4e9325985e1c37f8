using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_syncobj_handle (16 bytes): the argument of DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD and DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE.
/// </summary>
public struct DrmSyncobjHandle : IUapiStruct<DrmSyncobjHandle>
{
    public const int Size = 16;

    private const int HandleOffset = 0;
    private const int FlagsOffset = 4;
    private const int FdOffset = 8;
    private const int PadOffset = 12;

    /// <summary>[in/out] The syncobj handle: in for HANDLE_TO_FD, out for FD_TO_HANDLE (in, the target, with IMPORT_SYNC_FILE). Offset 0, u32.</summary>
    public uint Handle;

    /// <summary>[in] HANDLE_TO_FD: DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE; FD_TO_HANDLE: DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE. Offset 4, u32.</summary>
    public uint Flags;

    /// <summary>[in/out] The syncobj or sync_file fd: out for HANDLE_TO_FD, in for FD_TO_HANDLE. Offset 8, s32.</summary>
    public int Fd;

    /// <summary>[in] Padding, 0. Offset 12, u32.</summary>
    public uint Pad;

    public static AbiStructLayout Layout { get; } = new("drm_syncobj_handle", Size,
    [
        new("handle", HandleOffset, 4),
        new("flags", FlagsOffset, 4),
        new("fd", FdOffset, 4),
        new("pad", PadOffset, 4),
    ], AbiSource.DrmHeader);

    public static DrmSyncobjHandle Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmSyncobjHandle
        {
            Handle = BinaryPrimitives.ReadUInt32LittleEndian(source[HandleOffset..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]),
            Fd = BinaryPrimitives.ReadInt32LittleEndian(source[FdOffset..]),
            Pad = BinaryPrimitives.ReadUInt32LittleEndian(source[PadOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[HandleOffset..], Handle);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], Flags);
        BinaryPrimitives.WriteInt32LittleEndian(destination[FdOffset..], Fd);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[PadOffset..], Pad);
    }
}
