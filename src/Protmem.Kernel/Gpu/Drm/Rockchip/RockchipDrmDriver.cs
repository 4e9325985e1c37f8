using Protmem.Kernel.DmaBufs;
using Protmem.Uapi;

namespace Protmem.Kernel.Gpu.Drm.Rockchip;

/// <summary>
/// rockchip_drm_drv.c's <c>struct drm_driver</c> ("rockchip"): GEM, modesetting and atomic, no render node.
/// Buffers come only from PRIME import; an import must be contiguous in the display's address space
/// (rockchip_gem_import_sg_table): through the IOMMU it always is; without one a scattered buffer is -EINVAL.
/// Model: Rockchip's own GEM_CREATE / GEM_MAP_OFFSET ioctls and dumb buffers are not modelled (-EINVAL, as an
/// empty ioctl-table entry answers).
/// </summary>
public sealed class RockchipDrmDriver : DrmDriver
{
    /// <summary>The name DRM_IOCTL_VERSION reports.</summary>
    public const string DriverName = "rockchip";

    /// <summary>The RK3588 VOP2's compatible, which the platform driver binds.</summary>
    public const string Compatible = "rockchip,rk3588-vop";

    /// <summary>The VOP node's property listing the windows allowed to show protected content (docs/bindings.md).</summary>
    public const string ProtectedPlanesProperty = "protmem,protected-planes";

    /// <summary>The RK3588 VOP2's windows (four cluster, four esmart).</summary>
    public const int Rk3588WindowCount = 8;

    public override string Name => DriverName;

    public override string Description => "RockChip Soc DRM";

    public override DrmDriverFeatures Features => DrmDriverFeatures.Gem | DrmDriverFeatures.Modeset | DrmDriverFeatures.Atomic;

    /// <summary>The display controller this driver drives, once probed.</summary>
    public Vop2? Vop { get; internal set; }

    /// <summary>drm_gem_prime_import_dev, then the contiguity check of rockchip_gem_import_sg_table.</summary>
    public override int GemPrimeImport(DrmDevice device, DmaBuf buffer, out DrmGemObject? obj)
    {
        ArgumentNullException.ThrowIfNull(device);
        var result = base.GemPrimeImport(device, buffer, out obj);
        if (result < 0)
        {
            return result;
        }

        var entries = obj!.ImportSgt!.Entries;
        for (var i = 1; i < entries.Length; i++)
        {
            if (entries[i].DmaAddress.Value != entries[i - 1].DmaAddress.Value + entries[i - 1].Length)
            {
                obj.Put();
                obj = null;
                return -Errno.EINVAL;
            }
        }

        return 0;
    }

    public override void AssertInvariants(DrmDevice device) => Vop?.AssertInvariants();
}
