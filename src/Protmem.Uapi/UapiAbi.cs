using Protmem.Uapi.Accel;
using Protmem.Uapi.DmaBuf;
using Protmem.Uapi.DmaHeap;
using Protmem.Uapi.Drm;
using Protmem.Uapi.Tee;
using Protmem.Uapi.Videodev2;

namespace Protmem.Uapi;

/// <summary>
/// The catalogue of the user ABI Protmem implements: every argument struct's layout and every
/// class of constants, so that tests (and reports) can compare the whole ABI with the
/// machine's real headers in one pass.
/// </summary>
public static class UapiAbi
{
    /// <summary>Every uapi argument struct, by header.</summary>
    public static IReadOnlyList<AbiStructLayout> Structs { get; } =
    [
        DmaHeapAllocationData.Layout,
        DmaBufSync.Layout,
        DmaBufExportSyncFile.Layout,
        DmaBufImportSyncFile.Layout,
        SyncMergeData.Layout,
        SyncFenceInfo.Layout,
        SyncFileInfo.Layout,
        SyncSetDeadline.Layout,
        TeeIoctlVersionData.Layout,
        TeeIoctlShmAllocData.Layout,
        TeeIoctlBufData.Layout,
        TeeIoctlParam.Layout,
        TeeIoctlOpenSessionArg.Layout,
        TeeIoctlInvokeArg.Layout,
        TeeIoctlCancelArg.Layout,
        TeeIoctlCloseSessionArg.Layout,
        TeeIoctlShmRegisterData.Layout,
        TeeIoctlShmRegisterFdData.Layout,
        TeeIoctlRstmemAllocData.Layout,
        DrmVersion.Layout,
        DrmPrimeHandle.Layout,
        DrmGemClose.Layout,
        DrmGetCap.Layout,
        DrmSyncobjCreate.Layout,
        DrmSyncobjDestroy.Layout,
        DrmSyncobjHandle.Layout,
        DrmSyncobjWait.Layout,
        DrmSyncobjArray.Layout,
        DrmRocketCreateBo.Layout,
        DrmRocketSubmit.Layout,
        DrmRocketJob.Layout,
        DrmRocketTask.Layout,
        DrmRocketPrepBo.Layout,
        DrmRocketFiniBo.Layout,
        DrmPanthorObjArray.Layout,
        DrmPanthorSyncOp.Layout,
        DrmPanthorDevQuery.Layout,
        DrmPanthorGpuInfo.Layout,
        DrmPanthorCsifInfo.Layout,
        DrmPanthorGroupPrioritiesInfo.Layout,
        DrmPanthorVmCreate.Layout,
        DrmPanthorVmDestroy.Layout,
        DrmPanthorVmBindOp.Layout,
        DrmPanthorVmBind.Layout,
        DrmPanthorBoCreate.Layout,
        DrmPanthorBoMmapOffset.Layout,
        DrmPanthorQueueCreate.Layout,
        DrmPanthorGroupCreate.Layout,
        DrmPanthorGroupDestroy.Layout,
        DrmPanthorQueueSubmit.Layout,
        DrmPanthorGroupSubmit.Layout,
        DrmPanthorGroupGetState.Layout,
        DrmPanthorProtectedInfo.Layout,
        DrmPanthorEnableFwProtMode.Layout,
        DrmModeFbCmd2.Layout,
        DrmModeAtomic.Layout,
        DrmModeCardRes.Layout,
        DrmModeGetPlaneRes.Layout,
        DrmModeObjGetProperties.Layout,
        DrmModeGetProperty.Layout,
        DrmSetClientCap.Layout,
        DrmModeModeInfo.Layout,
        DrmModeCrtc.Layout,
        DrmModeGetPlane.Layout,
        DrmModeGetEncoder.Layout,
        DrmModeGetConnector.Layout,
        DrmModeCreateBlob.Layout,
        DrmModeDestroyBlob.Layout,
        DrmModePropertyEnumValue.Layout,
        DrmEventVblank.Layout,
        V4l2Capability.Layout,
        V4l2Fmtdesc.Layout,
        V4l2Format.Layout,
        V4l2RequestBuffers.Layout,
        V4l2Buffer.Layout,
        V4l2Plane.Layout,
        V4l2ExportBuffer.Layout,
        V4l2CreateBuffers.Layout,
        PollFd.Layout,
    ];

    /// <summary>
    /// The static classes whose public constants are uapi values named as the kernel (or
    /// libc, or GlobalPlatform) names them; <see cref="AbiSourceAttribute"/> says where each
    /// one not in the headers comes from.
    /// </summary>
    public static IReadOnlyList<Type> ConstantClasses { get; } =
    [
        typeof(Errno),
        typeof(Fcntl),
        typeof(Mman),
        typeof(Seek),
        typeof(Ioctl),
        typeof(DmaHeapIoctl),
        typeof(DmaBufIoctl),
        typeof(SyncFileIoctl),
        typeof(TeeIoctl),
        typeof(TeecResult),
        typeof(TeecOrigin),
        typeof(DrmIoctl),
        typeof(DrmSyncobjIoctl),
        typeof(RocketIoctl),
        typeof(PanthorIoctl),
        typeof(DrmModeIoctl),
        typeof(V4l2Ioctl),
        typeof(Poll),
    ];
}
