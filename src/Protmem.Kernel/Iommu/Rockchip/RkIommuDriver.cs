using Protmem.Hardware.Iommu;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Kernel.Iommu.Rockchip;

/// <summary>
/// The Rockchip IOMMU driver (drivers/iommu/rockchip-iommu.c): the platform driver <c>rk_iommu_driver</c>
/// and its <c>rk_iommu_ops</c>. Each probed instance registers with the IOMMU core; the devices whose
/// <c>iommus</c> name it share one group (rk_iommu_device_group); its paging domains are
/// <see cref="RkIommuDomain"/>s with the table format its match data names (v1 for <c>rockchip,iommu</c>,
/// v2 for <c>rockchip,rk3568-iommu</c>).
/// </summary>
public sealed class RkIommuDriver : IPlatformDriver, IIommuOps
{
    /// <summary>The v1 compatible (rk3288, rk3399).</summary>
    public const string CompatibleV1 = "rockchip,iommu";

    /// <summary>The v2 compatible (rk3568; rk3588 nodes list it after their own).</summary>
    public const string CompatibleV2 = "rockchip,rk3568-iommu";

    private readonly KernelContext _kernel;
    private readonly Dictionary<PlatformDevice, RkIommuInstance> _instances = [];
    private readonly Dictionary<PlatformDevice, RkIommuInstance> _masters = [];
    private RkIommuDriver(KernelContext kernel) => _kernel = kernel;

    public string Name => "rk_iommu";

    /// <summary>rk_iommu_dt_ids.</summary>
    public IReadOnlyList<string> Compatible { get; } = [CompatibleV1, CompatibleV2];

    public ulong PgsizeBitmap => RkIommuIoPgtable.PgsizeBitmap;

    /// <summary>The probed instances.</summary>
    public IReadOnlyCollection<RkIommuInstance> Instances => _instances.Values;

    /// <summary>module_init (builtin_platform_driver): registers the driver.</summary>
    public static int ModuleInit(KernelContext kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return kernel.Drivers.Register(new RkIommuDriver(kernel));
    }

    /// <summary>
    /// rk_iommu_probe: 0, or -ENODEV when the board has no registers for the node. The match data picks
    /// the table format; the instance's group is made and the instance registered with the core, which
    /// probes the devices behind it.
    /// </summary>
    public int Probe(PlatformDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);

        // Model: devm_platform_ioremap_resource: the node's registers are the board's IOMMU of the same name.
        if (!_kernel.Hardware.Iommus.TryGetValue(device.Name, out var registers))
        {
            return -Errno.ENODEV;
        }

        var version = device.Compatible.Contains(CompatibleV2, StringComparer.Ordinal) ? RkIommuVersion.V2 : RkIommuVersion.V1;
        var instance = new RkIommuInstance(device, registers, version, _kernel.Iommu.GroupAlloc());
        instance.Iommu = new IommuDevice(device.Name, this);
        _instances.Add(device, instance);
        var result = _kernel.Iommu.DeviceRegister(instance.Iommu);
        if (result < 0)
        {
            _instances.Remove(device);
            return result;
        }

        device.DriverData = instance;
        return 0;
    }

    /// <summary>
    /// At shutdown (rk_iommu_shutdown): the instance keeps translating for the devices behind it; nothing is
    /// released. Model: the driver model calls remove at shutdown; Linux's driver has only a shutdown hook.
    /// </summary>
    public void Remove(PlatformDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (!_instances.ContainsKey(device))
        {
            throw new KernelOopsException($"rk_iommu: {device} is shut down without being probed");
        }
    }

    /// <summary>rk_iommu_of_xlate: records which instance the device sits behind.</summary>
    public int OfXlate(PlatformDevice device, IommuDevice iommu)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (_instances.Values.FirstOrDefault(i => i.Iommu == iommu) is not { } instance)
        {
            return -Errno.ENODEV;
        }

        _masters[device] = instance;
        return 0;
    }

    /// <summary>rk_iommu_probe_device.</summary>
    public IommuDevice? ProbeDevice(PlatformDevice device) =>
        _masters.TryGetValue(device, out var instance) ? instance.Iommu : null;

    /// <summary>rk_iommu_release_device.</summary>
    public void ReleaseDevice(PlatformDevice device) => _masters.Remove(device);

    /// <summary>rk_iommu_device_group: one group per instance.</summary>
    public IommuGroup DeviceGroup(PlatformDevice device) => InstanceOf(device).Group;

    /// <summary>rk_iommu_domain_alloc_paging: a 32-bit aperture, enforced.</summary>
    public IIommuDomainOps? DomainAllocPaging(PlatformDevice device, IommuDomainGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var format = InstanceOf(device).Version == RkIommuVersion.V1 ? IoPgtableFmt.RkIommuV1 : IoPgtableFmt.RkIommuV2;
        geometry.ApertureStart = 0;
        geometry.ApertureEnd = uint.MaxValue;
        geometry.ForceAperture = true;
        return RkIommuDomain.Alloc(this, format, _kernel);
    }

    /// <summary>The instance in front of <paramref name="device"/> (dev_iommu_priv_get); an oops for a device not behind one.</summary>
    internal RkIommuInstance InstanceOf(PlatformDevice device) =>
        _masters.TryGetValue(device, out var instance) ? instance : throw new KernelOopsException($"rk_iommu: {device} is not behind an RK IOMMU");
}
