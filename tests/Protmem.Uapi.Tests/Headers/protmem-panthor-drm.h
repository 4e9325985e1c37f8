/* SPDX-License-Identifier: MIT */
/* Protmem's ABI check (RealHeaderTests): panthor_drm.h (Linux 6.18) and the protected-mode proposals. */
#ifndef PROTMEM_ABI_PANTHOR_DRM_H
#define PROTMEM_ABI_PANTHOR_DRM_H

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

#endif /* PROTMEM_ABI_PANTHOR_DRM_H */
