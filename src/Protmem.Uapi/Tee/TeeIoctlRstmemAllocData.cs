using System.Buffers.Binary;

namespace Protmem.Uapi.Tee;

/// <summary>
/// struct tee_ioctl_rstmem_alloc_data (24 bytes, with 4 bytes of tail padding): the argument of
/// TEE_IOC_RSTMEM_ALLOC in the seed design (series v4/v5, never merged).
/// </summary>
public struct TeeIoctlRstmemAllocData : IUapiStruct<TeeIoctlRstmemAllocData>
{
    public const int Size = 24;

    private const int ShmSizeOffset = 0;
    private const int FlagsOffset = 8;
    private const int UseCaseOffset = 12;
    private const int IdOffset = 16;

    /// <summary>[in/out] Bytes of restricted memory to allocate; the allocated size on return. Offset 0, u64 (C field <c>size</c>; the const <see cref="Size"/> is sizeof).</summary>
    public ulong ShmSize;

    /// <summary>[in/out] Flags to and from the allocation; 0 on input. Offset 8, u32.</summary>
    public uint Flags;

    /// <summary>[in] The use case, TEE_IOC_UC_* (0 is reserved: EINVAL). Offset 12, u32.</summary>
    public uint UseCase;

    /// <summary>[out] The shared-memory id of the restricted memory. Offset 16, s32.</summary>
    public int Id;

    public static AbiStructLayout Layout { get; } = new("tee_ioctl_rstmem_alloc_data", Size,
    [
        new("size", ShmSizeOffset, 8),
        new("flags", FlagsOffset, 4),
        new("use_case", UseCaseOffset, 4),
        new("id", IdOffset, 4),
    ], AbiSource.SeedDesign);

    public static TeeIoctlRstmemAllocData Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new TeeIoctlRstmemAllocData
        {
            ShmSize = BinaryPrimitives.ReadUInt64LittleEndian(source[ShmSizeOffset..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]),
            UseCase = BinaryPrimitives.ReadUInt32LittleEndian(source[UseCaseOffset..]),
            Id = BinaryPrimitives.ReadInt32LittleEndian(source[IdOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(destination[ShmSizeOffset..], ShmSize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[UseCaseOffset..], UseCase);
        BinaryPrimitives.WriteInt32LittleEndian(destination[IdOffset..], Id);
    }
}
