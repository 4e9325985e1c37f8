using Protmem.Uapi.Drm;

namespace Protmem.Uapi.Accel;

/// <summary>
/// include/uapi/drm/rocket_accel.h (Linux 6.18): the Rockchip NPU's ioctls, DRM_COMMAND_BASE + 0..3 on
/// /dev/accel/accelN, and the driver's name and version as DRM_IOCTL_VERSION reports them.
/// </summary>
public static class RocketIoctl
{
    /// <summary>DRM_ROCKET_CREATE_BO.</summary>
    [AbiSource(AbiSource.RocketHeader)]
    public const uint DRM_ROCKET_CREATE_BO = 0x00;

    /// <summary>DRM_ROCKET_SUBMIT.</summary>
    [AbiSource(AbiSource.RocketHeader)]
    public const uint DRM_ROCKET_SUBMIT = 0x01;

    /// <summary>DRM_ROCKET_PREP_BO.</summary>
    [AbiSource(AbiSource.RocketHeader)]
    public const uint DRM_ROCKET_PREP_BO = 0x02;

    /// <summary>DRM_ROCKET_FINI_BO.</summary>
    [AbiSource(AbiSource.RocketHeader)]
    public const uint DRM_ROCKET_FINI_BO = 0x03;

    /// <summary>DRM_IOWR(DRM_COMMAND_BASE + 0x00, struct drm_rocket_create_bo) = 0xC0186440.</summary>
    [AbiSource(AbiSource.RocketHeader)]
    public const uint DRM_IOCTL_ROCKET_CREATE_BO = Ioctl.IOC_INOUT | ((uint)DrmRocketCreateBo.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | (DrmIoctl.DRM_COMMAND_BASE + DRM_ROCKET_CREATE_BO);

    /// <summary>DRM_IOW(DRM_COMMAND_BASE + 0x01, struct drm_rocket_submit) = 0x40186441.</summary>
    [AbiSource(AbiSource.RocketHeader)]
    public const uint DRM_IOCTL_ROCKET_SUBMIT = Ioctl.IOC_IN | ((uint)DrmRocketSubmit.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | (DrmIoctl.DRM_COMMAND_BASE + DRM_ROCKET_SUBMIT);

    /// <summary>DRM_IOW(DRM_COMMAND_BASE + 0x02, struct drm_rocket_prep_bo) = 0x40106442.</summary>
    [AbiSource(AbiSource.RocketHeader)]
    public const uint DRM_IOCTL_ROCKET_PREP_BO = Ioctl.IOC_IN | ((uint)DrmRocketPrepBo.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | (DrmIoctl.DRM_COMMAND_BASE + DRM_ROCKET_PREP_BO);

    /// <summary>DRM_IOW(DRM_COMMAND_BASE + 0x03, struct drm_rocket_fini_bo) = 0x40086443.</summary>
    [AbiSource(AbiSource.RocketHeader)]
    public const uint DRM_IOCTL_ROCKET_FINI_BO = Ioctl.IOC_IN | ((uint)DrmRocketFiniBo.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | (DrmIoctl.DRM_COMMAND_BASE + DRM_ROCKET_FINI_BO);

    /// <summary>The driver name DRM_IOCTL_VERSION reports ("rocket"), as programs find the NPU.</summary>
    [AbiSource(AbiSource.Model)]
    public const string DriverName = "rocket";
}
