using Protmem.Kernel.DmaBufs;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// What a DRM driver supplies (<c>struct drm_driver</c>): its name, description and version for
/// DRM_IOCTL_VERSION, its features, its ioctl table (DRM_COMMAND_BASE + index), and the per-file and
/// PRIME hooks. The DRM core (<see cref="DrmDevice"/>) validates and dispatches; the driver works.
/// </summary>
public abstract class DrmDriver
{
    /// <summary>The name DRM_IOCTL_VERSION reports ("vgem", "rocket").</summary>
    public abstract string Name { get; }

    /// <summary>The description DRM_IOCTL_VERSION reports.</summary>
    public abstract string Description { get; }

    public virtual int Major => 1;

    public virtual int Minor => 0;

    public virtual int Patchlevel => 0;

    /// <summary>DRIVER_* features.</summary>
    public abstract DrmDriverFeatures Features { get; }

    /// <summary>The driver's ioctls: entry i is DRM_COMMAND_BASE + i.</summary>
    public virtual IReadOnlyList<DrmIoctlDesc> Ioctls => [];

    /// <summary>drm_driver.open: sets up <see cref="DrmFile.DriverPriv"/>; 0 or -errno (the open fails).</summary>
    public virtual int Open(DrmFile file) => 0;

    /// <summary>drm_driver.postclose: after the file's handles are gone.</summary>
    public virtual void PostClose(DrmFile file)
    {
    }

    /// <summary>
    /// drm_driver.gem_prime_import: the default attaches <paramref name="buffer"/> to the device's DMA device
    /// and maps it there (drm_gem_prime_import), giving an object through <see cref="GemPrimeImportSgTable"/>.
    /// </summary>
    public virtual int GemPrimeImport(DrmDevice device, DmaBuf buffer, out DrmGemObject? obj) =>
        device.GemPrimeImportDev(buffer, device.DmaDevice, out obj);

    /// <summary>drm_driver.gem_prime_import_sg_table: an object over an attached, mapped dma-buf.</summary>
    public virtual DrmGemObject GemPrimeImportSgTable(DrmDevice device, DmaBufAttachment attachment, SgTable table) =>
        new(device, attachment, table);

    /// <summary>Checks the driver's own state; called from the device's invariant check.</summary>
    public virtual void AssertInvariants(DrmDevice device)
    {
    }
}
