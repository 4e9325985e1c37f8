using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Xunit.Abstractions;

namespace Protmem.Uapi.Tests;

/// <summary>
/// The whole ABI against the machine's real headers: a C program, generated from
/// <see cref="UapiAbi"/>, is compiled with gcc against /usr/include/linux/{dma-heap,dma-buf,tee}.h
/// and sync_file.h (and libc's errno.h, fcntl.h, sys/mman.h) and prints every ioctl number, constant, sizeof and
/// offsetof; each must equal the C# value.
/// <list type="bullet">
/// <item>Linux 6.18 items (TEE_IOC_SHM_REGISTER_FD and its struct) are checked against the header when
/// it has them; an older linux-libc-dev lacks them, and then they are checked against the merged
/// declaration carried here (gcc still computes the layout and the _IOWR number).</item>
/// <item>The DRM structs and ioctls (drm/drm.h, which Debian ships in libdrm-dev) are checked against
/// that header when present, else against the uapi declaration carried here.</item>
/// <item>rocket_accel.h (Linux 6.18) is in no package of the supported machines: its structs and ioctls are
/// checked against the merged declaration carried here (gcc computes the layout and the _IOW/_IOWR numbers);
/// the header is used instead when a machine has it.</item>
/// <item>The seed design (TEE_IOC_RSTMEM_ALLOC, tee_ioctl_rstmem_alloc_data, TEE_IOC_UC_*,
/// TEE_GEN_CAP_RSTMEM) is in no header: it is checked by encoding arithmetic only, with gcc's
/// _IOWR and layout over the declaration of the v4/v5 postings carried here.</item>
/// <item>GlobalPlatform results, kernel-internal shm flags and model facts are not header macros; other tests pin them.</item>
/// </list>
/// </summary>
public sealed class RealHeaderTests(ITestOutputHelper output)
{
    private static readonly string[] KernelHeaders =
    [
        "/usr/include/linux/dma-heap.h",
        "/usr/include/linux/dma-buf.h",
        "/usr/include/linux/tee.h",
        "/usr/include/linux/sync_file.h",
    ];

    private const string Prologue = """
        #include <stddef.h>
        #include <stdio.h>
        #include <errno.h>
        #include <fcntl.h>
        #include <unistd.h>
        #include <poll.h>
        #include <sys/mman.h>
        #include <linux/ioctl.h>
        #include <linux/types.h>
        #include <linux/dma-heap.h>
        #include <linux/dma-buf.h>
        #include <linux/tee.h>
        #include <linux/sync_file.h>
        #include <linux/videodev2.h>

        #define P(name, expr) printf("%s=%llu\n", name, (unsigned long long)(expr))

        /* Linux 6.18 (v12 5/9): used only when this machine's tee.h predates it. */
        #ifndef TEE_IOC_SHM_REGISTER_FD
        #define PROTMEM_DECLARED_LINUX618 1
        struct tee_ioctl_shm_register_fd_data {
            __s64 fd;
            __u64 size;
            __u32 flags;
            __s32 id;
        };
        #define TEE_IOC_SHM_REGISTER_FD _IOWR(TEE_IOC_MAGIC, TEE_IOC_BASE + 8, struct tee_ioctl_shm_register_fd_data)
        #else
        #define PROTMEM_DECLARED_LINUX618 0
        #endif

        /* Linux 6.4 (sync_file.h): used only when this machine's header predates it. */
        #ifndef SYNC_IOC_SET_DEADLINE
        #define PROTMEM_DECLARED_SET_DEADLINE 1
        struct sync_set_deadline {
            __u64 deadline_ns;
            __u64 pad;
        };
        #define SYNC_IOC_SET_DEADLINE _IOW(SYNC_IOC_MAGIC, 5, struct sync_set_deadline)
        #else
        #define PROTMEM_DECLARED_SET_DEADLINE 0
        #endif

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

        /* include/uapi/drm/rocket_accel.h (Linux 6.18): no package on this machine ships it; the merged declaration. */
        #if __has_include(<drm/rocket_accel.h>)
        #include <drm/rocket_accel.h>
        #define PROTMEM_DECLARED_ROCKET 0
        #else
        #define PROTMEM_DECLARED_ROCKET 1
        struct drm_rocket_create_bo {
            __u32 size;
            __u32 handle;
            __u64 dma_address;
            __u64 offset;
        };
        struct drm_rocket_prep_bo {
            __u32 handle;
            __u32 reserved;
            __s64 timeout_ns;
        };
        struct drm_rocket_fini_bo {
            __u32 handle;
            __u32 reserved;
        };
        struct drm_rocket_task {
            __u32 regcmd;
            __u32 regcmd_count;
        };
        struct drm_rocket_job {
            __u64 tasks;
            __u64 in_bo_handles;
            __u64 out_bo_handles;
            __u32 task_count;
            __u32 task_struct_size;
            __u32 in_bo_handle_count;
            __u32 out_bo_handle_count;
        };
        struct drm_rocket_submit {
            __u64 jobs;
            __u32 job_count;
            __u32 job_struct_size;
            __u64 reserved;
        };
        #define DRM_ROCKET_CREATE_BO 0x00
        #define DRM_ROCKET_SUBMIT 0x01
        #define DRM_ROCKET_PREP_BO 0x02
        #define DRM_ROCKET_FINI_BO 0x03
        #define DRM_IOCTL_ROCKET_CREATE_BO _IOWR(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_ROCKET_CREATE_BO, struct drm_rocket_create_bo)
        #define DRM_IOCTL_ROCKET_SUBMIT _IOW(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_ROCKET_SUBMIT, struct drm_rocket_submit)
        #define DRM_IOCTL_ROCKET_PREP_BO _IOW(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_ROCKET_PREP_BO, struct drm_rocket_prep_bo)
        #define DRM_IOCTL_ROCKET_FINI_BO _IOW(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_ROCKET_FINI_BO, struct drm_rocket_fini_bo)
        #endif

        /* include/uapi/drm/panthor_drm.h (Linux 6.18): no package on this machine ships it; the merged declaration (enum
           constants as macros). With the header, each enum constant is aliased to a macro of its own name for the #ifdef checks. */
        #if __has_include(<drm/panthor_drm.h>)
        #include <drm/panthor_drm.h>
        #define PROTMEM_DECLARED_PANTHOR 0
        #define DRM_PANTHOR_DEV_QUERY DRM_PANTHOR_DEV_QUERY
        #define DRM_PANTHOR_VM_CREATE DRM_PANTHOR_VM_CREATE
        #define DRM_PANTHOR_VM_DESTROY DRM_PANTHOR_VM_DESTROY
        #define DRM_PANTHOR_VM_BIND DRM_PANTHOR_VM_BIND
        #define DRM_PANTHOR_BO_CREATE DRM_PANTHOR_BO_CREATE
        #define DRM_PANTHOR_BO_MMAP_OFFSET DRM_PANTHOR_BO_MMAP_OFFSET
        #define DRM_PANTHOR_GROUP_CREATE DRM_PANTHOR_GROUP_CREATE
        #define DRM_PANTHOR_GROUP_DESTROY DRM_PANTHOR_GROUP_DESTROY
        #define DRM_PANTHOR_GROUP_SUBMIT DRM_PANTHOR_GROUP_SUBMIT
        #define DRM_PANTHOR_GROUP_GET_STATE DRM_PANTHOR_GROUP_GET_STATE
        #define DRM_PANTHOR_VM_GET_STATE DRM_PANTHOR_VM_GET_STATE
        #define DRM_PANTHOR_TILER_HEAP_CREATE DRM_PANTHOR_TILER_HEAP_CREATE
        #define DRM_PANTHOR_TILER_HEAP_DESTROY DRM_PANTHOR_TILER_HEAP_DESTROY
        #define DRM_IOCTL_PANTHOR_DEV_QUERY DRM_IOCTL_PANTHOR_DEV_QUERY
        #define DRM_IOCTL_PANTHOR_VM_CREATE DRM_IOCTL_PANTHOR_VM_CREATE
        #define DRM_IOCTL_PANTHOR_VM_DESTROY DRM_IOCTL_PANTHOR_VM_DESTROY
        #define DRM_IOCTL_PANTHOR_VM_BIND DRM_IOCTL_PANTHOR_VM_BIND
        #define DRM_IOCTL_PANTHOR_BO_CREATE DRM_IOCTL_PANTHOR_BO_CREATE
        #define DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET
        #define DRM_IOCTL_PANTHOR_GROUP_CREATE DRM_IOCTL_PANTHOR_GROUP_CREATE
        #define DRM_IOCTL_PANTHOR_GROUP_DESTROY DRM_IOCTL_PANTHOR_GROUP_DESTROY
        #define DRM_IOCTL_PANTHOR_GROUP_SUBMIT DRM_IOCTL_PANTHOR_GROUP_SUBMIT
        #define DRM_IOCTL_PANTHOR_GROUP_GET_STATE DRM_IOCTL_PANTHOR_GROUP_GET_STATE
        #define DRM_PANTHOR_DEV_QUERY_GPU_INFO DRM_PANTHOR_DEV_QUERY_GPU_INFO
        #define DRM_PANTHOR_DEV_QUERY_CSIF_INFO DRM_PANTHOR_DEV_QUERY_CSIF_INFO
        #define DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO
        #define DRM_PANTHOR_DEV_QUERY_GROUP_PRIORITIES_INFO DRM_PANTHOR_DEV_QUERY_GROUP_PRIORITIES_INFO
        #define DRM_PANTHOR_BO_NO_MMAP DRM_PANTHOR_BO_NO_MMAP
        #define DRM_PANTHOR_VM_BIND_OP_MAP_READONLY DRM_PANTHOR_VM_BIND_OP_MAP_READONLY
        #define DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC
        #define DRM_PANTHOR_VM_BIND_OP_MAP_UNCACHED DRM_PANTHOR_VM_BIND_OP_MAP_UNCACHED
        #define DRM_PANTHOR_VM_BIND_OP_TYPE_MASK DRM_PANTHOR_VM_BIND_OP_TYPE_MASK
        #define DRM_PANTHOR_VM_BIND_OP_TYPE_MAP DRM_PANTHOR_VM_BIND_OP_TYPE_MAP
        #define DRM_PANTHOR_VM_BIND_OP_TYPE_UNMAP DRM_PANTHOR_VM_BIND_OP_TYPE_UNMAP
        #define DRM_PANTHOR_VM_BIND_OP_TYPE_SYNC_ONLY DRM_PANTHOR_VM_BIND_OP_TYPE_SYNC_ONLY
        #define DRM_PANTHOR_VM_BIND_ASYNC DRM_PANTHOR_VM_BIND_ASYNC
        #define DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_MASK DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_MASK
        #define DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ
        #define DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ
        #define DRM_PANTHOR_SYNC_OP_SIGNAL DRM_PANTHOR_SYNC_OP_SIGNAL
        #define PANTHOR_GROUP_PRIORITY_LOW PANTHOR_GROUP_PRIORITY_LOW
        #define PANTHOR_GROUP_PRIORITY_MEDIUM PANTHOR_GROUP_PRIORITY_MEDIUM
        #define PANTHOR_GROUP_PRIORITY_HIGH PANTHOR_GROUP_PRIORITY_HIGH
        #define PANTHOR_GROUP_PRIORITY_REALTIME PANTHOR_GROUP_PRIORITY_REALTIME
        #define DRM_PANTHOR_GROUP_STATE_TIMEDOUT DRM_PANTHOR_GROUP_STATE_TIMEDOUT
        #define DRM_PANTHOR_GROUP_STATE_FATAL_FAULT DRM_PANTHOR_GROUP_STATE_FATAL_FAULT
        #define DRM_PANTHOR_GROUP_STATE_INNOCENT DRM_PANTHOR_GROUP_STATE_INNOCENT
        #else
        #define PROTMEM_DECLARED_PANTHOR 1
        struct drm_panthor_obj_array { __u32 stride; __u32 count; __u64 array; };
        struct drm_panthor_sync_op { __u32 flags; __u32 handle; __u64 timeline_value; };
        struct drm_panthor_dev_query { __u32 type; __u32 size; __u64 pointer; };
        struct drm_panthor_gpu_info {
            __u32 gpu_id; __u32 gpu_rev; __u32 csf_id; __u32 l2_features; __u32 tiler_features; __u32 mem_features;
            __u32 mmu_features; __u32 thread_features; __u32 max_threads; __u32 thread_max_workgroup_size;
            __u32 thread_max_barrier_size; __u32 coherency_features; __u32 texture_features[4]; __u32 as_present;
            __u64 shader_present; __u64 l2_present; __u64 tiler_present; __u32 core_features; __u32 pad;
        };
        struct drm_panthor_csif_info { __u32 csg_slot_count; __u32 cs_slot_count; __u32 cs_reg_count; __u32 scoreboard_slot_count; __u32 unpreserved_cs_reg_count; __u32 pad; };
        struct drm_panthor_group_priorities_info { __u8 allowed_mask; __u8 pad[3]; };
        struct drm_panthor_vm_create { __u32 flags; __u32 id; __u64 user_va_range; };
        struct drm_panthor_vm_destroy { __u32 id; __u32 pad; };
        struct drm_panthor_vm_bind_op { __u32 flags; __u32 bo_handle; __u64 bo_offset; __u64 va; __u64 size; struct drm_panthor_obj_array syncs; };
        struct drm_panthor_vm_bind { __u32 vm_id; __u32 flags; struct drm_panthor_obj_array ops; };
        struct drm_panthor_bo_create { __u64 size; __u32 flags; __u32 exclusive_vm_id; __u32 handle; __u32 pad; };
        struct drm_panthor_bo_mmap_offset { __u32 handle; __u32 pad; __u64 offset; };
        struct drm_panthor_queue_create { __u8 priority; __u8 pad[3]; __u32 ringbuf_size; };
        struct drm_panthor_group_create {
            struct drm_panthor_obj_array queues; __u8 max_compute_cores; __u8 max_fragment_cores; __u8 max_tiler_cores;
            __u8 priority; __u32 pad; __u64 compute_core_mask; __u64 fragment_core_mask; __u64 tiler_core_mask; __u32 vm_id; __u32 group_handle;
        };
        struct drm_panthor_group_destroy { __u32 group_handle; __u32 pad; };
        struct drm_panthor_queue_submit { __u32 queue_index; __u32 stream_size; __u64 stream_addr; __u32 latest_flush; __u32 pad; struct drm_panthor_obj_array syncs; };
        struct drm_panthor_group_submit { __u32 group_handle; __u32 pad; struct drm_panthor_obj_array queue_submits; };
        struct drm_panthor_group_get_state { __u32 group_handle; __u32 state; __u32 fatal_queues; __u32 pad; };
        #define DRM_PANTHOR_DEV_QUERY 0
        #define DRM_PANTHOR_VM_CREATE 1
        #define DRM_PANTHOR_VM_DESTROY 2
        #define DRM_PANTHOR_VM_BIND 3
        #define DRM_PANTHOR_BO_CREATE 5
        #define DRM_PANTHOR_BO_MMAP_OFFSET 6
        #define DRM_PANTHOR_GROUP_CREATE 7
        #define DRM_PANTHOR_GROUP_DESTROY 8
        #define DRM_PANTHOR_GROUP_SUBMIT 9
        #define DRM_PANTHOR_GROUP_GET_STATE 10
        #define DRM_PANTHOR_VM_GET_STATE 4
        #define DRM_PANTHOR_TILER_HEAP_CREATE 11
        #define DRM_PANTHOR_TILER_HEAP_DESTROY 12
        #define DRM_IOCTL_PANTHOR_DEV_QUERY _IOWR(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_PANTHOR_DEV_QUERY, struct drm_panthor_dev_query)
        #define DRM_IOCTL_PANTHOR_VM_CREATE _IOWR(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_PANTHOR_VM_CREATE, struct drm_panthor_vm_create)
        #define DRM_IOCTL_PANTHOR_VM_DESTROY _IOWR(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_PANTHOR_VM_DESTROY, struct drm_panthor_vm_destroy)
        #define DRM_IOCTL_PANTHOR_VM_BIND _IOWR(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_PANTHOR_VM_BIND, struct drm_panthor_vm_bind)
        #define DRM_IOCTL_PANTHOR_BO_CREATE _IOWR(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_PANTHOR_BO_CREATE, struct drm_panthor_bo_create)
        #define DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET _IOWR(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_PANTHOR_BO_MMAP_OFFSET, struct drm_panthor_bo_mmap_offset)
        #define DRM_IOCTL_PANTHOR_GROUP_CREATE _IOWR(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_PANTHOR_GROUP_CREATE, struct drm_panthor_group_create)
        #define DRM_IOCTL_PANTHOR_GROUP_DESTROY _IOWR(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_PANTHOR_GROUP_DESTROY, struct drm_panthor_group_destroy)
        #define DRM_IOCTL_PANTHOR_GROUP_SUBMIT _IOWR(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_PANTHOR_GROUP_SUBMIT, struct drm_panthor_group_submit)
        #define DRM_IOCTL_PANTHOR_GROUP_GET_STATE _IOWR(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_PANTHOR_GROUP_GET_STATE, struct drm_panthor_group_get_state)
        #define DRM_PANTHOR_DEV_QUERY_GPU_INFO 0
        #define DRM_PANTHOR_DEV_QUERY_CSIF_INFO 1
        #define DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO 2
        #define DRM_PANTHOR_DEV_QUERY_GROUP_PRIORITIES_INFO 3
        #define DRM_PANTHOR_BO_NO_MMAP (1 << 0)
        #define DRM_PANTHOR_VM_BIND_OP_MAP_READONLY (1 << 0)
        #define DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC (1 << 1)
        #define DRM_PANTHOR_VM_BIND_OP_MAP_UNCACHED (1 << 2)
        #define DRM_PANTHOR_VM_BIND_OP_TYPE_MASK (0xfu << 28)
        #define DRM_PANTHOR_VM_BIND_OP_TYPE_MAP (0 << 28)
        #define DRM_PANTHOR_VM_BIND_OP_TYPE_UNMAP (1 << 28)
        #define DRM_PANTHOR_VM_BIND_OP_TYPE_SYNC_ONLY (2 << 28)
        #define DRM_PANTHOR_VM_BIND_ASYNC (1 << 0)
        #define DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_MASK 0xff
        #define DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ 0
        #define DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ 1
        #define DRM_PANTHOR_SYNC_OP_SIGNAL (1u << 31)
        #define PANTHOR_GROUP_PRIORITY_LOW 0
        #define PANTHOR_GROUP_PRIORITY_MEDIUM 1
        #define PANTHOR_GROUP_PRIORITY_HIGH 2
        #define PANTHOR_GROUP_PRIORITY_REALTIME 3
        #define DRM_PANTHOR_GROUP_STATE_TIMEDOUT (1 << 0)
        #define DRM_PANTHOR_GROUP_STATE_FATAL_FAULT (1 << 1)
        #define DRM_PANTHOR_GROUP_STATE_INNOCENT (1 << 2)
        #endif

        /* The panthor protected-mode proposals: in no header; gcc computes their layout. */
        struct drm_panthor_protected_info { __u32 features; };
        struct drm_panthor_enable_fw_prot_mode { __u32 handle; __u32 pad; };

        /* Seed design (TEE_IOC_RSTMEM_ALLOC, series v4/v5): never in a header. */
        struct tee_ioctl_rstmem_alloc_data {
            __u64 size;
            __u32 flags;
            __u32 use_case;
            __s32 id;
        };
        #define TEE_IOC_RSTMEM_ALLOC _IOWR(TEE_IOC_MAGIC, TEE_IOC_BASE + 10, struct tee_ioctl_rstmem_alloc_data)
        #define TEE_GEN_CAP_RSTMEM (1 << 4)
        #define TEE_IOC_UC_RESERVED 0
        #define TEE_IOC_UC_SECURE_VIDEO_PLAY 1
        #define TEE_IOC_UC_TRUSTED_UI 2
        #define TEE_IOC_UC_SECURE_VIDEO_RECORD 3

        int main(void)
        {
            printf("declared-linux618=%d\n", PROTMEM_DECLARED_LINUX618);
            printf("declared-drm=%d\n", PROTMEM_DECLARED_DRM);
            printf("declared-rocket=%d\n", PROTMEM_DECLARED_ROCKET);
            printf("declared-panthor=%d\n", PROTMEM_DECLARED_PANTHOR);
            printf("declared-set-deadline=%d\n", PROTMEM_DECLARED_SET_DEADLINE);

        """;

    [Fact]
    public void EveryNumberSizeAndOffset_EqualsGccOverRealHeaders()
    {
        RequireToolchain();
        var facts = CSharpFacts();
        var printed = CompileAndRun(GenerateProgram(facts));

        var declaredLinux618 = printed["declared-linux618"] == "1";
        output.WriteLine(declaredLinux618
            ? "This machine's tee.h predates Linux 6.18: TEE_IOC_SHM_REGISTER_FD and its struct were checked against the merged declaration."
            : "TEE_IOC_SHM_REGISTER_FD and its struct were checked against this machine's tee.h.");
        output.WriteLine(printed["declared-drm"] == "1"
            ? "No drm/drm.h on this machine (libdrm-dev): the DRM structs and ioctls were checked against the uapi declaration."
            : "The DRM structs and ioctls were checked against this machine's drm/drm.h.");
        output.WriteLine(printed["declared-rocket"] == "1"
            ? "No drm/rocket_accel.h on this machine: the rocket structs and ioctls were checked against the merged Linux 6.18 declaration (gcc layout and _IOW/_IOWR)."
            : "The rocket structs and ioctls were checked against this machine's drm/rocket_accel.h.");
        output.WriteLine(printed["declared-panthor"] == "1"
            ? "No drm/panthor_drm.h on this machine: the panthor structs and ioctls were checked against the merged Linux 6.18 declaration (gcc layout and _IOWR)."
            : "The panthor structs and ioctls were checked against this machine's drm/panthor_drm.h.");
        output.WriteLine(printed["declared-set-deadline"] == "1"
            ? "This machine's sync_file.h predates Linux 6.4: SYNC_IOC_SET_DEADLINE and struct sync_set_deadline were checked against the merged declaration."
            : "SYNC_IOC_SET_DEADLINE and struct sync_set_deadline were checked against this machine's sync_file.h.");
        output.WriteLine("Seed design (TEE_IOC_RSTMEM_ALLOC, tee_ioctl_rstmem_alloc_data, TEE_IOC_UC_*, TEE_GEN_CAP_RSTMEM): not in any header, checked by _IOWR arithmetic and gcc layout only.");

        var mismatches = new List<string>();
        foreach (var (name, value, _) in facts)
        {
            if (!printed.TryGetValue(name, out var cValue))
            {
                mismatches.Add($"{name}: not printed by the C program");
            }
            else if (cValue == "absent")
            {
                mismatches.Add($"{name}: not defined by the machine's headers");
            }
            else if (cValue != value.ToString(CultureInfo.InvariantCulture))
            {
                mismatches.Add($"{name}: C says {cValue}, C# says {value}");
            }
        }

        output.WriteLine($"{facts.Count} facts compared.");
        Assert.True(mismatches.Count == 0, "ABI mismatches against the real headers:\n" + string.Join('\n', mismatches));
        Assert.Contains(facts, f => f.Name == "DMA_HEAP_IOCTL_ALLOC");
        Assert.Contains(facts, f => f.Name == "DRM_IOCTL_ROCKET_SUBMIT");
        Assert.Contains(facts, f => f.Name == "offsetof(struct drm_rocket_job, out_bo_handle_count)");
        Assert.Contains(facts, f => f.Name == "offsetof(struct tee_ioctl_open_session_arg, num_params)");
    }

    /// <summary>Every value the C# side defines that gcc can check: (C expression, value, guarded by #ifdef).</summary>
    private static List<(string Name, ulong Value, bool IsMacro)> CSharpFacts()
    {
        var facts = new List<(string, ulong, bool)>();
        foreach (var type in UapiAbi.ConstantClasses)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
            {
                var source = field.GetCustomAttribute<AbiSourceAttribute>()?.Source ?? AbiSource.Header;
                if (source is AbiSource.Header or AbiSource.Linux618 or AbiSource.DrmHeader or AbiSource.RocketHeader or AbiSource.PanthorHeader or AbiSource.SeedDesign or AbiSource.HeaderEnum)
                {
                    facts.Add((field.Name, Convert.ToUInt64(field.GetRawConstantValue(), CultureInfo.InvariantCulture), source != AbiSource.HeaderEnum));
                }
            }
        }

        foreach (var layout in UapiAbi.Structs)
        {
            facts.Add(($"sizeof(struct {layout.CName})", (ulong)layout.Size, false));
            foreach (var field in layout.Fields)
            {
                facts.Add(($"offsetof(struct {layout.CName}, {field.CName})", (ulong)field.Offset, false));
                facts.Add(($"sizeof(((struct {layout.CName} *)0)->{field.CName})", (ulong)field.Width, false));
            }
        }

        return facts;
    }

    private static string GenerateProgram(List<(string Name, ulong Value, bool IsMacro)> facts)
    {
        var c = new StringBuilder(Prologue);
        foreach (var (name, _, isMacro) in facts)
        {
            if (isMacro)
            {
                c.Append(CultureInfo.InvariantCulture, $"#ifdef {name}\n    P(\"{name}\", {name});\n#else\n    printf(\"{name}=absent\\n\");\n#endif\n");
            }
            else
            {
                c.Append(CultureInfo.InvariantCulture, $"    P(\"{name}\", {name});\n");
            }
        }

        c.Append("    return 0;\n}\n");
        return c.ToString();
    }

    private static Dictionary<string, string> CompileAndRun(string program)
    {
        var dir = Directory.CreateTempSubdirectory("protmem-abi-");
        try
        {
            var source = Path.Combine(dir.FullName, "abi.c");
            var binary = Path.Combine(dir.FullName, "abi");
            File.WriteAllText(source, program);

            var (compileCode, _, compileErrors) = Run("gcc", ["-std=gnu11", "-Wall", "-Werror", "-o", binary, source]);
            Assert.True(compileCode == 0, $"gcc failed on the generated ABI program:\n{compileErrors}");

            var (runCode, stdout, runErrors) = Run(binary, []);
            Assert.True(runCode == 0, $"the ABI program failed: {runErrors}");

            return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2))
                .ToDictionary(parts => parts[0], parts => parts[1]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static (int Code, string Stdout, string Stderr) Run(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr);
    }

    private static void RequireToolchain()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var hasGcc = path.Split(':').Any(dir => File.Exists(Path.Combine(dir, "gcc")));
        Assert.True(hasGcc, "gcc is not installed: the ABI check compiles C against the real headers. Install the Debian packages gcc and linux-libc-dev (apt-get install gcc linux-libc-dev).");

        var missing = KernelHeaders.Where(h => !File.Exists(h)).ToList();
        Assert.True(missing.Count == 0, $"missing kernel uapi headers {string.Join(", ", missing)}: install the Debian package linux-libc-dev (and gcc).");
    }
}
