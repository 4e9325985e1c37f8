/* SPDX-License-Identifier: MIT */
/* Protmem's ABI check (RealHeaderTests): drm.h and drm_mode.h: the machine's (libdrm-dev), else the uapi declaration. */
#ifndef PROTMEM_ABI_DRM_H
#define PROTMEM_ABI_DRM_H

/* include/uapi/drm/drm.h: Debian ships it in libdrm-dev (as libdrm/drm.h); declared here when absent. */
#if __has_include(<drm/drm.h>)
#include <drm/drm.h>
#define PROTMEM_DECLARED_DRM 0
#elif __has_include(<libdrm/drm.h>)
#include <libdrm/drm.h>
#define PROTMEM_DECLARED_DRM 0
#else
#define PROTMEM_DECLARED_DRM 1
struct drm_version {
    int version_major;
    int version_minor;
    int version_patchlevel;
    __kernel_size_t name_len;
    char *name;
    __kernel_size_t date_len;
    char *date;
    __kernel_size_t desc_len;
    char *desc;
};
struct drm_prime_handle {
    __u32 handle;
    __u32 flags;
    __s32 fd;
};
struct drm_gem_close {
    __u32 handle;
    __u32 pad;
};
struct drm_get_cap {
    __u64 capability;
    __u64 value;
};
#define DRM_IOCTL_BASE 'd'
#define DRM_COMMAND_BASE 0x40
#define DRM_COMMAND_END 0xA0
#define DRM_CLOEXEC O_CLOEXEC
#define DRM_RDWR O_RDWR
#define DRM_CAP_PRIME 0x5
#define DRM_PRIME_CAP_IMPORT 0x1
#define DRM_PRIME_CAP_EXPORT 0x2
#define DRM_CAP_TIMESTAMP_MONOTONIC 0x6
#define DRM_CAP_SYNCOBJ 0x13
#define DRM_CAP_SYNCOBJ_TIMELINE 0x14
#define DRM_IOCTL_GET_CAP _IOWR(DRM_IOCTL_BASE, 0x0c, struct drm_get_cap)
#define DRM_IOCTL_VERSION _IOWR(DRM_IOCTL_BASE, 0x00, struct drm_version)
#define DRM_IOCTL_GEM_CLOSE _IOW(DRM_IOCTL_BASE, 0x09, struct drm_gem_close)
#define DRM_IOCTL_PRIME_HANDLE_TO_FD _IOWR(DRM_IOCTL_BASE, 0x2d, struct drm_prime_handle)
#define DRM_IOCTL_PRIME_FD_TO_HANDLE _IOWR(DRM_IOCTL_BASE, 0x2e, struct drm_prime_handle)
struct drm_syncobj_create { __u32 handle; __u32 flags; };
struct drm_syncobj_destroy { __u32 handle; __u32 pad; };
struct drm_syncobj_handle { __u32 handle; __u32 flags; __s32 fd; __u32 pad; };
struct drm_syncobj_wait { __u64 handles; __s64 timeout_nsec; __u32 count_handles; __u32 flags; __u32 first_signaled; __u32 pad; };
struct drm_syncobj_array { __u64 handles; __u32 count_handles; __u32 pad; };
#define DRM_SYNCOBJ_CREATE_SIGNALED (1 << 0)
#define DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE (1 << 0)
#define DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE (1 << 0)
#define DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL (1 << 0)
#define DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT (1 << 1)
#define DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE (1 << 2)
#define DRM_IOCTL_SYNCOBJ_CREATE _IOWR(DRM_IOCTL_BASE, 0xBF, struct drm_syncobj_create)
#define DRM_IOCTL_SYNCOBJ_DESTROY _IOWR(DRM_IOCTL_BASE, 0xC0, struct drm_syncobj_destroy)
#define DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD _IOWR(DRM_IOCTL_BASE, 0xC1, struct drm_syncobj_handle)
#define DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE _IOWR(DRM_IOCTL_BASE, 0xC2, struct drm_syncobj_handle)
#define DRM_IOCTL_SYNCOBJ_WAIT _IOWR(DRM_IOCTL_BASE, 0xC3, struct drm_syncobj_wait)
#define DRM_IOCTL_SYNCOBJ_RESET _IOWR(DRM_IOCTL_BASE, 0xC4, struct drm_syncobj_array)
#define DRM_IOCTL_SYNCOBJ_SIGNAL _IOWR(DRM_IOCTL_BASE, 0xC5, struct drm_syncobj_array)
struct drm_syncobj_timeline_wait { __u64 handles; __u64 points; __s64 timeout_nsec; __u32 count_handles; __u32 flags; __u32 first_signaled; __u32 pad; };
struct drm_syncobj_timeline_array { __u64 handles; __u64 points; __u32 count_handles; __u32 flags; };
struct drm_syncobj_transfer { __u32 src_handle; __u32 dst_handle; __u64 src_point; __u64 dst_point; __u32 flags; __u32 pad; };
#define DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT _IOWR(DRM_IOCTL_BASE, 0xCA, struct drm_syncobj_timeline_wait)
#define DRM_IOCTL_SYNCOBJ_QUERY _IOWR(DRM_IOCTL_BASE, 0xCB, struct drm_syncobj_timeline_array)
#define DRM_IOCTL_SYNCOBJ_TRANSFER _IOWR(DRM_IOCTL_BASE, 0xCC, struct drm_syncobj_transfer)
#define DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL _IOWR(DRM_IOCTL_BASE, 0xCD, struct drm_syncobj_timeline_array)
/* drm_mode.h and the modesetting part of drm.h (libdrm 2.4.114). */
#define DRM_DISPLAY_MODE_LEN 32
#define DRM_PROP_NAME_LEN 32
#define DRM_MODE_PROP_TYPE(n) ((n) << 6)
struct drm_mode_modeinfo {
    __u32 clock;
    __u16 hdisplay;
    __u16 hsync_start;
    __u16 hsync_end;
    __u16 htotal;
    __u16 hskew;
    __u16 vdisplay;
    __u16 vsync_start;
    __u16 vsync_end;
    __u16 vtotal;
    __u16 vscan;
    __u32 vrefresh;
    __u32 flags;
    __u32 type;
    char name[DRM_DISPLAY_MODE_LEN];
};
struct drm_mode_card_res {
    __u64 fb_id_ptr;
    __u64 crtc_id_ptr;
    __u64 connector_id_ptr;
    __u64 encoder_id_ptr;
    __u32 count_fbs;
    __u32 count_crtcs;
    __u32 count_connectors;
    __u32 count_encoders;
    __u32 min_width;
    __u32 max_width;
    __u32 min_height;
    __u32 max_height;
};
struct drm_mode_crtc {
    __u64 set_connectors_ptr;
    __u32 count_connectors;
    __u32 crtc_id;
    __u32 fb_id;
    __u32 x;
    __u32 y;
    __u32 gamma_size;
    __u32 mode_valid;
    struct drm_mode_modeinfo mode;
};
struct drm_mode_get_plane {
    __u32 plane_id;
    __u32 crtc_id;
    __u32 fb_id;
    __u32 possible_crtcs;
    __u32 gamma_size;
    __u32 count_format_types;
    __u64 format_type_ptr;
};
struct drm_mode_get_plane_res {
    __u64 plane_id_ptr;
    __u32 count_planes;
};
struct drm_mode_get_encoder {
    __u32 encoder_id;
    __u32 encoder_type;
    __u32 crtc_id;
    __u32 possible_crtcs;
    __u32 possible_clones;
};
struct drm_mode_get_connector {
    __u64 encoders_ptr;
    __u64 modes_ptr;
    __u64 props_ptr;
    __u64 prop_values_ptr;
    __u32 count_modes;
    __u32 count_props;
    __u32 count_encoders;
    __u32 encoder_id;
    __u32 connector_id;
    __u32 connector_type;
    __u32 connector_type_id;
    __u32 connection;
    __u32 mm_width;
    __u32 mm_height;
    __u32 subpixel;
    __u32 pad;
};
struct drm_mode_property_enum {
    __u64 value;
    char name[DRM_PROP_NAME_LEN];
};
struct drm_mode_get_property {
    __u64 values_ptr;
    __u64 enum_blob_ptr;
    __u32 prop_id;
    __u32 flags;
    char name[DRM_PROP_NAME_LEN];
    __u32 count_values;
    __u32 count_enum_blobs;
};
struct drm_mode_obj_get_properties {
    __u64 props_ptr;
    __u64 prop_values_ptr;
    __u32 count_props;
    __u32 obj_id;
    __u32 obj_type;
};
struct drm_mode_fb_cmd2 {
    __u32 fb_id;
    __u32 width;
    __u32 height;
    __u32 pixel_format;
    __u32 flags;
    __u32 handles[4];
    __u32 pitches[4];
    __u32 offsets[4];
    __u64 modifier[4];
};
struct drm_mode_atomic {
    __u32 flags;
    __u32 count_objs;
    __u64 objs_ptr;
    __u64 count_props_ptr;
    __u64 props_ptr;
    __u64 prop_values_ptr;
    __u64 reserved;
    __u64 user_data;
};
struct drm_mode_create_blob {
    __u64 data;
    __u32 length;
    __u32 blob_id;
};
struct drm_mode_destroy_blob {
    __u32 blob_id;
};
struct drm_set_client_cap {
    __u64 capability;
    __u64 value;
};
struct drm_event {
    __u32 type;
    __u32 length;
};
struct drm_event_vblank {
    struct drm_event base;
    __u64 user_data;
    __u32 tv_sec;
    __u32 tv_usec;
    __u32 sequence;
    __u32 crtc_id;
};
#define DRM_IOCTL_SET_CLIENT_CAP _IOW(DRM_IOCTL_BASE,  0x0d, struct drm_set_client_cap)
#define DRM_IOCTL_MODE_GETRESOURCES _IOWR(DRM_IOCTL_BASE, 0xA0, struct drm_mode_card_res)
#define DRM_IOCTL_MODE_GETPROPERTY _IOWR(DRM_IOCTL_BASE, 0xAA, struct drm_mode_get_property)
#define DRM_IOCTL_MODE_RMFB _IOWR(DRM_IOCTL_BASE, 0xAF, unsigned int)
#define DRM_IOCTL_MODE_GETPLANERESOURCES _IOWR(DRM_IOCTL_BASE, 0xB5, struct drm_mode_get_plane_res)
#define DRM_IOCTL_MODE_ADDFB2 _IOWR(DRM_IOCTL_BASE, 0xB8, struct drm_mode_fb_cmd2)
#define DRM_IOCTL_MODE_OBJ_GETPROPERTIES _IOWR(DRM_IOCTL_BASE, 0xB9, struct drm_mode_obj_get_properties)
#define DRM_IOCTL_MODE_ATOMIC _IOWR(DRM_IOCTL_BASE, 0xBC, struct drm_mode_atomic)
#define DRM_CLIENT_CAP_UNIVERSAL_PLANES 2
#define DRM_CLIENT_CAP_ATOMIC 3
#define DRM_MODE_OBJECT_CRTC 0xcccccccc
#define DRM_MODE_OBJECT_FB 0xfbfbfbfb
#define DRM_MODE_OBJECT_PLANE 0xeeeeeeee
#define DRM_MODE_OBJECT_ANY 0
#define DRM_MODE_PAGE_FLIP_EVENT 0x01
#define DRM_MODE_ATOMIC_TEST_ONLY 0x0100
#define DRM_MODE_ATOMIC_NONBLOCK 0x0200
#define DRM_MODE_ATOMIC_ALLOW_MODESET 0x0400
#define DRM_MODE_ATOMIC_FLAGS (DRM_MODE_PAGE_FLIP_EVENT | DRM_MODE_PAGE_FLIP_ASYNC | DRM_MODE_ATOMIC_TEST_ONLY | DRM_MODE_ATOMIC_NONBLOCK | DRM_MODE_ATOMIC_ALLOW_MODESET)
#define DRM_MODE_FB_MODIFIERS (1<<1)
#define DRM_MODE_PROP_RANGE (1<<1)
#define DRM_MODE_PROP_IMMUTABLE (1<<2)
#define DRM_MODE_PROP_ENUM (1<<3)
#define DRM_MODE_PROP_OBJECT DRM_MODE_PROP_TYPE(1)
#define DRM_IOCTL_SET_MASTER _IO(DRM_IOCTL_BASE, 0x1e)
#define DRM_IOCTL_DROP_MASTER _IO(DRM_IOCTL_BASE, 0x1f)
#define DRM_IOCTL_MODE_GETCRTC _IOWR(DRM_IOCTL_BASE, 0xA1, struct drm_mode_crtc)
#define DRM_IOCTL_MODE_GETENCODER _IOWR(DRM_IOCTL_BASE, 0xA6, struct drm_mode_get_encoder)
#define DRM_IOCTL_MODE_GETCONNECTOR _IOWR(DRM_IOCTL_BASE, 0xA7, struct drm_mode_get_connector)
#define DRM_IOCTL_MODE_GETPLANE _IOWR(DRM_IOCTL_BASE, 0xB6, struct drm_mode_get_plane)
#define DRM_IOCTL_MODE_CREATEPROPBLOB _IOWR(DRM_IOCTL_BASE, 0xBD, struct drm_mode_create_blob)
#define DRM_IOCTL_MODE_DESTROYPROPBLOB _IOWR(DRM_IOCTL_BASE, 0xBE, struct drm_mode_destroy_blob)
#define DRM_CLIENT_CAP_STEREO_3D 1
#define DRM_CLIENT_CAP_ASPECT_RATIO 4
#define DRM_CLIENT_CAP_WRITEBACK_CONNECTORS 5
#define DRM_CAP_DUMB_BUFFER 0x1
#define DRM_CAP_VBLANK_HIGH_CRTC 0x2
#define DRM_CAP_ADDFB2_MODIFIERS 0x10
#define DRM_CAP_CRTC_IN_VBLANK_EVENT 0x12
#define DRM_MODE_OBJECT_CONNECTOR 0xc0c0c0c0
#define DRM_MODE_OBJECT_ENCODER 0xe0e0e0e0
#define DRM_MODE_OBJECT_MODE 0xdededede
#define DRM_MODE_OBJECT_PROPERTY 0xb0b0b0b0
#define DRM_MODE_OBJECT_BLOB 0xbbbbbbbb
#define DRM_MODE_PAGE_FLIP_ASYNC 0x02
#define DRM_MODE_FB_INTERLACED (1<<0)
#define DRM_MODE_PROP_BLOB (1<<4)
#define DRM_MODE_PROP_SIGNED_RANGE DRM_MODE_PROP_TYPE(2)
#define DRM_MODE_PROP_ATOMIC 0x80000000
#define DRM_MODE_PROP_EXTENDED_TYPE 0x0000ffc0
#define DRM_MODE_ENCODER_TMDS 2
#define DRM_MODE_CONNECTOR_HDMIA 11
#define DRM_MODE_TYPE_PREFERRED (1<<3)
#define DRM_MODE_TYPE_DRIVER (1<<6)
#define DRM_MODE_FLAG_PHSYNC (1<<0)
#define DRM_MODE_FLAG_PVSYNC (1<<2)
#define DRM_EVENT_VBLANK 0x01
#define DRM_EVENT_FLIP_COMPLETE 0x02
#endif

#endif /* PROTMEM_ABI_DRM_H */
