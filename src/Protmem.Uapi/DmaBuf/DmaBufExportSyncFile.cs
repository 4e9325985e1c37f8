using System.Buffers.Binary;

namespace Protmem.Uapi.DmaBuf;

/// <summary>
/// struct dma_buf_export_sync_file (8 bytes): the argument of DMA_BUF_IOCTL_EXPORT_SYNC_FILE.
/// </summary>
public struct DmaBufExportSyncFile : IUapiStruct<DmaBufExportSyncFile>
{
    public const int Size = 8;

    private const int FlagsOffset = 0;
    private const int FdOffset = 4;

    /// <summary>[in] DMA_BUF_SYNC_READ, WRITE or both: which fences the sync_file waits on. Offset 0, u32.</summary>
    public uint Flags;

    /// <summary>[out] The new sync_file fd (O_CLOEXEC). Offset 4, s32.</summary>
    public int Fd;

    public static AbiStructLayout Layout { get; } = new("dma_buf_export_sync_file", Size,
    [
        new("flags", FlagsOffset, 4),
        new("fd", FdOffset, 4),
    ]);

    public static DmaBufExportSyncFile Read(ReadOnlySpan<byte> source)
    {
        UapiBytes.Require(source.Length, Size, Layout.CName);
        return new DmaBufExportSyncFile
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
