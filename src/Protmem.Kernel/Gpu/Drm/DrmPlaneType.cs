namespace Protmem.Kernel.Gpu.Drm;

/// <summary>enum drm_plane_type: the value of a plane's immutable "type" property.</summary>
public enum DrmPlaneType
{
    /// <summary>DRM_PLANE_TYPE_OVERLAY: any plane that is neither primary nor cursor.</summary>
    Overlay = 0,

    /// <summary>DRM_PLANE_TYPE_PRIMARY: the CRTC's main plane (what legacy SETCRTC programs).</summary>
    Primary = 1,

    /// <summary>DRM_PLANE_TYPE_CURSOR.</summary>
    Cursor = 2,
}
