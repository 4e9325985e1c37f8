using Protmem.Kernel.Base;

namespace Protmem.Kernel.Media.Rockchip;

/// <summary>The decoder's <c>struct platform_driver</c> ("rkvdec", matching <see cref="RkvdecDevice.Compatible"/>).</summary>
internal sealed class RkvdecPlatformDriver(KernelContext kernel) : IPlatformDriver
{
    public string Name => RkvdecDevice.DriverName;

    public IReadOnlyList<string> Compatible { get; } = [RkvdecDevice.Compatible];

    /// <summary>module_platform_driver(rkvdec_driver).</summary>
    public static int ModuleInit(KernelContext kernel) => kernel.Drivers.Register(new RkvdecPlatformDriver(kernel));

    /// <summary>rkvdec_probe: 0 with /dev/videoN registered, or -errno.</summary>
    public int Probe(PlatformDevice device)
    {
        var result = RkvdecDevice.Probe(kernel, device, out var rkvdec);
        if (result == 0)
        {
            device.DriverData = rkvdec;
        }

        return result;
    }

    /// <summary>rkvdec_remove: the video node goes.</summary>
    public void Remove(PlatformDevice device)
    {
        if (device.DriverData is RkvdecDevice rkvdec)
        {
            rkvdec.Remove();
        }
    }
}
