namespace Protmem.Uapi.Drm;

/// <summary>
/// include/uapi/drm/drm.h: the sync object ioctls (drm_syncobj.c) and their flags. The timeline ioctls are
/// numbered here (their structs are 40, 24 and 32 bytes) so that the core can refuse them as a driver without
/// DRIVER_SYNCOBJ_TIMELINE does.
/// </summary>
public static class DrmSyncobjIoctl
{
    /// <summary>_IOWR('d', 0xBF, struct drm_syncobj_create) = 0xC00864BF.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_SYNCOBJ_CREATE = Ioctl.IOC_INOUT | ((uint)DrmSyncobjCreate.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xBF;

    /// <summary>_IOWR('d', 0xC0, struct drm_syncobj_destroy) = 0xC00864C0.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_SYNCOBJ_DESTROY = Ioctl.IOC_INOUT | ((uint)DrmSyncobjDestroy.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xC0;

    /// <summary>_IOWR('d', 0xC1, struct drm_syncobj_handle) = 0xC01064C1.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD = Ioctl.IOC_INOUT | ((uint)DrmSyncobjHandle.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xC1;

    /// <summary>_IOWR('d', 0xC2, struct drm_syncobj_handle) = 0xC01064C2.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE = Ioctl.IOC_INOUT | ((uint)DrmSyncobjHandle.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xC2;

    /// <summary>_IOWR('d', 0xC3, struct drm_syncobj_wait) = 0xC02064C3.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_SYNCOBJ_WAIT = Ioctl.IOC_INOUT | ((uint)DrmSyncobjWait.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xC3;

    /// <summary>_IOWR('d', 0xC4, struct drm_syncobj_array) = 0xC01064C4.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_SYNCOBJ_RESET = Ioctl.IOC_INOUT | ((uint)DrmSyncobjArray.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xC4;

    /// <summary>_IOWR('d', 0xC5, struct drm_syncobj_array) = 0xC01064C5.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_SYNCOBJ_SIGNAL = Ioctl.IOC_INOUT | ((uint)DrmSyncobjArray.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xC5;

    /// <summary>CREATE: the new syncobj holds an already signaled fence.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_SYNCOBJ_CREATE_SIGNALED = 1 << 0;

    /// <summary>FD_TO_HANDLE: the fd is a sync_file whose fence replaces the one of the syncobj named by handle.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE = 1 << 0;

    /// <summary>HANDLE_TO_FD: the fd is a new sync_file carrying the syncobj's current fence.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE = 1 << 0;

    /// <summary>WAIT: every syncobj must signal (else any one).</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL = 1 << 0;

    /// <summary>WAIT: a syncobj without a fence yet is waited for until one is submitted (else -EINVAL).</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT = 1 << 1;

    /// <summary>WAIT: a fence being present is enough (timeline points becoming available).</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE = 1 << 2;

    /// <summary>_IOWR('d', 0xCA, struct drm_syncobj_timeline_wait) = 0xC02864CA.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT = Ioctl.IOC_INOUT | (40u << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xCA;

    /// <summary>_IOWR('d', 0xCB, struct drm_syncobj_timeline_array) = 0xC01864CB.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_SYNCOBJ_QUERY = Ioctl.IOC_INOUT | (24u << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xCB;

    /// <summary>_IOWR('d', 0xCC, struct drm_syncobj_transfer) = 0xC02064CC.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_SYNCOBJ_TRANSFER = Ioctl.IOC_INOUT | (32u << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xCC;

    /// <summary>_IOWR('d', 0xCD, struct drm_syncobj_timeline_array) = 0xC01864CD.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL = Ioctl.IOC_INOUT | (24u << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xCD;
}
