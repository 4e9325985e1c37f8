using System.Buffers.Binary;

namespace Protmem.Uapi.DmaBuf;

/// <summary>
/// struct dma_buf_import_sync_file (8 bytes): the argument of DMA_BUF_IOCTL_IMPORT_SYNC_FILE.
/// </summary>
public struct DmaBufImportSyncFile : IUapiStruct<DmaBufImportSyncFile>
{
    public const int Size = 8;

    private const int FlagsOffset = 0;
    private const int FdOffset = 4;

    /// <summary>[in] DMA_BUF_SYNC_READ (a read fence) or WRITE (a write fence). Offset 0, u32.</summary>
    public uint Flags;

    /// <summary>[in] The sync_file fd whose fence is added to the dma-buf. Offset 4, s32.</summary>
    public int Fd;

    public static AbiStructLayout Layout { get; } = new("dma_buf_import_sync_file", Size,
    [
        new("flags", FlagsOffset, 4),
        new("fd", FdOffset, 4),
    ]);

    public static DmaBufImportSyncFile Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DmaBufImportSyncFile
        {
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]),
            Fd = BinaryPrimitives.ReadInt32LittleEndian(source[FdOffset..]),
        };
    }

    public readonly void Write(Span<byte> destination)
    {
        UapiBytes.Require(destination.Length, Size, Layout.CName);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], Flags);
        BinaryPrimitives.WriteInt32LittleEndian(destination[FdOffset..], Fd);
    }
}
