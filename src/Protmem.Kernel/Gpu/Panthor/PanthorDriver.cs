using Protmem.Kernel.Gpu.Drm;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>
/// panthor_drv.c's <c>struct drm_driver</c>: DRIVER_RENDER | DRIVER_GEM | DRIVER_SYNCOBJ (Model: without
/// DRIVER_SYNCOBJ_TIMELINE, which Linux's panthor has), "panthor" 1.9.0 (the protected-mode
/// series' bump), the ioctls at DRM_COMMAND_BASE + 0..13 (the proposed ENABLE_FW_PROT_MODE last).
/// </summary>
public sealed class PanthorDriver : DrmDriver
{
    private readonly PanthorDevice _device;
    private readonly DrmIoctlDesc[] _ioctls;

    internal PanthorDriver(PanthorDevice device)
    {
        _device = device;
        _ioctls =
        [
            new(PanthorIoctl.DRM_IOCTL_PANTHOR_DEV_QUERY, true, device.IoctlDevQuery),
            new(PanthorIoctl.DRM_IOCTL_PANTHOR_VM_CREATE, true, device.IoctlVmCreate),
            new(PanthorIoctl.DRM_IOCTL_PANTHOR_VM_DESTROY, true, device.IoctlVmDestroy),
            new(PanthorIoctl.DRM_IOCTL_PANTHOR_VM_BIND, true, device.IoctlVmBind),
            Empty,
            new(PanthorIoctl.DRM_IOCTL_PANTHOR_BO_CREATE, true, device.IoctlBoCreate),
            new(PanthorIoctl.DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET, true, PanthorDevice.IoctlBoMmapOffset),
            new(PanthorIoctl.DRM_IOCTL_PANTHOR_GROUP_CREATE, true, device.IoctlGroupCreate),
            new(PanthorIoctl.DRM_IOCTL_PANTHOR_GROUP_DESTROY, true, device.IoctlGroupDestroy),
            new(PanthorIoctl.DRM_IOCTL_PANTHOR_GROUP_SUBMIT, true, device.IoctlGroupSubmit),
            new(PanthorIoctl.DRM_IOCTL_PANTHOR_GROUP_GET_STATE, true, PanthorDevice.IoctlGroupGetState),
            Empty,
            Empty,
            new(PanthorIoctl.DRM_IOCTL_PANTHOR_ENABLE_FW_PROT_MODE, true, device.IoctlEnableFwProtMode),
        ];
    }

    /// <summary>An entry the model leaves empty: -EINVAL, as drm_ioctl answers a missing one.</summary>
    private static DrmIoctlDesc Empty { get; } = new(0, true, (_, _, _) => -Uapi.Errno.EINVAL);

    /// <summary>The GPU this driver instance drives.</summary>
    public PanthorDevice Device => _device;

    public override string Name => PanthorIoctl.DriverName;

    public override string Description => "Panthor DRM driver";

    public override int Minor => 9;

    public override DrmDriverFeatures Features => DrmDriverFeatures.Render | DrmDriverFeatures.Gem | DrmDriverFeatures.Syncobj;

    // Model: VM_GET_STATE and the tiler heap ioctls are empty entries (-EINVAL): nothing the model runs needs them.
    public override IReadOnlyList<DrmIoctlDesc> Ioctls => _ioctls;

    public override int Open(DrmFile file) => _device.Open(file);

    public override void PostClose(DrmFile file) => _device.PostClose(file);

    public override void AssertInvariants(DrmDevice device) => _device.AssertInvariants();
}
