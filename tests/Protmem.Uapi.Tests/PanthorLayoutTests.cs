using Protmem.Uapi.Drm;

namespace Protmem.Uapi.Tests;

/// <summary>
/// The panthor structs against include/uapi/drm/panthor_drm.h (Linux 6.18) as its text lays them out (LP64):
/// sizeof and the offsets of the fields a driver reads. The proposed structs are pinned as proposed.
/// </summary>
public sealed class PanthorLayoutTests
{
    public static TheoryData<AbiStructLayout, int> Sizes => new()
    {
        { DrmPanthorObjArray.Layout, 16 },
        { DrmPanthorSyncOp.Layout, 16 },
        { DrmPanthorDevQuery.Layout, 16 },
        { DrmPanthorGpuInfo.Layout, 104 },
        { DrmPanthorCsifInfo.Layout, 24 },
        { DrmPanthorGroupPrioritiesInfo.Layout, 4 },
        { DrmPanthorVmCreate.Layout, 16 },
        { DrmPanthorVmDestroy.Layout, 8 },
        { DrmPanthorVmBindOp.Layout, 48 },
        { DrmPanthorVmBind.Layout, 24 },
        { DrmPanthorBoCreate.Layout, 24 },
        { DrmPanthorBoMmapOffset.Layout, 16 },
        { DrmPanthorQueueCreate.Layout, 8 },
        { DrmPanthorGroupCreate.Layout, 56 },
        { DrmPanthorGroupDestroy.Layout, 8 },
        { DrmPanthorQueueSubmit.Layout, 40 },
        { DrmPanthorGroupSubmit.Layout, 24 },
        { DrmPanthorGroupGetState.Layout, 16 },
        { DrmPanthorProtectedInfo.Layout, 4 },
        { DrmPanthorEnableFwProtMode.Layout, 8 },
    };

    public static TheoryData<AbiStructLayout, string, int> Offsets => new()
    {
        { DrmPanthorGpuInfo.Layout, "texture_features", 48 },
        { DrmPanthorGpuInfo.Layout, "as_present", 64 },
        { DrmPanthorGpuInfo.Layout, "shader_present", 72 },
        { DrmPanthorGpuInfo.Layout, "core_features", 96 },
        { DrmPanthorVmBindOp.Layout, "va", 16 },
        { DrmPanthorVmBindOp.Layout, "syncs", 32 },
        { DrmPanthorVmBind.Layout, "ops", 8 },
        { DrmPanthorBoCreate.Layout, "exclusive_vm_id", 12 },
        { DrmPanthorBoCreate.Layout, "handle", 16 },
        { DrmPanthorQueueCreate.Layout, "ringbuf_size", 4 },
        { DrmPanthorGroupCreate.Layout, "priority", 19 },
        { DrmPanthorGroupCreate.Layout, "pad", 20 },
        { DrmPanthorGroupCreate.Layout, "compute_core_mask", 24 },
        { DrmPanthorGroupCreate.Layout, "vm_id", 48 },
        { DrmPanthorGroupCreate.Layout, "group_handle", 52 },
        { DrmPanthorQueueSubmit.Layout, "stream_addr", 8 },
        { DrmPanthorQueueSubmit.Layout, "latest_flush", 16 },
        { DrmPanthorQueueSubmit.Layout, "syncs", 24 },
        { DrmPanthorGroupSubmit.Layout, "queue_submits", 8 },
        { DrmPanthorGroupGetState.Layout, "fatal_queues", 8 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Layout_PanthorStruct_SizeIsTheHeaders(AbiStructLayout layout, int size) => Assert.Equal(size, layout.Size);

    [Theory]
    [MemberData(nameof(Offsets))]
    public void Layout_PanthorField_OffsetIsTheHeaders(AbiStructLayout layout, string field, int offset) => Assert.Equal(offset, layout.Field(field).Offset);

    [Fact]
    public void Layout_EveryPanthorStruct_FieldsTileWithinTheSize()
    {
        foreach (var layout in UapiAbi.Structs.Where(s => s.CName.StartsWith("drm_panthor_", StringComparison.Ordinal)))
        {
            var ordered = layout.Fields.OrderBy(f => f.Offset).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                Assert.True(ordered[i - 1].Offset + ordered[i - 1].Width <= ordered[i].Offset, $"{layout.CName}.{ordered[i].CName} overlaps");
            }

            Assert.True(ordered[^1].Offset + ordered[^1].Width <= layout.Size, $"{layout.CName} overruns its size");
        }
    }

    [Fact]
    public void Proposed_ProtectedUapi_IsMarkedProposedAndFollowsTheLastMergedIoctl()
    {
        Assert.Equal(AbiSource.PanthorProposed, DrmPanthorProtectedInfo.Layout.Source);
        Assert.Equal(AbiSource.PanthorProposed, DrmPanthorEnableFwProtMode.Layout.Source);
        Assert.Equal(PanthorIoctl.DRM_PANTHOR_TILER_HEAP_DESTROY + 1, PanthorIoctl.DRM_PANTHOR_ENABLE_FW_PROT_MODE);
        Assert.Equal(PanthorIoctl.DRM_PANTHOR_DEV_QUERY_GROUP_PRIORITIES_INFO + 1, PanthorIoctl.DRM_PANTHOR_DEV_QUERY_PROTECTED_INFO);
        Assert.Equal(0xC008644DU, PanthorIoctl.DRM_IOCTL_PANTHOR_ENABLE_FW_PROT_MODE);
    }

    [Fact]
    public void CsBuilder_ProtRegionAndCopy_EncodeOpcodeRegistersAndImmediate()
    {
        var bytes = new PanthorCsBuilder().ProtRegion(2).Copy(0, 1, 4096).Mov48(3, 0xABCDEF).ToArray();
        Assert.Equal(24, bytes.Length);
        Assert.Equal(0x0600000000000002UL, BitConverter.ToUInt64(bytes, 0));
        Assert.Equal(0x0400010000001000UL, BitConverter.ToUInt64(bytes, 8));
        Assert.Equal(0x0103000000ABCDEFUL, BitConverter.ToUInt64(bytes, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PanthorCsBuilder().Copy(16, 0, 1));
    }
}
