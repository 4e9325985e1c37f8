using Protmem.Kernel.Base;

namespace Protmem.Kernel.Media.Rockchip;

/// <summary>The camera capture driver's <c>struct platform_driver</c> ("rkcif", matching <see cref="RkcifDevice.Compatible"/>).</summary>
internal sealed class RkcifPlatformDriver(KernelContext kernel) : IPlatformDriver
{
    public string Name => RkcifDevice.DriverName;

    public IReadOnlyList<string> Compatible { get; } = [RkcifDevice.Compatible];

    /// <summary>module_platform_driver(rkcif_plat_drv).</summary>
    public static int ModuleInit(KernelContext kernel) => kernel.Drivers.Register(new RkcifPlatformDriver(kernel));

    /// <summary>rkcif_plat_probe: 0 with /dev/videoN registered, or -errno.</summary>
    public int Probe(PlatformDevice device)
    {
        var result = RkcifDevice.Probe(kernel, device, out var rkcif);
        if (result == 0)
        {
            device.DriverData = rkcif;
        }

        return result;
    }

    /// <summary>rkcif_plat_remove: the video node goes.</summary>
    public void Remove(PlatformDevice device)
    {
        if (device.DriverData is RkcifDevice rkcif)
        {
            rkcif.Remove();
        }
    }
}
