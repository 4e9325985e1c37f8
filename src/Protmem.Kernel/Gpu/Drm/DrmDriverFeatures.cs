namespace Protmem.Kernel.Gpu.Drm;

/// <summary>The DRIVER_* feature bits of <c>struct drm_driver</c> the model has.</summary>
[Flags]
public enum DrmDriverFeatures
{
    None = 0,

    /// <summary>DRIVER_GEM: buffer objects with per-file handles.</summary>
    Gem = 1 << 0,

    /// <summary>DRIVER_MODESET: kernel modesetting (CRTCs, planes, connectors, framebuffers) on the primary node.</summary>
    Modeset = 1 << 1,

    /// <summary>DRIVER_RENDER: a render node (/dev/dri/renderD128+N) besides the primary node.</summary>
    Render = 1 << 3,

    /// <summary>DRIVER_ATOMIC: the atomic modesetting uAPI (DRM_IOCTL_MODE_ATOMIC, DRM_CLIENT_CAP_ATOMIC).</summary>
    Atomic = 1 << 4,

    /// <summary>DRIVER_SYNCOBJ: the binary sync object ioctls (DRM_IOCTL_SYNCOBJ_*); without it they are -EOPNOTSUPP.</summary>
    Syncobj = 1 << 5,

    /// <summary>DRIVER_COMPUTE_ACCEL: an accel node (/dev/accel/accelN) instead of the dri nodes.</summary>
    ComputeAccel = 1 << 7,
}
