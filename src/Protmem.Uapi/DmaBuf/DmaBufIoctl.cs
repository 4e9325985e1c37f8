namespace Protmem.Uapi.DmaBuf;

/// <summary>
/// include/uapi/linux/dma-buf.h: the ioctls of a dma-buf fd and their flags.
/// </summary>
public static class DmaBufIoctl
{
    /// <summary>'b'.</summary>
    public const uint DMA_BUF_BASE = 'b';

    public const ulong DMA_BUF_SYNC_READ = 1 << 0;
    public const ulong DMA_BUF_SYNC_WRITE = 2 << 0;
    public const ulong DMA_BUF_SYNC_RW = DMA_BUF_SYNC_READ | DMA_BUF_SYNC_WRITE;
    public const ulong DMA_BUF_SYNC_START = 0 << 2;
    public const ulong DMA_BUF_SYNC_END = 1 << 2;

    /// <summary>RW | END = 0x7: any other bit in dma_buf_sync.flags is EINVAL.</summary>
    public const ulong DMA_BUF_SYNC_VALID_FLAGS_MASK = DMA_BUF_SYNC_RW | DMA_BUF_SYNC_END;

    /// <summary>A dma-buf name holds at most 31 characters and its NUL.</summary>
    public const int DMA_BUF_NAME_LEN = 32;

    /// <summary>_IOW('b', 0, struct dma_buf_sync) = 0x40086200.</summary>
    public const uint DMA_BUF_IOCTL_SYNC =
        Ioctl.IOC_IN | ((uint)DmaBufSync.Size << Ioctl._IOC_SIZESHIFT)
        | (DMA_BUF_BASE << Ioctl._IOC_TYPESHIFT) | (0u << Ioctl._IOC_NRSHIFT);

    /// <summary>_IOW('b', 1, __u32) = 0x40046201: SET_NAME as 32-bit user space encodes it.</summary>
    public const uint DMA_BUF_SET_NAME_A =
        Ioctl.IOC_IN | (4u << Ioctl._IOC_SIZESHIFT) | (DMA_BUF_BASE << Ioctl._IOC_TYPESHIFT) | (1u << Ioctl._IOC_NRSHIFT);

    /// <summary>_IOW('b', 1, __u64) = 0x40086201: SET_NAME as 64-bit user space encodes it. The argument is a pointer to the name string.</summary>
    public const uint DMA_BUF_SET_NAME_B =
        Ioctl.IOC_IN | (8u << Ioctl._IOC_SIZESHIFT) | (DMA_BUF_BASE << Ioctl._IOC_TYPESHIFT) | (1u << Ioctl._IOC_NRSHIFT);

    /// <summary>_IOW('b', 1, const char *): on LP64 the same number as <see cref="DMA_BUF_SET_NAME_B"/>.</summary>
    public const uint DMA_BUF_SET_NAME = DMA_BUF_SET_NAME_B;

    /// <summary>_IOWR('b', 2, struct dma_buf_export_sync_file) = 0xC0086202.</summary>
    public const uint DMA_BUF_IOCTL_EXPORT_SYNC_FILE =
        Ioctl.IOC_INOUT | ((uint)DmaBufExportSyncFile.Size << Ioctl._IOC_SIZESHIFT)
        | (DMA_BUF_BASE << Ioctl._IOC_TYPESHIFT) | (2u << Ioctl._IOC_NRSHIFT);

    /// <summary>_IOW('b', 3, struct dma_buf_import_sync_file) = 0x40086203.</summary>
    public const uint DMA_BUF_IOCTL_IMPORT_SYNC_FILE =
        Ioctl.IOC_IN | ((uint)DmaBufImportSyncFile.Size << Ioctl._IOC_SIZESHIFT)
        | (DMA_BUF_BASE << Ioctl._IOC_TYPESHIFT) | (3u << Ioctl._IOC_NRSHIFT);
}
