namespace Protmem.Uapi.DmaBuf;

/// <summary>
/// include/uapi/linux/sync_file.h: the ioctls of a sync_file fd. Numbers 0 to 2 were burned in an old
/// API change; SET_DEADLINE came in Linux 6.4.
/// </summary>
public static class SyncFileIoctl
{
    /// <summary>'>'.</summary>
    public const uint SYNC_IOC_MAGIC = '>';

    /// <summary>_IOWR('>', 3, struct sync_merge_data) = 0xC0303E03.</summary>
    public const uint SYNC_IOC_MERGE =
        Ioctl.IOC_INOUT | ((uint)SyncMergeData.Size << Ioctl._IOC_SIZESHIFT)
        | (SYNC_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | (3u << Ioctl._IOC_NRSHIFT);

    /// <summary>_IOWR('>', 4, struct sync_file_info) = 0xC0383E04.</summary>
    public const uint SYNC_IOC_FILE_INFO =
        Ioctl.IOC_INOUT | ((uint)SyncFileInfo.Size << Ioctl._IOC_SIZESHIFT)
        | (SYNC_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | (4u << Ioctl._IOC_NRSHIFT);

    /// <summary>_IOW('>', 5, struct sync_set_deadline) = 0x40103E05.</summary>
    [AbiSource(AbiSource.Linux618)]
    public const uint SYNC_IOC_SET_DEADLINE =
        Ioctl.IOC_IN | ((uint)SyncSetDeadline.Size << Ioctl._IOC_SIZESHIFT)
        | (SYNC_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | (5u << Ioctl._IOC_NRSHIFT);

    /// <summary>The length of the name fields (char[32]).</summary>
    [AbiSource(AbiSource.Model)]
    public const int NameLength = 32;
}
