namespace Protmem.Uapi.Drm;

/// <summary>
/// include/uapi/drm/drm.h: the core DRM ioctls the model serves (VERSION, GET_CAP, GEM_CLOSE, PRIME
/// import and export), the capabilities GET_CAP answers for a driver without modesetting, and the
/// device node names (primary, render and accel nodes).
/// </summary>
public static class DrmIoctl
{
    /// <summary>'d'.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_BASE = 'd';

    /// <summary>_IOWR('d', 0x00, struct drm_version) = 0xC0406400.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_VERSION = Ioctl.IOC_INOUT | ((uint)DrmVersion.Size << Ioctl._IOC_SIZESHIFT) | (DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0x00;

    /// <summary>Driver-specific ioctls start here: DRM_COMMAND_BASE + the driver's number (to DRM_COMMAND_END 0xa0).</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_COMMAND_BASE = 0x40;

    /// <summary>The end (exclusive) of the driver-specific ioctl numbers.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_COMMAND_END = 0xA0;

    /// <summary>_IOWR('d', 0x0c, struct drm_get_cap) = 0xC010640C.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_GET_CAP = Ioctl.IOC_INOUT | ((uint)DrmGetCap.Size << Ioctl._IOC_SIZESHIFT) | (DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0x0c;

    /// <summary>_IOW('d', 0x09, struct drm_gem_close) = 0x40086409.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_GEM_CLOSE = Ioctl.IOC_IN | ((uint)DrmGemClose.Size << Ioctl._IOC_SIZESHIFT) | (DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0x09;

    /// <summary>_IOWR('d', 0x2d, struct drm_prime_handle) = 0xC00C642D.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_PRIME_HANDLE_TO_FD = Ioctl.IOC_INOUT | ((uint)DrmPrimeHandle.Size << Ioctl._IOC_SIZESHIFT) | (DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0x2d;

    /// <summary>_IOWR('d', 0x2e, struct drm_prime_handle) = 0xC00C642E.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_PRIME_FD_TO_HANDLE = Ioctl.IOC_INOUT | ((uint)DrmPrimeHandle.Size << Ioctl._IOC_SIZESHIFT) | (DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0x2e;

    /// <summary>GET_CAP: PRIME sharing, a bit set of DRM_PRIME_CAP_IMPORT and DRM_PRIME_CAP_EXPORT.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const ulong DRM_CAP_PRIME = 0x5;

    /// <summary>DRM_CAP_PRIME bit: dma-bufs can be imported (PRIME_FD_TO_HANDLE).</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const ulong DRM_PRIME_CAP_IMPORT = 0x1;

    /// <summary>DRM_CAP_PRIME bit: GEM objects can be exported (PRIME_HANDLE_TO_FD).</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const ulong DRM_PRIME_CAP_EXPORT = 0x2;

    /// <summary>GET_CAP: event timestamps use CLOCK_MONOTONIC (always 1).</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const ulong DRM_CAP_TIMESTAMP_MONOTONIC = 0x6;

    /// <summary>GET_CAP: the driver has sync objects (DRIVER_SYNCOBJ).</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const ulong DRM_CAP_SYNCOBJ = 0x13;

    /// <summary>GET_CAP: the driver has timeline sync objects (DRIVER_SYNCOBJ_TIMELINE).</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const ulong DRM_CAP_SYNCOBJ_TIMELINE = 0x14;

    /// <summary>PRIME_HANDLE_TO_FD flag: the dma-buf fd is close-on-exec (O_CLOEXEC).</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_CLOEXEC = 0x80000;

    /// <summary>PRIME_HANDLE_TO_FD flag: the dma-buf fd is read-write (O_RDWR).</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_RDWR = 0x2;

    /// <summary>The DRM card nodes: /dev/dri/card0 … card15.</summary>
    [AbiSource(AbiSource.Model)]
    public const string CardPrefix = "/dev/dri/card";

    /// <summary>The DRM render nodes: /dev/dri/renderD128 + the minor.</summary>
    [AbiSource(AbiSource.Model)]
    public const string RenderPrefix = "/dev/dri/renderD";

    /// <summary>The first render node's number.</summary>
    [AbiSource(AbiSource.Model)]
    public const int RenderMinorBase = 128;

    /// <summary>The compute accelerator nodes (drivers/accel): /dev/accel/accel0 ….</summary>
    [AbiSource(AbiSource.Model)]
    public const string AccelPrefix = "/dev/accel/accel";
}
