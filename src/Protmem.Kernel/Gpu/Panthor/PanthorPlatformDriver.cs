using Protmem.Kernel.Base;

namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>
/// panthor_drv.c's <c>struct platform_driver</c> ("panthor", matching <c>rockchip,rk3588-mali</c> and
/// <c>arm,mali-valhall-csf</c>): probe builds the <see cref="PanthorDevice"/> and its render node, or defers
/// while the protected heap the board names is not registered yet.
/// </summary>
internal sealed class PanthorPlatformDriver(KernelContext kernel) : IPlatformDriver
{
    public string Name => "panthor";

    public IReadOnlyList<string> Compatible { get; } = PanthorDevice.Compatibles;

    /// <summary>module_platform_driver(panthor_driver).</summary>
    public static int ModuleInit(KernelContext kernel) => kernel.Drivers.Register(new PanthorPlatformDriver(kernel));

    /// <summary>panthor_probe: 0, -EPROBE_DEFER, or -errno.</summary>
    public int Probe(PlatformDevice device)
    {
        var result = PanthorDevice.Probe(kernel, device, out var panthor);
        if (result == 0)
        {
            device.DriverData = panthor;
        }

        return result;
    }

    /// <summary>panthor_remove.</summary>
    public void Remove(PlatformDevice device)
    {
        if (device.DriverData is PanthorDevice panthor)
        {
            panthor.Unplug();
        }
    }
}
