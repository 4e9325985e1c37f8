using System.Buffers.Binary;

namespace Protmem.Uapi.Tee;

/// <summary>
/// struct tee_ioctl_shm_register_data (24 bytes): the argument of TEE_IOC_SHM_REGISTER.
/// </summary>
public struct TeeIoctlShmRegisterData : IUapiStruct<TeeIoctlShmRegisterData>
{
    public const int Size = 24;

    private const int AddrOffset = 0;
    private const int LengthOffset = 8;
    private const int FlagsOffset = 16;
    private const int IdOffset = 20;

    /// <summary>[in] User address of the memory to register. Offset 0, u64.</summary>
    public ulong Addr;

    /// <summary>[in/out] Its length; the registered length on return. Offset 8, u64.</summary>
    public ulong Length;

    /// <summary>[in/out] Must be 0 on input; the shm flags on return. Offset 16, u32.</summary>
    public uint Flags;

    /// <summary>[out] The shared-memory id. Offset 20, s32.</summary>
    public int Id;

    public static AbiStructLayout Layout { get; } = new("tee_ioctl_shm_register_data", Size,
    [
        new("addr", AddrOffset, 8),
        new("length", LengthOffset, 8),
        new("flags", FlagsOffset, 4),
        new("id", IdOffset, 4),
    ]);

    public static TeeIoctlShmRegisterData Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new TeeIoctlShmRegisterData
        {
            Addr = BinaryPrimitives.ReadUInt64LittleEndian(source[AddrOffset..]),
            Length = BinaryPrimitives.ReadUInt64LittleEndian(source[LengthOffset..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]),
            Id = BinaryPrimitives.ReadInt32LittleEndian(source[IdOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[AddrOffset..], Addr);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[LengthOffset..], Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], Flags);
        BinaryPrimitives.WriteInt32LittleEndian(destination[IdOffset..], Id);
    }
}
