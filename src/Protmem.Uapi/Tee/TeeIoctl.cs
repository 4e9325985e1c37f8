namespace Protmem.Uapi.Tee;

/// <summary>
/// include/uapi/linux/tee.h: the ioctls of <c>/dev/tee0</c> and the constants their arguments
/// carry; plus TEE_IOC_RSTMEM_ALLOC of the seed design and the shm flags the kernel reports.
/// </summary>
public static class TeeIoctl
{
    public const uint TEE_IOC_MAGIC = 0xa4;
    public const uint TEE_IOC_BASE = 0;

    /// <summary>The largest buf_len OPEN_SESSION and INVOKE accept.</summary>
    public const int TEE_MAX_ARG_SIZE = 1024;

    public const int TEE_IOCTL_UUID_LEN = TeeUuid.Length;

    public const uint TEE_GEN_CAP_GP = 1 << 0;
    public const uint TEE_GEN_CAP_PRIVILEGED = 1 << 1;
    public const uint TEE_GEN_CAP_REG_MEM = 1 << 2;
    public const uint TEE_GEN_CAP_MEMREF_NULL = 1 << 3;

    /// <summary>The TEE supports TEE_IOC_RSTMEM_ALLOC (seed design).</summary>
    [AbiSource(AbiSource.SeedDesign)]
    public const uint TEE_GEN_CAP_RSTMEM = 1 << 4;

    /// <summary>tee_ioctl_param.c of a NULL memref.</summary>
    public const ulong TEE_MEMREF_NULL = ulong.MaxValue;

    public const uint TEE_IMPL_ID_OPTEE = 1;
    public const uint TEE_IMPL_ID_AMDTEE = 2;

    public const uint TEE_OPTEE_CAP_TZ = 1 << 0;

    public const ulong TEE_IOCTL_PARAM_ATTR_TYPE_NONE = 0;
    public const ulong TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT = 1;
    public const ulong TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT = 2;
    public const ulong TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT = 3;
    public const ulong TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT = 5;
    public const ulong TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT = 6;
    public const ulong TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT = 7;
    public const ulong TEE_IOCTL_PARAM_ATTR_TYPE_MASK = 0xff;
    public const ulong TEE_IOCTL_PARAM_ATTR_META = 0x100;

    /// <summary>Every known attr bit; any other is EINVAL.</summary>
    public const ulong TEE_IOCTL_PARAM_ATTR_MASK = TEE_IOCTL_PARAM_ATTR_TYPE_MASK | TEE_IOCTL_PARAM_ATTR_META;

    public const uint TEE_IOCTL_LOGIN_PUBLIC = 0;
    public const uint TEE_IOCTL_LOGIN_USER = 1;
    public const uint TEE_IOCTL_LOGIN_GROUP = 2;
    public const uint TEE_IOCTL_LOGIN_APPLICATION = 4;
    public const uint TEE_IOCTL_LOGIN_USER_APPLICATION = 5;
    public const uint TEE_IOCTL_LOGIN_GROUP_APPLICATION = 6;
    public const uint TEE_IOCTL_LOGIN_REE_KERNEL_MIN = 0x80000000;
    public const uint TEE_IOCTL_LOGIN_REE_KERNEL_MAX = 0xBFFFFFFF;
    public const uint TEE_IOCTL_LOGIN_REE_KERNEL = 0x80000000;

    /// <summary>_IOR(0xa4, 0, struct tee_ioctl_version_data) = 0x800CA400.</summary>
    public const uint TEE_IOC_VERSION = Ioctl.IOC_OUT | ((uint)TeeIoctlVersionData.Size << Ioctl._IOC_SIZESHIFT) | (TEE_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | (TEE_IOC_BASE + 0);

    /// <summary>_IOWR(0xa4, 1, struct tee_ioctl_shm_alloc_data) = 0xC010A401.</summary>
    public const uint TEE_IOC_SHM_ALLOC = Ioctl.IOC_INOUT | ((uint)TeeIoctlShmAllocData.Size << Ioctl._IOC_SIZESHIFT) | (TEE_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | (TEE_IOC_BASE + 1);

    /// <summary>_IOR(0xa4, 2, struct tee_ioctl_buf_data) = 0x8010A402; the buffer holds tee_ioctl_open_session_arg.</summary>
    public const uint TEE_IOC_OPEN_SESSION = Ioctl.IOC_OUT | ((uint)TeeIoctlBufData.Size << Ioctl._IOC_SIZESHIFT) | (TEE_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | (TEE_IOC_BASE + 2);

    /// <summary>_IOR(0xa4, 3, struct tee_ioctl_buf_data) = 0x8010A403; the buffer holds tee_ioctl_invoke_arg.</summary>
    public const uint TEE_IOC_INVOKE = Ioctl.IOC_OUT | ((uint)TeeIoctlBufData.Size << Ioctl._IOC_SIZESHIFT) | (TEE_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | (TEE_IOC_BASE + 3);

    /// <summary>_IOR(0xa4, 4, struct tee_ioctl_cancel_arg) = 0x8008A404.</summary>
    public const uint TEE_IOC_CANCEL = Ioctl.IOC_OUT | ((uint)TeeIoctlCancelArg.Size << Ioctl._IOC_SIZESHIFT) | (TEE_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | (TEE_IOC_BASE + 4);

    /// <summary>_IOR(0xa4, 5, struct tee_ioctl_close_session_arg) = 0x8004A405.</summary>
    public const uint TEE_IOC_CLOSE_SESSION = Ioctl.IOC_OUT | ((uint)TeeIoctlCloseSessionArg.Size << Ioctl._IOC_SIZESHIFT) | (TEE_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | (TEE_IOC_BASE + 5);

    /// <summary>_IOR(0xa4, 6, struct tee_ioctl_buf_data) = 0x8010A406 (tee-supplicant).</summary>
    public const uint TEE_IOC_SUPPL_RECV = Ioctl.IOC_OUT | ((uint)TeeIoctlBufData.Size << Ioctl._IOC_SIZESHIFT) | (TEE_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | (TEE_IOC_BASE + 6);

    /// <summary>_IOR(0xa4, 7, struct tee_ioctl_buf_data) = 0x8010A407 (tee-supplicant).</summary>
    public const uint TEE_IOC_SUPPL_SEND = Ioctl.IOC_OUT | ((uint)TeeIoctlBufData.Size << Ioctl._IOC_SIZESHIFT) | (TEE_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | (TEE_IOC_BASE + 7);

    /// <summary>_IOWR(0xa4, 8, struct tee_ioctl_shm_register_fd_data) = 0xC018A408 (Linux 6.18).</summary>
    [AbiSource(AbiSource.Linux618)]
    public const uint TEE_IOC_SHM_REGISTER_FD = Ioctl.IOC_INOUT | ((uint)TeeIoctlShmRegisterFdData.Size << Ioctl._IOC_SIZESHIFT) | (TEE_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | (TEE_IOC_BASE + 8);

    /// <summary>_IOWR(0xa4, 9, struct tee_ioctl_shm_register_data) = 0xC018A409.</summary>
    public const uint TEE_IOC_SHM_REGISTER = Ioctl.IOC_INOUT | ((uint)TeeIoctlShmRegisterData.Size << Ioctl._IOC_SIZESHIFT) | (TEE_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | (TEE_IOC_BASE + 9);

    /// <summary>_IOWR(0xa4, 10, struct tee_ioctl_rstmem_alloc_data) = 0xC018A40A (seed design, never merged).</summary>
    [AbiSource(AbiSource.SeedDesign)]
    public const uint TEE_IOC_RSTMEM_ALLOC = Ioctl.IOC_INOUT | ((uint)TeeIoctlRstmemAllocData.Size << Ioctl._IOC_SIZESHIFT) | (TEE_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | (TEE_IOC_BASE + 10);

    /// <summary>Use case 0 is reserved: TEE_IOC_RSTMEM_ALLOC refuses it with EINVAL.</summary>
    [AbiSource(AbiSource.SeedDesign)]
    public const uint TEE_IOC_UC_RESERVED = 0;

    [AbiSource(AbiSource.SeedDesign)]
    public const uint TEE_IOC_UC_SECURE_VIDEO_PLAY = 1;

    [AbiSource(AbiSource.SeedDesign)]
    public const uint TEE_IOC_UC_TRUSTED_UI = 2;

    [AbiSource(AbiSource.SeedDesign)]
    public const uint TEE_IOC_UC_SECURE_VIDEO_RECORD = 3;

    /// <summary>
    /// Shm flags (kernel-internal, include/linux/tee_core.h) that the kernel reports in the
    /// flags field of SHM_ALLOC, SHM_REGISTER and SHM_REGISTER_FD. The uapi header defined
    /// TEE_IOCTL_SHM_MAPPED 0x1 / TEE_IOCTL_SHM_DMA_BUF 0x2 until 5.19, then dropped them.
    /// </summary>
    [AbiSource(AbiSource.KernelInternal)]
    public const uint TEE_SHM_DYNAMIC = 1 << 0;

    [AbiSource(AbiSource.KernelInternal)]
    public const uint TEE_SHM_USER_MAPPED = 1 << 1;

    [AbiSource(AbiSource.KernelInternal)]
    public const uint TEE_SHM_POOL = 1 << 2;

    [AbiSource(AbiSource.KernelInternal)]
    public const uint TEE_SHM_PRIV = 1 << 3;

    /// <summary>A registered dma-buf: the flags TEE_IOC_SHM_REGISTER_FD reports (0x10).</summary>
    [AbiSource(AbiSource.KernelInternal)]
    public const uint TEE_SHM_DMA_BUF = 1 << 4;

    [AbiSource(AbiSource.KernelInternal)]
    public const uint TEE_SHM_DMA_MEM = 1 << 5;

    /// <summary>The device node of the first TEE.</summary>
    [AbiSource(AbiSource.Model)]
    public const string DevicePath = "/dev/tee0";
}
