using Protmem.Uapi.DmaBuf;
using Protmem.Uapi.DmaHeap;
using Protmem.Uapi.Tee;

namespace Protmem.Uapi.Tests;

/// <summary>Every uapi struct's sizeof and field offsets, pinned to the LP64 C layout.</summary>
public sealed class StructLayoutTests
{
    public static TheoryData<string, int, string> PinnedLayouts => new()
    {
        { "dma_heap_allocation_data", 24, "len@0:8 fd@8:4 fd_flags@12:4 heap_flags@16:8" },
        { "dma_buf_sync", 8, "flags@0:8" },
        { "dma_buf_export_sync_file", 8, "flags@0:4 fd@4:4" },
        { "dma_buf_import_sync_file", 8, "flags@0:4 fd@4:4" },
        { "sync_merge_data", 48, "name@0:32 fd2@32:4 fence@36:4 flags@40:4 pad@44:4" },
        { "sync_fence_info", 80, "obj_name@0:32 driver_name@32:32 status@64:4 flags@68:4 timestamp_ns@72:8" },
        { "sync_file_info", 56, "name@0:32 status@32:4 flags@36:4 num_fences@40:4 pad@44:4 sync_fence_info@48:8" },
        { "sync_set_deadline", 16, "deadline_ns@0:8 pad@8:8" },
        { "tee_ioctl_version_data", 12, "impl_id@0:4 impl_caps@4:4 gen_caps@8:4" },
        { "tee_ioctl_shm_alloc_data", 16, "size@0:8 flags@8:4 id@12:4" },
        { "tee_ioctl_buf_data", 16, "buf_ptr@0:8 buf_len@8:8" },
        { "tee_ioctl_param", 32, "attr@0:8 a@8:8 b@16:8 c@24:8" },
        {
            "tee_ioctl_open_session_arg", 56,
            "uuid@0:16 clnt_uuid@16:16 clnt_login@32:4 cancel_id@36:4 session@40:4 ret@44:4 ret_origin@48:4 num_params@52:4"
        },
        { "tee_ioctl_invoke_arg", 24, "func@0:4 session@4:4 cancel_id@8:4 ret@12:4 ret_origin@16:4 num_params@20:4" },
        { "tee_ioctl_cancel_arg", 8, "cancel_id@0:4 session@4:4" },
        { "tee_ioctl_close_session_arg", 4, "session@0:4" },
        { "tee_ioctl_shm_register_data", 24, "addr@0:8 length@8:8 flags@16:4 id@20:4" },
        { "tee_ioctl_shm_register_fd_data", 24, "fd@0:8 size@8:8 flags@16:4 id@20:4" },
        { "tee_ioctl_rstmem_alloc_data", 24, "size@0:8 flags@8:4 use_case@12:4 id@16:4" },
        {
            "drm_version", 64,
            "version_major@0:4 version_minor@4:4 version_patchlevel@8:4 name_len@16:8 name@24:8 date_len@32:8 date@40:8 desc_len@48:8 desc@56:8"
        },
        { "drm_prime_handle", 12, "handle@0:4 flags@4:4 fd@8:4" },
        { "drm_gem_close", 8, "handle@0:4 pad@4:4" },
        { "drm_get_cap", 16, "capability@0:8 value@8:8" },
        { "drm_syncobj_create", 8, "handle@0:4 flags@4:4" },
        { "drm_syncobj_destroy", 8, "handle@0:4 pad@4:4" },
        { "drm_syncobj_handle", 16, "handle@0:4 flags@4:4 fd@8:4 pad@12:4" },
        { "drm_syncobj_wait", 32, "handles@0:8 timeout_nsec@8:8 count_handles@16:4 flags@20:4 first_signaled@24:4 pad@28:4" },
        { "drm_syncobj_array", 16, "handles@0:8 count_handles@8:4 pad@12:4" },
        { "drm_rocket_create_bo", 24, "size@0:4 handle@4:4 dma_address@8:8 offset@16:8" },
        { "drm_rocket_submit", 24, "jobs@0:8 job_count@8:4 job_struct_size@12:4 reserved@16:8" },
        {
            "drm_rocket_job", 40,
            "tasks@0:8 in_bo_handles@8:8 out_bo_handles@16:8 task_count@24:4 task_struct_size@28:4 in_bo_handle_count@32:4 out_bo_handle_count@36:4"
        },
        { "drm_rocket_task", 8, "regcmd@0:4 regcmd_count@4:4" },
        { "drm_rocket_prep_bo", 16, "handle@0:4 reserved@4:4 timeout_ns@8:8" },
        { "drm_rocket_fini_bo", 8, "handle@0:4 reserved@4:4" },
        { "drm_panthor_obj_array", 16, "stride@0:4 count@4:4 array@8:8" },
        { "drm_panthor_sync_op", 16, "flags@0:4 handle@4:4 timeline_value@8:8" },
        { "drm_panthor_dev_query", 16, "type@0:4 size@4:4 pointer@8:8" },
        { "drm_panthor_gpu_info", 104, "gpu_id@0:4 gpu_rev@4:4 csf_id@8:4 l2_features@12:4 tiler_features@16:4 mem_features@20:4 mmu_features@24:4 thread_features@28:4 max_threads@32:4 thread_max_workgroup_size@36:4 thread_max_barrier_size@40:4 coherency_features@44:4 texture_features@48:16 as_present@64:4 shader_present@72:8 l2_present@80:8 tiler_present@88:8 core_features@96:4 pad@100:4" },
        { "drm_panthor_csif_info", 24, "csg_slot_count@0:4 cs_slot_count@4:4 cs_reg_count@8:4 scoreboard_slot_count@12:4 unpreserved_cs_reg_count@16:4 pad@20:4" },
        { "drm_panthor_group_priorities_info", 4, "allowed_mask@0:1" },
        { "drm_panthor_vm_create", 16, "flags@0:4 id@4:4 user_va_range@8:8" },
        { "drm_panthor_vm_destroy", 8, "id@0:4 pad@4:4" },
        { "drm_panthor_vm_bind_op", 48, "flags@0:4 bo_handle@4:4 bo_offset@8:8 va@16:8 size@24:8 syncs@32:16" },
        { "drm_panthor_vm_bind", 24, "vm_id@0:4 flags@4:4 ops@8:16" },
        { "drm_panthor_bo_create", 24, "size@0:8 flags@8:4 exclusive_vm_id@12:4 handle@16:4 pad@20:4" },
        { "drm_panthor_bo_mmap_offset", 16, "handle@0:4 pad@4:4 offset@8:8" },
        { "drm_panthor_queue_create", 8, "priority@0:1 ringbuf_size@4:4" },
        { "drm_panthor_group_create", 56, "queues@0:16 max_compute_cores@16:1 max_fragment_cores@17:1 max_tiler_cores@18:1 priority@19:1 pad@20:4 compute_core_mask@24:8 fragment_core_mask@32:8 tiler_core_mask@40:8 vm_id@48:4 group_handle@52:4" },
        { "drm_panthor_group_destroy", 8, "group_handle@0:4 pad@4:4" },
        { "drm_panthor_queue_submit", 40, "queue_index@0:4 stream_size@4:4 stream_addr@8:8 latest_flush@16:4 pad@20:4 syncs@24:16" },
        { "drm_panthor_group_submit", 24, "group_handle@0:4 pad@4:4 queue_submits@8:16" },
        { "drm_panthor_group_get_state", 16, "group_handle@0:4 state@4:4 fatal_queues@8:4 pad@12:4" },
        { "drm_panthor_protected_info", 4, "features@0:4" },
        { "drm_panthor_enable_fw_prot_mode", 8, "handle@0:4 pad@4:4" },
        { "pollfd", 8, "fd@0:4 events@4:2 revents@6:2" },
        { "drm_mode_fb_cmd2", 104, "fb_id@0:4 width@4:4 height@8:4 pixel_format@12:4 flags@16:4 handles[0]@20:4 handles[1]@24:4 handles[2]@28:4 handles[3]@32:4 pitches[0]@36:4 pitches[1]@40:4 pitches[2]@44:4 pitches[3]@48:4 offsets[0]@52:4 offsets[1]@56:4 offsets[2]@60:4 offsets[3]@64:4 modifier[0]@72:8 modifier[1]@80:8 modifier[2]@88:8 modifier[3]@96:8" },
        { "drm_mode_atomic", 56, "flags@0:4 count_objs@4:4 objs_ptr@8:8 count_props_ptr@16:8 props_ptr@24:8 prop_values_ptr@32:8 reserved@40:8 user_data@48:8" },
        { "drm_mode_card_res", 64, "fb_id_ptr@0:8 crtc_id_ptr@8:8 connector_id_ptr@16:8 encoder_id_ptr@24:8 count_fbs@32:4 count_crtcs@36:4 count_connectors@40:4 count_encoders@44:4 min_width@48:4 max_width@52:4 min_height@56:4 max_height@60:4" },
        { "drm_mode_get_plane_res", 16, "plane_id_ptr@0:8 count_planes@8:4" },
        { "drm_mode_obj_get_properties", 32, "props_ptr@0:8 prop_values_ptr@8:8 count_props@16:4 obj_id@20:4 obj_type@24:4" },
        { "drm_mode_get_property", 64, "values_ptr@0:8 enum_blob_ptr@8:8 prop_id@16:4 flags@20:4 name@24:32 count_values@56:4 count_enum_blobs@60:4" },
        { "drm_set_client_cap", 16, "capability@0:8 value@8:8" },
        { "drm_mode_modeinfo", 68, "clock@0:4 hdisplay@4:2 hsync_start@6:2 hsync_end@8:2 htotal@10:2 hskew@12:2 vdisplay@14:2 vsync_start@16:2 vsync_end@18:2 vtotal@20:2 vscan@22:2 vrefresh@24:4 flags@28:4 type@32:4 name@36:32" },
        { "drm_mode_crtc", 104, "set_connectors_ptr@0:8 count_connectors@8:4 crtc_id@12:4 fb_id@16:4 x@20:4 y@24:4 gamma_size@28:4 mode_valid@32:4 mode@36:68" },
        { "drm_mode_get_plane", 32, "plane_id@0:4 crtc_id@4:4 fb_id@8:4 possible_crtcs@12:4 gamma_size@16:4 count_format_types@20:4 format_type_ptr@24:8" },
        { "drm_mode_get_encoder", 20, "encoder_id@0:4 encoder_type@4:4 crtc_id@8:4 possible_crtcs@12:4 possible_clones@16:4" },
        { "drm_mode_get_connector", 80, "encoders_ptr@0:8 modes_ptr@8:8 props_ptr@16:8 prop_values_ptr@24:8 count_modes@32:4 count_props@36:4 count_encoders@40:4 encoder_id@44:4 connector_id@48:4 connector_type@52:4 connector_type_id@56:4 connection@60:4 mm_width@64:4 mm_height@68:4 subpixel@72:4 pad@76:4" },
        { "drm_mode_create_blob", 16, "data@0:8 length@8:4 blob_id@12:4" },
        { "drm_mode_destroy_blob", 4, "blob_id@0:4" },
        { "drm_mode_property_enum", 40, "value@0:8 name@8:32" },
        { "drm_event_vblank", 32, "base.type@0:4 base.length@4:4 user_data@8:8 tv_sec@16:4 tv_usec@20:4 sequence@24:4 crtc_id@28:4" },
        { "v4l2_capability", 104, "driver@0:16 card@16:32 bus_info@48:32 version@80:4 capabilities@84:4 device_caps@88:4" },
        { "v4l2_fmtdesc", 64, "index@0:4 type@4:4 flags@8:4 pixelformat@44:4 mbus_code@48:4" },
        { "v4l2_format", 208, "type@0:4 fmt.pix_mp.width@8:4 fmt.pix_mp.height@12:4 fmt.pix_mp.pixelformat@16:4 fmt.pix_mp.field@20:4 fmt.pix_mp.colorspace@24:4 fmt.pix_mp.plane_fmt[0].sizeimage@28:4 fmt.pix_mp.plane_fmt[0].bytesperline@32:4 fmt.pix_mp.num_planes@188:1 fmt.pix_mp.flags@189:1" },
        { "v4l2_requestbuffers", 20, "count@0:4 type@4:4 memory@8:4 capabilities@12:4 flags@16:1" },
        { "v4l2_buffer", 88, "index@0:4 type@4:4 bytesused@8:4 flags@12:4 field@16:4 timestamp@24:16 timecode@40:16 sequence@56:4 memory@60:4 m@64:8 length@72:4 reserved2@76:4 request_fd@80:4" },
        { "v4l2_plane", 64, "bytesused@0:4 length@4:4 m.fd@8:4 data_offset@16:4" },
        { "v4l2_exportbuffer", 64, "type@0:4 index@4:4 plane@8:4 flags@12:4 fd@16:4" },
        { "v4l2_create_buffers", 256, "index@0:4 count@4:4 memory@8:4 format@16:208 capabilities@224:4 flags@228:4" },
    };

    [Theory]
    [MemberData(nameof(PinnedLayouts))]
    public void Layout_OfEveryStruct_MatchesPinnedCLayout(string cName, int size, string fields)
    {
        var layout = Assert.Single(UapiAbi.Structs, s => s.CName == cName);

        Assert.Equal(size, layout.Size);
        Assert.Equal(fields, string.Join(' ', layout.Fields.Select(f => $"{f.CName}@{f.Offset}:{f.Width}")));
    }

    [Fact]
    public void Structs_CatalogueHoldsExactlyThePinnedOnes()
    {
        var pinned = PinnedLayouts.Select(row => (string)row[0]).Order();

        Assert.Equal(pinned, UapiAbi.Structs.Select(s => s.CName).Order());
    }

    [Fact]
    public void SizeConstants_EqualLayoutSizes()
    {
        Assert.Equal(24, DmaHeapAllocationData.Size);
        Assert.Equal(8, DmaBufSync.Size);
        Assert.Equal(8, DmaBufExportSyncFile.Size);
        Assert.Equal(8, DmaBufImportSyncFile.Size);
        Assert.Equal(48, SyncMergeData.Size);
        Assert.Equal(80, SyncFenceInfo.Size);
        Assert.Equal(56, SyncFileInfo.Size);
        Assert.Equal(16, SyncSetDeadline.Size);
        Assert.Equal(12, TeeIoctlVersionData.Size);
        Assert.Equal(16, TeeIoctlShmAllocData.Size);
        Assert.Equal(16, TeeIoctlBufData.Size);
        Assert.Equal(32, TeeIoctlParam.Size);
        Assert.Equal(56, TeeIoctlOpenSessionArg.Size);
        Assert.Equal(24, TeeIoctlInvokeArg.Size);
        Assert.Equal(8, TeeIoctlCancelArg.Size);
        Assert.Equal(4, TeeIoctlCloseSessionArg.Size);
        Assert.Equal(24, TeeIoctlShmRegisterData.Size);
        Assert.Equal(24, TeeIoctlShmRegisterFdData.Size);
        Assert.Equal(24, TeeIoctlRstmemAllocData.Size);
    }

    [Fact]
    public void Fields_OfEveryStruct_DoNotOverlapAndFitInSize()
    {
        foreach (var layout in UapiAbi.Structs)
        {
            var end = 0;
            foreach (var field in layout.Fields.OrderBy(f => f.Offset))
            {
                Assert.True(field.Offset >= end, $"{layout.CName}.{field.CName} overlaps the field before it");
                // A scalar is naturally aligned; a wider field is an array or a nested struct (char name[32] at 36 in
                // drm_mode_modeinfo, the mode at 36 in drm_mode_crtc), aligned as its element, which gcc checks.
                Assert.True(field.Width is not (1 or 2 or 4 or 8) || field.Offset % field.Width == 0, $"{layout.CName}.{field.CName} is not naturally aligned");
                end = field.Offset + field.Width;
            }

            Assert.True(end <= layout.Size, $"{layout.CName} fields end at {end}, past sizeof {layout.Size}");
        }
    }

    [Fact]
    public void OpenSessionAndInvoke_ArgLength_IsHeaderPlusParams()
    {
        Assert.Equal(56 + (4 * 32), TeeIoctlOpenSessionArg.ArgLength(4));
        Assert.Equal(24 + (4 * 32), TeeIoctlInvokeArg.ArgLength(4));
        Assert.Equal(56, TeeIoctlOpenSessionArg.ParamsOffset);
        Assert.Equal(24, TeeIoctlInvokeArg.ParamsOffset);
        Assert.Throws<ArgumentOutOfRangeException>(() => TeeIoctlInvokeArg.ArgLength(-1));
    }
}
