using Protmem.Kernel.Base;
using Protmem.Uapi;

namespace Protmem.Kernel.Gpu.Drm.Rockchip;

/// <summary>
/// The VOP2 platform driver (rockchip_drm_vop2.c's <c>vop2_platform_driver</c> with rockchip_drm_drv.c's
/// component master folded in): it binds to <see cref="RockchipDrmDriver.Compatible"/>, finds the display controller its master
/// fetches through, and registers the DRM device with its CRTC, planes, encoder and connector.
/// Model: Linux binds the VOP, the HDMI transmitter and the DRM master device as components; the model has no
/// HDMI block, so one probe does all of it and the connector is always connected.
/// </summary>
internal sealed class RockchipDrmPlatformDriver(KernelContext kernel) : IPlatformDriver
{
    public string Name => "rockchip-vop2";

    public IReadOnlyList<string> Compatible { get; } = [RockchipDrmDriver.Compatible];

    /// <summary>module_platform_driver(vop2_platform_driver).</summary>
    public static int ModuleInit(KernelContext kernel) => kernel.Drivers.Register(new RockchipDrmPlatformDriver(kernel));

    /// <summary>vop2_probe + rockchip_drm_bind: -ENODEV when the board has no display controller on the device's master.</summary>
    public int Probe(PlatformDevice device)
    {
        if (device.Master is null || !kernel.Hardware.Displays.TryGetValue(device.Master.Name, out var display))
        {
            return -Errno.ENODEV;
        }

        var driver = new RockchipDrmDriver();
        var drm = DrmDevice.Register(kernel, driver, device);
        driver.Vop = Vop2.Create(kernel, drm, display);
        device.DriverData = drm;
        return 0;
    }

    /// <summary>vop2_remove: the nodes go; open files keep what they hold.</summary>
    public void Remove(PlatformDevice device)
    {
        if (device.DriverData is DrmDevice drm)
        {
            drm.Unregister();
        }
    }
}
