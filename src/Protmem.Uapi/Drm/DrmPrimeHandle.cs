using System.Buffers.Binary;

namespace Protmem.Uapi.Drm;

/// <summary>
/// struct drm_prime_handle (12 bytes): the argument of DRM_IOCTL_PRIME_FD_TO_HANDLE (import a dma-buf)
/// and DRM_IOCTL_PRIME_HANDLE_TO_FD.
/// </summary>
public struct DrmPrimeHandle : IUapiStruct<DrmPrimeHandle>
{
    public const int Size = 12;

    private const int HandleOffset = 0;
    private const int FlagsOffset = 4;
    private const int FdOffset = 8;

    /// <summary>[in/out] The GEM handle: out for FD_TO_HANDLE. Offset 0, u32.</summary>
    public uint Handle;

    /// <summary>[in] DRM_CLOEXEC / DRM_RDWR for HANDLE_TO_FD; 0 for FD_TO_HANDLE. Offset 4, u32.</summary>
    public uint Flags;

    /// <summary>[in/out] The dma-buf fd: in for FD_TO_HANDLE. Offset 8, s32.</summary>
    public int Fd;

    public static AbiStructLayout Layout { get; } = new("drm_prime_handle", Size,
    [
        new("handle", HandleOffset, 4),
        new("flags", FlagsOffset, 4),
        new("fd", FdOffset, 4),
    ], AbiSource.DrmHeader);

    public static DrmPrimeHandle Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DrmPrimeHandle
        {
            Handle = BinaryPrimitives.ReadUInt32LittleEndian(source[HandleOffset..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]),
            Fd = BinaryPrimitives.ReadInt32LittleEndian(source[FdOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[HandleOffset..], Handle);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], Flags);
        BinaryPrimitives.WriteInt32LittleEndian(destination[FdOffset..], Fd);
    }
}
