namespace Protmem.Uapi.Drm;

/// <summary>
/// include/uapi/drm/drm.h and drm_mode.h: the modesetting ioctls the model's KMS display serves (resources,
/// planes, properties, framebuffers, atomic commit, client caps), their object types and flags, and
/// drm_fourcc.h's NV12.
/// </summary>
public static class DrmModeIoctl
{
    /// <summary>_IOW('d', 0x0d, struct drm_set_client_cap) = 0x4010640D.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_SET_CLIENT_CAP = Ioctl.IOC_IN | ((uint)DrmSetClientCap.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0x0d;

    /// <summary>_IOWR('d', 0xA0, struct drm_mode_card_res) = 0xC04064A0.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_MODE_GETRESOURCES = Ioctl.IOC_INOUT | ((uint)DrmModeCardRes.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xA0;

    /// <summary>_IOWR('d', 0xAA, struct drm_mode_get_property) = 0xC04064AA.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_MODE_GETPROPERTY = Ioctl.IOC_INOUT | ((uint)DrmModeGetProperty.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xAA;

    /// <summary>_IOWR('d', 0xAF, unsigned int) = 0xC00464AF.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_MODE_RMFB = Ioctl.IOC_INOUT | (4u << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xAF;

    /// <summary>_IOWR('d', 0xB5, struct drm_mode_get_plane_res) = 0xC01064B5.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_MODE_GETPLANERESOURCES = Ioctl.IOC_INOUT | ((uint)DrmModeGetPlaneRes.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xB5;

    /// <summary>_IOWR('d', 0xB8, struct drm_mode_fb_cmd2) = 0xC06864B8.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_MODE_ADDFB2 = Ioctl.IOC_INOUT | ((uint)DrmModeFbCmd2.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xB8;

    /// <summary>_IOWR('d', 0xB9, struct drm_mode_obj_get_properties) = 0xC02064B9.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_MODE_OBJ_GETPROPERTIES = Ioctl.IOC_INOUT | ((uint)DrmModeObjGetProperties.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xB9;

    /// <summary>_IOWR('d', 0xBC, struct drm_mode_atomic) = 0xC03864BC.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_MODE_ATOMIC = Ioctl.IOC_INOUT | ((uint)DrmModeAtomic.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xBC;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_CLIENT_CAP_UNIVERSAL_PLANES = 2;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_CLIENT_CAP_ATOMIC = 3;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_OBJECT_CRTC = 0xcccccccc;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_OBJECT_FB = 0xfbfbfbfb;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_OBJECT_PLANE = 0xeeeeeeee;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_OBJECT_ANY = 0;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_PAGE_FLIP_EVENT = 0x01;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_ATOMIC_TEST_ONLY = 0x0100;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_ATOMIC_NONBLOCK = 0x0200;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_ATOMIC_ALLOW_MODESET = 0x0400;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_ATOMIC_FLAGS = 0x0703;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_FB_MODIFIERS = 2;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_PROP_RANGE = 1 << 1;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_PROP_IMMUTABLE = 1 << 2;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_PROP_ENUM = 1 << 3;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_PROP_OBJECT = 1 << 6;

    /// <summary>drm_fourcc.h DRM_FORMAT_NV12: fourcc_code('N', 'V', '1', '2').</summary>
    [AbiSource(AbiSource.Model)]
    public const uint DRM_FORMAT_NV12 = 'N' | ('V' << 8) | ('1' << 16) | ('2' << 24);

    /// <summary>enum drm_plane_type values of a plane's immutable "type" property (drm_mode.h has no macros for them).</summary>
    [AbiSource(AbiSource.Model)]
    public const uint DRM_PLANE_TYPE_OVERLAY = 0;

    [AbiSource(AbiSource.Model)]
    public const uint DRM_PLANE_TYPE_PRIMARY = 1;

    /// <summary>_IO('d', 0x1e) = 0x641E: become the device's DRM master.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_SET_MASTER = (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0x1e;

    /// <summary>_IO('d', 0x1f) = 0x641F: stop being the DRM master.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_DROP_MASTER = (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0x1f;

    /// <summary>_IOWR('d', 0xA1, struct drm_mode_crtc) = 0xC06864A1.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_MODE_GETCRTC = Ioctl.IOC_INOUT | ((uint)DrmModeCrtc.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xA1;

    /// <summary>_IOWR('d', 0xA6, struct drm_mode_get_encoder) = 0xC01464A6.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_MODE_GETENCODER = Ioctl.IOC_INOUT | ((uint)DrmModeGetEncoder.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xA6;

    /// <summary>_IOWR('d', 0xA7, struct drm_mode_get_connector) = 0xC05064A7.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_MODE_GETCONNECTOR = Ioctl.IOC_INOUT | ((uint)DrmModeGetConnector.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xA7;

    /// <summary>_IOWR('d', 0xB6, struct drm_mode_get_plane) = 0xC02064B6.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_MODE_GETPLANE = Ioctl.IOC_INOUT | ((uint)DrmModeGetPlane.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xB6;

    /// <summary>_IOWR('d', 0xBD, struct drm_mode_create_blob) = 0xC01064BD.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_MODE_CREATEPROPBLOB = Ioctl.IOC_INOUT | ((uint)DrmModeCreateBlob.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xBD;

    /// <summary>_IOWR('d', 0xBE, struct drm_mode_destroy_blob) = 0xC00464BE.</summary>
    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_IOCTL_MODE_DESTROYPROPBLOB = Ioctl.IOC_INOUT | ((uint)DrmModeDestroyBlob.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | 0xBE;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_CLIENT_CAP_STEREO_3D = 1;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_CLIENT_CAP_ASPECT_RATIO = 4;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_CLIENT_CAP_WRITEBACK_CONNECTORS = 5;

    [AbiSource(AbiSource.DrmHeader)]
    public const ulong DRM_CAP_DUMB_BUFFER = 0x1;

    [AbiSource(AbiSource.DrmHeader)]
    public const ulong DRM_CAP_VBLANK_HIGH_CRTC = 0x2;

    [AbiSource(AbiSource.DrmHeader)]
    public const ulong DRM_CAP_ADDFB2_MODIFIERS = 0x10;

    [AbiSource(AbiSource.DrmHeader)]
    public const ulong DRM_CAP_CRTC_IN_VBLANK_EVENT = 0x12;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_OBJECT_CONNECTOR = 0xc0c0c0c0;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_OBJECT_ENCODER = 0xe0e0e0e0;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_OBJECT_MODE = 0xdededede;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_OBJECT_PROPERTY = 0xb0b0b0b0;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_OBJECT_BLOB = 0xbbbbbbbb;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_PAGE_FLIP_ASYNC = 0x02;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_FB_INTERLACED = 1;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_PROP_BLOB = 1 << 4;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_PROP_SIGNED_RANGE = 2 << 6;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_PROP_ATOMIC = 0x80000000;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_PROP_EXTENDED_TYPE = 0x0000ffc0;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_ENCODER_TMDS = 2;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_CONNECTOR_HDMIA = 11;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_TYPE_PREFERRED = 1 << 3;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_TYPE_DRIVER = 1 << 6;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_FLAG_PHSYNC = 1 << 0;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_MODE_FLAG_PVSYNC = 1 << 2;

    [AbiSource(AbiSource.DrmHeader)]
    public const int DRM_DISPLAY_MODE_LEN = 32;

    [AbiSource(AbiSource.DrmHeader)]
    public const int DRM_PROP_NAME_LEN = 32;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_EVENT_VBLANK = 0x01;

    [AbiSource(AbiSource.DrmHeader)]
    public const uint DRM_EVENT_FLIP_COMPLETE = 0x02;

    /// <summary>drm_fourcc.h DRM_FORMAT_XRGB8888: fourcc_code('X', 'R', '2', '4').</summary>
    [AbiSource(AbiSource.Model)]
    public const uint DRM_FORMAT_XRGB8888 = 'X' | ('R' << 8) | ('2' << 16) | ('4' << 24);

    /// <summary>drm_fourcc.h DRM_FORMAT_MOD_LINEAR: fourcc_mod_code(NONE, 0).</summary>
    [AbiSource(AbiSource.Model)]
    public const ulong DRM_FORMAT_MOD_LINEAR = 0;

    /// <summary>enum drm_connector_status: connector_status_connected.</summary>
    [AbiSource(AbiSource.Model)]
    public const uint DRM_MODE_CONNECTED = 1;

    [AbiSource(AbiSource.Model)]
    public const uint DRM_PLANE_TYPE_CURSOR = 2;
}
