using Protmem.Kernel.Base;

namespace Protmem.Kernel.Media.Rockchip;

/// <summary>The encoder's <c>struct platform_driver</c> ("rkvenc", matching <see cref="RkvencDevice.Compatible"/>).</summary>
internal sealed class RkvencPlatformDriver(KernelContext kernel) : IPlatformDriver
{
    public string Name => RkvencDevice.DriverName;

    public IReadOnlyList<string> Compatible { get; } = [RkvencDevice.Compatible];

    /// <summary>module_platform_driver(rkvenc_driver).</summary>
    public static int ModuleInit(KernelContext kernel) => kernel.Drivers.Register(new RkvencPlatformDriver(kernel));

    /// <summary>rkvenc_probe: 0 with /dev/videoN registered, or -errno.</summary>
    public int Probe(PlatformDevice device)
    {
        var result = RkvencDevice.Probe(kernel, device, out var rkvenc);
        if (result == 0)
        {
            device.DriverData = rkvenc;
        }

        return result;
    }

    /// <summary>rkvenc_remove: the video node goes.</summary>
    public void Remove(PlatformDevice device)
    {
        if (device.DriverData is RkvencDevice rkvenc)
        {
            rkvenc.Remove();
        }
    }
}
