using Protmem.Kernel.Base;
using Protmem.Kernel.Gpu.Drm;

namespace Protmem.Kernel.Gpu.Drm.Vgem;

/// <summary>
/// vgem (drivers/gpu/drm/vgem): a virtual GEM provider with no hardware, used by tests to import and
/// export dma-bufs. Its device is a virtual platform device without DMA, so an imported buffer is
/// mapped with its physical addresses. /dev/dri/cardN and renderD(128+N).
/// Model: vgem's own ioctls (VGEM_FENCE_ATTACH / SIGNAL) and dumb buffers are not modelled; they answer
/// -EINVAL as an empty ioctl-table entry does.
/// </summary>
public sealed class VgemDriver : DrmDriver
{
    /// <summary>The name DRM_IOCTL_VERSION reports.</summary>
    public const string DriverName = "vgem";

    public override string Name => DriverName;

    public override string Description => "Virtual GEM provider";

    public override DrmDriverFeatures Features => DrmDriverFeatures.Gem | DrmDriverFeatures.Render;

    /// <summary>vgem_init (module_init): registers the virtual "vgem" platform device and its DRM device.</summary>
    public static int ModuleInit(KernelContext kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var device = new PlatformDevice(DriverName, [], null, null, [], null);
        DrmDevice.Register(kernel, new VgemDriver(), device);
        return 0;
    }
}
