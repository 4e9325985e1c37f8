using System.Buffers.Binary;

namespace Protmem.Uapi.Crypto;

/// <summary>struct rk_crypto_import_key (16 bytes): the argument of RK_CRYPTO_IOC_IMPORT_KEY.</summary>
public struct RkCryptoImportKey : IUapiStruct<RkCryptoImportKey>
{
    public const int Size = 16;

    private const int FdOffset = 0;
    private const int KeyLenOffset = 4;
    private const int FlagsOffset = 8;
    private const int HandleOffset = 12;

    /// <summary>[in] A dma-buf of the protected,crypto-key heap holding the key at offset 0. Offset 0, s32.</summary>
    public int Fd;

    /// <summary>[in] The key's length: 16 (AES-128) or 32 (AES-256). Offset 4, u32.</summary>
    public uint KeyLen;

    /// <summary>[in] Must be zero. Offset 8, u32.</summary>
    public uint Flags;

    /// <summary>[out] The key's handle in this file. Offset 12, u32.</summary>
    public uint Handle;

    public static AbiStructLayout Layout { get; } = new("rk_crypto_import_key", Size,
    [
        new("fd", FdOffset, 4),
        new("key_len", KeyLenOffset, 4),
        new("flags", FlagsOffset, 4),
        new("handle", HandleOffset, 4),
    ], AbiSource.Model);

    public static RkCryptoImportKey Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new RkCryptoImportKey
        {
            Fd = BinaryPrimitives.ReadInt32LittleEndian(source[FdOffset..]),
            KeyLen = BinaryPrimitives.ReadUInt32LittleEndian(source[KeyLenOffset..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]),
            Handle = BinaryPrimitives.ReadUInt32LittleEndian(source[HandleOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteInt32LittleEndian(destination[FdOffset..], Fd);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[KeyLenOffset..], KeyLen);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[HandleOffset..], Handle);
    }
}
