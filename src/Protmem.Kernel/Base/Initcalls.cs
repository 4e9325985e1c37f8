using Protmem.Kernel.Accel.Rocket;
using Protmem.Kernel.Crypto;
using Protmem.Kernel.DmaBufs.Heaps;
using Protmem.Kernel.Gpu.Drm.Rockchip;
using Protmem.Kernel.Gpu.Drm.Vgem;
using Protmem.Kernel.Gpu.Panthor;
using Protmem.Kernel.Iommu.Rockchip;
using Protmem.Kernel.Media.Rockchip;
using Protmem.Kernel.Tee.Optee;

namespace Protmem.Kernel.Base;

/// <summary>
/// The initcall table: every built-in module's init, in the order the kernel runs them (by level, then
/// link order, as the linker lays out <c>.initcallN.init</c>). Each module registers itself from its
/// own <c>ModuleInit</c>; this file only lists them. A new driver adds one line here.
/// </summary>
internal static class Initcalls
{
    public static IReadOnlyList<Initcall> Table { get; } =
    [
        // drivers/Makefile: iommu/ links before gpu/ and dma-buf/, which use IOMMU controllers.
        new("rk_iommu", InitcallLevel.Device, RkIommuDriver.ModuleInit),
        new("system_heap", InitcallLevel.Device, SystemHeap.ModuleInit),
        new("cma_heap", InitcallLevel.Device, CmaHeap.ModuleInit),
        new("restricted_heap_linaro", InitcallLevel.Device, LinaroRestrictedHeap.ModuleInit),
        new("optee", InitcallLevel.Device, OpteePlatformDriver.ModuleInit),
        // Model: vgem is a module on distribution kernels, loaded after boot; the display registers first and is
        // /dev/dri/card0, as on a real rk3588 (vgem takes the next free card).
        new("rockchip_drm", InitcallLevel.Device, RockchipDrmPlatformDriver.ModuleInit),
        new("vgem", InitcallLevel.Device, VgemDriver.ModuleInit),
        new("rocket", InitcallLevel.Device, RocketPlatformDriver.ModuleInit),
        new("panthor", InitcallLevel.Device, PanthorPlatformDriver.ModuleInit),
        new("rkvdec", InitcallLevel.Device, RkvdecPlatformDriver.ModuleInit),
        new("rkvenc", InitcallLevel.Device, RkvencPlatformDriver.ModuleInit),
        new("rkcif", InitcallLevel.Device, RkcifPlatformDriver.ModuleInit),
        new("rk_crypto", InitcallLevel.Device, RkCryptoPlatformDriver.ModuleInit),
    ];
}
