using Protmem.Kernel.Gpu.Drm;
using Protmem.Uapi.Accel;

namespace Protmem.Kernel.Accel.Rocket;

/// <summary>
/// rocket_drv.c's <c>struct drm_driver</c>: DRIVER_COMPUTE_ACCEL | DRIVER_GEM, "rocket" 1.0.0, the four
/// ioctls at DRM_COMMAND_BASE + 0..3, and the open/postclose hooks that give each file its client state.
/// </summary>
public sealed class RocketDriver : DrmDriver
{
    private readonly RocketDevice _device;
    private readonly DrmIoctlDesc[] _ioctls;

    internal RocketDriver(RocketDevice device)
    {
        _device = device;
        _ioctls =
        [
            new(RocketIoctl.DRM_IOCTL_ROCKET_CREATE_BO, false, device.IoctlCreateBo),
            new(RocketIoctl.DRM_IOCTL_ROCKET_SUBMIT, false, device.IoctlSubmit),
            new(RocketIoctl.DRM_IOCTL_ROCKET_PREP_BO, false, device.IoctlPrepBo),
            new(RocketIoctl.DRM_IOCTL_ROCKET_FINI_BO, false, RocketDevice.IoctlFiniBo),
        ];
    }

    /// <summary>The NPU this driver instance drives.</summary>
    public RocketDevice Device => _device;

    public override string Name => RocketIoctl.DriverName;

    public override string Description => "rocket DRM";

    public override DrmDriverFeatures Features => DrmDriverFeatures.ComputeAccel | DrmDriverFeatures.Gem;

    public override IReadOnlyList<DrmIoctlDesc> Ioctls => _ioctls;

    public override int Open(DrmFile file) => _device.Open(file);

    public override void PostClose(DrmFile file) => _device.PostClose(file);

    public override void AssertInvariants(DrmDevice device) => _device.AssertInvariants();
}
