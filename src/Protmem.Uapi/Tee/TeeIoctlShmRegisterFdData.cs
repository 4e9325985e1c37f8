using System.Buffers.Binary;

namespace Protmem.Uapi.Tee;

/// <summary>
/// struct tee_ioctl_shm_register_fd_data (24 bytes, Linux 6.18): the argument of TEE_IOC_SHM_REGISTER_FD,
/// which registers a dma-buf from this TEE's protected heap as shared memory.
/// </summary>
public struct TeeIoctlShmRegisterFdData : IUapiStruct<TeeIoctlShmRegisterFdData>
{
    public const int Size = 24;

    private const int FdOffset = 0;
    private const int ShmSizeOffset = 8;
    private const int FlagsOffset = 16;
    private const int IdOffset = 20;

    /// <summary>[in] The dma-buf fd (the kernel uses its low 32 bits). Offset 0, s64.</summary>
    public long Fd;

    /// <summary>[out] The dma-buf's (page-aligned) size. Offset 8, u64 (C field <c>size</c>; the const <see cref="Size"/> is sizeof).</summary>
    public ulong ShmSize;

    /// <summary>[in/out] Must be 0 on input; TEE_SHM_DMA_BUF (0x10) on return. Offset 16, u32.</summary>
    public uint Flags;

    /// <summary>[out] The shared-memory id (at least 1). Offset 20, s32.</summary>
    public int Id;

    public static AbiStructLayout Layout { get; } = new("tee_ioctl_shm_register_fd_data", Size,
    [
        new("fd", FdOffset, 8),
        new("size", ShmSizeOffset, 8),
        new("flags", FlagsOffset, 4),
        new("id", IdOffset, 4),
    ], AbiSource.Linux618);

    public static TeeIoctlShmRegisterFdData Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new TeeIoctlShmRegisterFdData
        {
            Fd = BinaryPrimitives.ReadInt64LittleEndian(source[FdOffset..]),
            ShmSize = BinaryPrimitives.ReadUInt64LittleEndian(source[ShmSizeOffset..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]),
            Id = BinaryPrimitives.ReadInt32LittleEndian(source[IdOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteInt64LittleEndian(destination[FdOffset..], Fd);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[ShmSizeOffset..], ShmSize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], Flags);
        BinaryPrimitives.WriteInt32LittleEndian(destination[IdOffset..], Id);
    }
}
