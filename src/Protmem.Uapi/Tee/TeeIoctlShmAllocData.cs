using System.Buffers.Binary;

namespace Protmem.Uapi.Tee;

/// <summary>
/// struct tee_ioctl_shm_alloc_data (16 bytes): the argument of TEE_IOC_SHM_ALLOC.
/// </summary>
public struct TeeIoctlShmAllocData : IUapiStruct<TeeIoctlShmAllocData>
{
    public const int Size = 16;

    private const int ShmSizeOffset = 0;
    private const int FlagsOffset = 8;
    private const int IdOffset = 12;

    /// <summary>[in/out] Bytes to allocate; the allocated size on return. Offset 0, u64 (C field <c>size</c>; the const <see cref="Size"/> is sizeof).</summary>
    public ulong ShmSize;

    /// <summary>[in/out] Must be 0 on input; the shm flags on return. Offset 8, u32.</summary>
    public uint Flags;

    /// <summary>[out] The shared-memory id memrefs name in tee_ioctl_param.c. Offset 12, s32.</summary>
    public int Id;

    public static AbiStructLayout Layout { get; } = new("tee_ioctl_shm_alloc_data", Size,
    [
        new("size", ShmSizeOffset, 8),
        new("flags", FlagsOffset, 4),
        new("id", IdOffset, 4),
    ]);

    public static TeeIoctlShmAllocData Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new TeeIoctlShmAllocData
        {
            ShmSize = BinaryPrimitives.ReadUInt64LittleEndian(source[ShmSizeOffset..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]),
            Id = BinaryPrimitives.ReadInt32LittleEndian(source[IdOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[ShmSizeOffset..], ShmSize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], Flags);
        BinaryPrimitives.WriteInt32LittleEndian(destination[IdOffset..], Id);
    }
}
