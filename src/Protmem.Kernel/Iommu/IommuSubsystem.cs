using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Iommu;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Kernel.Iommu;

/// <summary>
/// The kernel IOMMU API over the hardware IOMMUs (drivers/iommu): domains, the group of devices behind
/// each IOMMU instance, attach/detach, and the DMA API that maps scatter-gather tables into a device's
/// addresses.
/// 1. Boot: each IOMMU with a device behind it gets a default DMA domain, attached (iommu_probe_device).
/// 2. <see cref="DomainAlloc"/> / <see cref="DomainFree"/> (paired) make driver-owned domains.
/// 3. <see cref="AttachDevice"/> moves a device's IOMMU to a domain; <see cref="DetachDevice"/> (paired)
///    moves it back to the default domain.
/// 4. <see cref="MapSg"/> / <see cref="UnmapSg"/> (paired) give device addresses: IOVAs in the device's
///    current domain behind an IOMMU, physical addresses otherwise.
/// </summary>
public sealed class IommuSubsystem
{
    private readonly NormalWorldView _hardware;
    private readonly PageAllocator _pages;
    private readonly Dictionary<RkIommu, IommuDomain> _defaultDomains = [];
    private readonly Dictionary<RkIommu, IommuDomain> _current = [];
    private readonly List<IommuDomain> _domains = [];
    private readonly Dictionary<RkIommu, IommuDevice> _iommuDevices = [];
    private int _nextId = 1;

    internal IommuSubsystem(NormalWorldView hardware, PageAllocator pages)
    {
        _hardware = hardware;
        _pages = pages;
    }

    /// <summary>Live domains (default ones included).</summary>
    public IReadOnlyList<IommuDomain> Domains => _domains;

    /// <summary>iommu_domain_alloc: a new empty paging domain, or null when no page is left for its directory.</summary>
    public IommuDomain? DomainAlloc()
    {
        if (!_pages.TryAllocPage(out var probe))
        {
            return null;
        }

        _pages.FreePage(probe);
        var domain = new IommuDomain(_nextId++, _hardware.CreateRkIommuPageTable(_pages));
        _domains.Add(domain);
        return domain;
    }

    /// <summary>iommu_domain_free; the domain must have no IOMMU attached. Paired with <see cref="DomainAlloc"/>.</summary>
    public void DomainFree(IommuDomain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (domain.AttachedIommus.Count != 0 || _defaultDomains.ContainsValue(domain))
        {
            throw new KernelOopsException($"{domain} is freed while attached or while it is a default domain");
        }

        if (!_domains.Remove(domain))
        {
            throw new KernelOopsException($"{domain} is freed twice");
        }

        domain.PageTable.Free();
        domain.IsFreed = true;
    }

    /// <summary>The domain translating <paramref name="device"/>'s DMA now (iommu_get_domain_for_dev), or null without an IOMMU.</summary>
    public IommuDomain? GetDomainForDevice(PlatformDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.Iommu?.Hardware is { } iommu && _current.TryGetValue(iommu, out var domain) ? domain : null;
    }

    /// <summary>iommu_attach_device: 0, or -ENODEV when the device has no IOMMU.</summary>
    public int AttachDevice(IommuDomain domain, PlatformDevice device)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(device);
        ObjectDisposedException.ThrowIf(domain.IsFreed, domain);
        if (device.Iommu?.Hardware is not { } iommu)
        {
            return -Errno.ENODEV;
        }

        Switch(iommu, domain);
        return 0;
    }

    /// <summary>iommu_detach_device: the device's IOMMU returns to its default domain.</summary>
    public void DetachDevice(IommuDomain domain, PlatformDevice device)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(device);
        if (device.Iommu?.Hardware is not { } iommu || !_current.TryGetValue(iommu, out var current) || current != domain)
        {
            throw new KernelOopsException($"{device} is detached from {domain}, which it is not attached to");
        }

        Switch(iommu, DefaultDomainFor(iommu));
    }

    /// <summary>
    /// dma_map_sgtable: gives every entry of <paramref name="table"/> a device address for
    /// <paramref name="device"/>: one contiguous IOVA range in its current domain behind an IOMMU, the
    /// physical address otherwise. 0, or -ENOMEM when no IOVA range or page-table page is left.
    /// </summary>
    public int MapSg(PlatformDevice device, SgTable table, DmaDataDirection direction)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(table);
        if (table.IsDmaMapped)
        {
            throw new KernelOopsException("an sg table is DMA-mapped twice");
        }

        var domain = GetDomainForDevice(device);
        if (domain is null)
        {
            for (var i = 0; i < table.Count; i++)
            {
                table.SetDmaAddress(i, new DeviceAddr(table.Entries[i].Phys.Value));
            }

            table.MarkMapped(true);
            return 0;
        }

        if (!domain.TryAllocIova(table.TotalLength, out var iova))
        {
            return -Errno.ENOMEM;
        }

        var prot = ProtFor(direction);
        var cursor = iova;
        for (var i = 0; i < table.Count; i++)
        {
            var entry = table.Entries[i];
            var result = domain.Map(cursor, entry.Phys, entry.Length, prot);
            if (result < 0)
            {
                domain.Unmap(iova, cursor - iova);
                domain.FreeIova(iova, table.TotalLength);
                return result == -Errno.EADDRINUSE ? throw new KernelOopsException($"a fresh IOVA range of {domain} is already mapped") : result;
            }

            table.SetDmaAddress(i, cursor);
            cursor += entry.Length;
        }

        table.MarkMapped(true);
        return 0;
    }

    /// <summary>dma_unmap_sgtable; paired with <see cref="MapSg"/> for the same device.</summary>
    public void UnmapSg(PlatformDevice device, SgTable table)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(table);
        if (!table.IsDmaMapped)
        {
            throw new KernelOopsException("an sg table that is not DMA-mapped is unmapped");
        }

        var domain = GetDomainForDevice(device);
        if (domain is not null && table.Count > 0)
        {
            var iova = table.Entries[0].DmaAddress;
            var unmapped = domain.Unmap(iova, table.TotalLength);
            if (unmapped != table.TotalLength)
            {
                throw new KernelOopsException($"{device} unmapped 0x{unmapped:x} of 0x{table.TotalLength:x} bytes at {iova} (was its domain switched while mapped?)");
            }

            domain.FreeIova(iova, table.TotalLength);
        }

        table.MarkMapped(false);
    }

    /// <summary>The IOMMU core's handle of the IOMMU in front of <paramref name="master"/>, or null (iommu_device_register, once per instance).</summary>
    internal IommuDevice? DeviceFor(DeviceMaster? master)
    {
        if (master?.Iommu is not { } hardware)
        {
            return null;
        }

        if (!_iommuDevices.TryGetValue(hardware, out var device))
        {
            device = new IommuDevice(hardware);
            _iommuDevices.Add(hardware, device);
        }

        return device;
    }

    /// <summary>Checks every domain.</summary>
    public void AssertInvariants()
    {
        foreach (var domain in _domains)
        {
            domain.AssertInvariants();
        }

        foreach (var (iommu, domain) in _current)
        {
            if (!domain.AttachedIommus.Contains(iommu))
            {
                throw new KernelOopsException($"invariant broken: the current domain of IOMMU '{iommu.Name}' lists it as attached");
            }
        }
    }

    /// <summary>Creates and attaches the default domain of every IOMMU in front of <paramref name="devices"/>.</summary>
    internal void ProbeDevices(IEnumerable<PlatformDevice> devices)
    {
        foreach (var device in devices)
        {
            if (device.Iommu?.Hardware is { } iommu && !_defaultDomains.ContainsKey(iommu))
            {
                Switch(iommu, DefaultDomainFor(iommu));
            }
        }
    }

    private static IommuProt ProtFor(DmaDataDirection direction) => direction switch
    {
        DmaDataDirection.ToDevice => IommuProt.Read,
        DmaDataDirection.FromDevice => IommuProt.Write,
        _ => IommuProt.ReadWrite,
    };

    private IommuDomain DefaultDomainFor(RkIommu iommu)
    {
        if (!_defaultDomains.TryGetValue(iommu, out var domain))
        {
            domain = DomainAlloc() ?? throw new InsufficientMemoryException($"no page for the default domain of IOMMU '{iommu.Name}' at boot");
            _defaultDomains.Add(iommu, domain);
        }

        return domain;
    }

    private void Switch(RkIommu iommu, IommuDomain domain)
    {
        if (_current.TryGetValue(iommu, out var old))
        {
            if (old == domain)
            {
                return;
            }

            old.RemoveIommu(iommu);
        }

        iommu.Attach(domain.PageTable.Root);
        iommu.ZapAll();
        domain.AddIommu(iommu);
        _current[iommu] = domain;
    }
}
