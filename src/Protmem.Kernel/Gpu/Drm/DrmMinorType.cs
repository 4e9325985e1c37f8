namespace Protmem.Kernel.Gpu.Drm;

/// <summary>enum drm_minor_type: which node a DRM file was opened through.</summary>
public enum DrmMinorType
{
    /// <summary>DRM_MINOR_PRIMARY: /dev/dri/cardN.</summary>
    Primary = 0,

    /// <summary>DRM_MINOR_RENDER: /dev/dri/renderD128+N; only DRM_RENDER_ALLOW ioctls.</summary>
    Render = 2,

    /// <summary>DRM_MINOR_ACCEL: /dev/accel/accelN.</summary>
    Accel = 32,
}
