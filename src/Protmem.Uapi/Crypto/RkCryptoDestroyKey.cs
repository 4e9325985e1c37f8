using System.Buffers.Binary;

namespace Protmem.Uapi.Crypto;

/// <summary>struct rk_crypto_destroy_key (8 bytes): the argument of RK_CRYPTO_IOC_DESTROY_KEY.</summary>
public struct RkCryptoDestroyKey : IUapiStruct<RkCryptoDestroyKey>
{
    public const int Size = 8;

    private const int HandleOffset = 0;
    private const int ReservedOffset = 4;

    /// <summary>[in] The key's handle. Offset 0, u32.</summary>
    public uint Handle;

    /// <summary>[in] Must be zero. Offset 4, u32.</summary>
    public uint Reserved;

    public static AbiStructLayout Layout { get; } = new("rk_crypto_destroy_key", Size,
    [
        new("handle", HandleOffset, 4),
        new("reserved", ReservedOffset, 4),
    ], AbiSource.Model);

    public static RkCryptoDestroyKey Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new RkCryptoDestroyKey
        {
            Handle = BinaryPrimitives.ReadUInt32LittleEndian(source[HandleOffset..]),
            Reserved = BinaryPrimitives.ReadUInt32LittleEndian(source[ReservedOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[HandleOffset..], Handle);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ReservedOffset..], Reserved);
    }
}
