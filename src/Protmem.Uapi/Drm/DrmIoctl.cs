namespace Protmem.Uapi.Drm;

/// <summary>
/// include/uapi/drm/drm.h: the few DRM ioctls a dma-buf importer needs (the dmabuf-heaps
/// selftest finds vgem with DRM_IOCTL_VERSION and imports with PRIME_FD_TO_HANDLE).
/// </summary>
public static class DrmIoctl
{
    /// <summary>'d'.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_BASE = 'd';

    /// <summary>_IOWR('d', 0x00, struct drm_version) = 0xC0406400.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_VERSION = Ioctl.IOC_INOUT | ((uint)DrmVersion.Size << Ioctl._IOC_SIZESHIFT) | (DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0x00;

    /// <summary>_IOW('d', 0x09, struct drm_gem_close) = 0x40086409.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_GEM_CLOSE = Ioctl.IOC_IN | ((uint)DrmGemClose.Size << Ioctl._IOC_SIZESHIFT) | (DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0x09;

    /// <summary>_IOWR('d', 0x2d, struct drm_prime_handle) = 0xC00C642D.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_PRIME_HANDLE_TO_FD = Ioctl.IOC_INOUT | ((uint)DrmPrimeHandle.Size << Ioctl._IOC_SIZESHIFT) | (DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0x2d;

    /// <summary>_IOWR('d', 0x2e, struct drm_prime_handle) = 0xC00C642E.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_PRIME_FD_TO_HANDLE = Ioctl.IOC_INOUT | ((uint)DrmPrimeHandle.Size << Ioctl._IOC_SIZESHIFT) | (DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0x2e;

    /// <summary>The DRM card nodes: /dev/dri/card0 … card15.</summary>
    [AbiSource(AbiSource.Model)]
    public const string CardPrefix = "/dev/dri/card";
}
