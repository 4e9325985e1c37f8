using Protmem.Kernel.Base;

namespace Protmem.Kernel.Accel.Rocket;

/// <summary>
/// rocket_drv.c's <c>struct platform_driver</c> ("rocket", matching <c>rockchip,rk3588-rknn-core</c>):
/// each core node probes into the one <see cref="RocketDevice"/>, which the first core creates; remove of
/// the first core, the last one removed at shutdown, unregisters /dev/accel/accelN.
/// </summary>
internal sealed class RocketPlatformDriver(KernelContext kernel) : IPlatformDriver
{
    public string Name => "rocket";

    public IReadOnlyList<string> Compatible { get; } = [RocketDevice.CoreCompatible];

    /// <summary>module_platform_driver(rocket_driver).</summary>
    public static int ModuleInit(KernelContext kernel) => kernel.Drivers.Register(new RocketPlatformDriver(kernel));

    /// <summary>rocket_probe: 0 with the core added to the NPU.</summary>
    public int Probe(PlatformDevice device)
    {
        device.DriverData = RocketDevice.ProbeCore(kernel, device);
        return 0;
    }

    /// <summary>rocket_remove: the DRM device goes with the core that carries it.</summary>
    public void Remove(PlatformDevice device)
    {
        if (device.DriverData is RocketDevice rocket && rocket.Drm.DmaDevice == device)
        {
            rocket.Drm.Unregister();
        }
    }
}
