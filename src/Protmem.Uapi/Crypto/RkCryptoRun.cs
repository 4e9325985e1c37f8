using System.Buffers.Binary;

namespace Protmem.Uapi.Crypto;

/// <summary>struct rk_crypto_run (56 bytes): the argument of RK_CRYPTO_IOC_RUN, one job on the engine.</summary>
public struct RkCryptoRun : IUapiStruct<RkCryptoRun>
{
    public const int Size = 56;

    /// <summary>Bytes of <see cref="Iv"/>.</summary>
    public const int IvSize = 16;

    private const int HandleOffset = 0;
    private const int ModeOffset = 4;
    private const int IvOffset = 8;
    private const int SrcOffset = 24;
    private const int DstOffset = 32;
    private const int LengthOffset = 40;
    private const int FlagsOffset = 48;
    private const int ReservedOffset = 52;

    /// <summary>[in] The key's handle (from IMPORT_KEY). Offset 0, u32.</summary>
    public uint Handle;

    /// <summary>[in] RK_CRYPTO_MODE_*. Offset 4, u32.</summary>
    public uint Mode;

    /// <summary>[in] The CTR counter block or the CBC IV. Offset 8, u8[16].</summary>
    public UInt128 Iv;

    /// <summary>[in] The input: a user address, or a dma-buf fd with RK_CRYPTO_RUN_SRC_DMABUF. Offset 24, u64.</summary>
    public ulong Src;

    /// <summary>[in] The output: a user address, or a dma-buf fd with RK_CRYPTO_RUN_DST_DMABUF. Offset 32, u64.</summary>
    public ulong Dst;

    /// <summary>[in] Bytes to process: 1 to RK_CRYPTO_MAX_LENGTH, whole blocks for CBC. Offset 40, u64.</summary>
    public ulong Length;

    /// <summary>[in] RK_CRYPTO_RUN_*. Offset 48, u32.</summary>
    public uint Flags;

    /// <summary>[in] Must be zero. Offset 52, u32.</summary>
    public uint Reserved;

    public static AbiStructLayout Layout { get; } = new("rk_crypto_run", Size,
    [
        new("handle", HandleOffset, 4),
        new("mode", ModeOffset, 4),
        new("iv", IvOffset, IvSize),
        new("src", SrcOffset, 8),
        new("dst", DstOffset, 8),
        new("length", LengthOffset, 8),
        new("flags", FlagsOffset, 4),
        new("reserved", ReservedOffset, 4),
    ], AbiSource.Model);

    /// <summary>The IV's 16 bytes in memory order (byte 0 first), as the engine loads them.</summary>
    public readonly byte[] IvBytes()
    {
        var bytes = new byte[IvSize];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, Iv);
        return bytes;
    }

    /// <summary>Sets <see cref="Iv"/> from 16 bytes in memory order.</summary>
    public void SetIv(ReadOnlySpan<byte> iv) => Iv = BinaryPrimitives.ReadUInt128BigEndian(iv[..IvSize]);

    public static RkCryptoRun Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new RkCryptoRun
        {
            Handle = BinaryPrimitives.ReadUInt32LittleEndian(source[HandleOffset..]),
            Mode = BinaryPrimitives.ReadUInt32LittleEndian(source[ModeOffset..]),
            Iv = BinaryPrimitives.ReadUInt128BigEndian(source[IvOffset..]),
            Src = BinaryPrimitives.ReadUInt64LittleEndian(source[SrcOffset..]),
            Dst = BinaryPrimitives.ReadUInt64LittleEndian(source[DstOffset..]),
            Length = BinaryPrimitives.ReadUInt64LittleEndian(source[LengthOffset..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]),
            Reserved = BinaryPrimitives.ReadUInt32LittleEndian(source[ReservedOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[HandleOffset..], Handle);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ModeOffset..], Mode);
        BinaryPrimitives.WriteUInt128BigEndian(destination[IvOffset..], Iv);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[SrcOffset..], Src);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[DstOffset..], Dst);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[LengthOffset..], Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ReservedOffset..], Reserved);
    }
}
