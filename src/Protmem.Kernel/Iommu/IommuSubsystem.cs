using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Kernel.Iommu;

/// <summary>
/// The IOMMU core (drivers/iommu/iommu.c): registered IOMMU instances, the groups of devices behind them,
/// domains, attach and detach. It knows drivers only through <see cref="IIommuOps"/> and
/// <see cref="IIommuDomainOps"/>.
/// 1. An IOMMU driver's probe registers each instance (<see cref="DeviceRegister"/>); the core then probes
///    every device whose <c>iommus</c> names it (of_xlate, probe_device, device_group) and gives each new
///    group a default DMA domain, attached.
/// 2. <see cref="PagingDomainAlloc(PlatformDevice)"/> / <see cref="DomainFree"/> (paired) make driver-owned domains.
/// 3. <see cref="AttachDevice"/> moves a device's group to a domain; <see cref="DetachDevice"/> (paired)
///    moves it back to the default domain.
/// Model: no IOMMU is ever unregistered (Linux's built-in IOMMU drivers have no remove), so no device is released.
/// The DMA API over these domains is <see cref="Dma.DmaMapping"/>.
/// </summary>
public sealed class IommuSubsystem
{
    private readonly List<IommuDomain> _domains = [];
    private readonly List<IommuDevice> _iommus = [];
    private readonly DriverRegistry _bus;
    private readonly Dictionary<PlatformDevice, int> _probeErrors = [];
    private int _nextDomainId = 1;
    private int _nextGroupId;

    internal IommuSubsystem(DriverRegistry bus) => _bus = bus;

    /// <summary>Live domains (default ones included).</summary>
    public IReadOnlyList<IommuDomain> Domains => _domains;

    /// <summary>Registered IOMMU instances, in registration order.</summary>
    public IReadOnlyList<IommuDevice> Iommus => _iommus;

    /// <summary>iommu_group_alloc: a new empty group (for a driver's device_group).</summary>
    public IommuGroup GroupAlloc() => new(_nextGroupId++);

    /// <summary>
    /// iommu_device_register + bus_iommu_probe: 0, or -EEXIST when an instance of that name is registered.
    /// Every device whose <c>iommus</c> names <paramref name="iommu"/> is probed; a device the driver refuses
    /// stays without an IOMMU (its DMA is direct) and the refusal is in <see cref="ProbeErrors"/>.
    /// </summary>
    public int DeviceRegister(IommuDevice iommu)
    {
        ArgumentNullException.ThrowIfNull(iommu);
        if (_iommus.Any(i => i.Name == iommu.Name))
        {
            return -Errno.EEXIST;
        }

        _iommus.Add(iommu);
        foreach (var device in _bus.Devices.Where(d => d.IommuFwnode == iommu.Name && d.Iommu is null))
        {
            var result = ProbeDevice(iommu, device);
            if (result < 0)
            {
                _probeErrors[device] = result;
            }
        }

        return 0;
    }

    /// <summary>Devices an IOMMU driver refused at probe, with its -errno.</summary>
    public IReadOnlyDictionary<PlatformDevice, int> ProbeErrors => _probeErrors;

    /// <summary>
    /// iommu_paging_domain_alloc: a new empty paging domain (IOMMU_DOMAIN_UNMANAGED) from the driver of
    /// <paramref name="device"/>'s IOMMU; 0, -ENODEV without an IOMMU, -ENOMEM without memory for it.
    /// </summary>
    public int PagingDomainAlloc(PlatformDevice device, out IommuDomain? domain)
    {
        ArgumentNullException.ThrowIfNull(device);
        domain = null;
        if (device.Iommu is not { } iommu)
        {
            return -Errno.ENODEV;
        }

        domain = AllocDomain(iommu, device, IommuDomainType.Unmanaged);
        return domain is null ? -Errno.ENOMEM : 0;
    }

    /// <summary>iommu_paging_domain_alloc, or null on any error (see the overload with the errno).</summary>
    public IommuDomain? PagingDomainAlloc(PlatformDevice device) => PagingDomainAlloc(device, out var domain) == 0 ? domain : null;

    /// <summary>iommu_domain_free; the domain must be attached nowhere. Paired with <see cref="PagingDomainAlloc(PlatformDevice)"/>.</summary>
    public void DomainFree(IommuDomain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (domain.Groups.Count != 0 || _bus.Devices.Any(d => d.IommuGroup?.DefaultDomain == domain))
        {
            throw new KernelOopsException($"{domain} is freed while attached or while it is a default domain");
        }

        if (!_domains.Remove(domain))
        {
            throw new KernelOopsException($"{domain} is freed twice");
        }

        domain.Ops.Free();
        domain.IsFreed = true;
    }

    /// <summary>iommu_get_domain_for_dev: the domain translating <paramref name="device"/>'s DMA now, or null without an IOMMU.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "the IOMMU API is called on the kernel's one IOMMU core")]
    public IommuDomain? GetDomainForDevice(PlatformDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.IommuGroup?.Domain;
    }

    /// <summary>device_iommu_capable: false without an IOMMU.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "the IOMMU API is called on the kernel's one IOMMU core")]
    public bool DeviceCapable(PlatformDevice device, IommuCap cap)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.Iommu is { } iommu && iommu.Ops.Capable(device, cap);
    }

    /// <summary>
    /// iommu_attach_device: 0; -ENODEV when the device has no IOMMU; -EINVAL when its group holds other
    /// devices or the domain belongs to another driver; -EBUSY when the group is attached to another
    /// driver-owned domain (detach first); or the driver's error.
    /// </summary>
    public int AttachDevice(IommuDomain domain, PlatformDevice device)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(device);
        ObjectDisposedException.ThrowIf(domain.IsFreed, domain);
        ThrowIfNotOurs(domain);
        if (device.IommuGroup is not { } group)
        {
            return -Errno.ENODEV;
        }

        if (group.Devices.Count != 1 || domain.Owner.Ops != device.Iommu!.Ops)
        {
            return -Errno.EINVAL;
        }

        if (group.Domain is { } current && current != group.DefaultDomain && current != domain)
        {
            return -Errno.EBUSY;
        }

        return SetDomain(group, domain);
    }

    /// <summary>iommu_detach_device: the device's group returns to its default domain. Detaching from a domain it is not attached to is an oops.</summary>
    public void DetachDevice(IommuDomain domain, PlatformDevice device)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(device);
        ThrowIfNotOurs(domain);
        if (device.IommuGroup is not { } group || group.Domain != domain)
        {
            throw new KernelOopsException($"{device} is detached from {domain}, which it is not attached to");
        }

        var result = SetDomain(group, group.DefaultDomain!);
        if (result < 0)
        {
            throw new KernelOopsException($"{device} cannot return to its default domain: {Errno.Describe(result)}");
        }
    }

    /// <summary>Checks every domain and group.</summary>
    public void AssertInvariants()
    {
        foreach (var domain in _domains)
        {
            domain.AssertInvariants();
        }

        foreach (var device in _bus.Devices.Where(d => d.IommuGroup is not null))
        {
            var group = device.IommuGroup!;
            if (group.Domain is not { } domain || !domain.Groups.Contains(group) || !_domains.Contains(domain) || !group.Devices.Contains(device))
            {
                throw new KernelOopsException($"invariant broken: {device}'s {group} translates through a live domain that lists it");
            }
        }
    }

    private void ThrowIfNotOurs(IommuDomain domain)
    {
        if (!_domains.Contains(domain))
        {
            throw new KernelOopsException($"{domain} is not a live domain of this kernel");
        }
    }

    /// <summary>__iommu_probe_device + iommu_setup_default_domain for one device.</summary>
    private int ProbeDevice(IommuDevice iommu, PlatformDevice device)
    {
        var ops = iommu.Ops;
        var result = ops.OfXlate(device, iommu);
        if (result < 0)
        {
            return result;
        }

        if (ops.ProbeDevice(device) != iommu)
        {
            // The driver recorded the device at of_xlate: release_device undoes it.
            ops.ReleaseDevice(device);
            return -Errno.ENODEV;
        }

        var group = ops.DeviceGroup(device);
        device.Iommu = iommu;
        device.IommuGroup = group;
        group.Add(device);
        if (group.DefaultDomain is null)
        {
            // Model: the default domain is always DMA (CONFIG_IOMMU_DEFAULT_DMA_STRICT); no iommu.passthrough.
            var domain = AllocDomain(iommu, device, IommuDomainType.Dma);
            if (domain is null)
            {
                throw new InsufficientMemoryException($"no memory for the default domain of {device} behind {iommu} at boot");
            }

            group.DefaultDomain = domain;
            return SetDomain(group, domain);
        }

        return group.DefaultDomain.Ops.AttachDev(device);
    }

    private IommuDomain? AllocDomain(IommuDevice iommu, PlatformDevice device, IommuDomainType type)
    {
        var geometry = new IommuDomainGeometry();
        if (iommu.Ops.DomainAllocPaging(device, geometry) is not { } ops)
        {
            return null;
        }

        var domain = new IommuDomain(_nextDomainId++, type, ops, iommu, geometry);
        _domains.Add(domain);
        return domain;
    }

    /// <summary>__iommu_group_set_domain: every device of the group attaches; nothing changes when it is attached already.</summary>
    private static int SetDomain(IommuGroup group, IommuDomain domain)
    {
        if (group.Domain == domain)
        {
            return 0;
        }

        foreach (var device in group.Devices)
        {
            var result = domain.Ops.AttachDev(device);
            if (result < 0)
            {
                return result;
            }
        }

        group.Domain?.Groups.Remove(group);
        group.Domain = domain;
        domain.Groups.Add(group);
        return 0;
    }
}
