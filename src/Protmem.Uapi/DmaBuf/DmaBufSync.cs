using System.Buffers.Binary;

namespace Protmem.Uapi.DmaBuf;

/// <summary>
/// struct dma_buf_sync (8 bytes): the argument of DMA_BUF_IOCTL_SYNC, bracketing CPU access to a mapped dma-buf.
/// </summary>
public struct DmaBufSync : IUapiStruct<DmaBufSync>
{
    public const int Size = 8;

    private const int FlagsOffset = 0;

    /// <summary>[in] DMA_BUF_SYNC_START or DMA_BUF_SYNC_END, with DMA_BUF_SYNC_READ, WRITE or both. Offset 0, u64.</summary>
    public ulong Flags;

    public static AbiStructLayout Layout { get; } = new("dma_buf_sync", Size,
    [
        new("flags", FlagsOffset, 8),
    ]);

    public static DmaBufSync Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DmaBufSync
        {
            Flags = BinaryPrimitives.ReadUInt64LittleEndian(source[FlagsOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[FlagsOffset..], Flags);
    }
}
