using Protmem.Hardware.Bus;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware.Oracle;

/// <summary>The firewall lets <paramref name="Master"/> in <paramref name="State"/> do <paramref name="Direction"/>.</summary>
public readonly record struct FirewallGrant(BusMaster Master, SecurityState State, AccessDirection Direction);

/// <summary>How a device's address reaches a physical page.</summary>
public enum DeviceRouteKind
{
    /// <summary>The device has no IOMMU: its addresses are physical.</summary>
    Physical,

    /// <summary>Its IOMMU has paging disabled (detached, identity): addresses below 4 GiB pass through.</summary>
    PassThrough,

    /// <summary>A valid PTE in the tables the IOMMU's DTE_ADDR points at.</summary>
    Mapped,

    /// <summary>An IOTLB line that no longer matches the tables (a missing zap): it still translates.</summary>
    StaleIotlb,
}

/// <summary>
/// A device reaches [<see cref="Phys"/>) at device address <see cref="Iova"/> with <see cref="Prot"/>
/// (before the firewall; <see cref="PageReach.DeviceCanReach"/> and <see cref="AccessOracle.ReachableBy(DeviceMaster, AccessDirection)"/>
/// apply it).
/// </summary>
public readonly record struct DeviceRoute(DeviceMaster Device, DeviceRouteKind Kind, DeviceAddr Iova, PhysRange Phys, IommuProt Prot)
{
    /// <summary>The IOMMU on the route, if any.</summary>
    public RkIommu? Iommu => Device.Iommu;
}

/// <summary>A CPU address space maps the page at <paramref name="Va"/> with <paramref name="Permissions"/>.</summary>
public readonly record struct CpuRoute(CpuAddressSpace Space, CpuVirtAddr Va, CpuPermissions Permissions);

/// <summary>A page closed to the non-secure CPU by the firewall yet mapped in a non-secure address space.</summary>
public readonly record struct SpeculativeHazard(CpuAddressSpace Space, CpuVirtAddr Va, PhysRange Phys);

/// <summary>Everything that can reach one physical page.</summary>
/// <param name="Page">The page.</param>
/// <param name="Firewall">Every (master, state, direction) the firewall allows on the page.</param>
/// <param name="Devices">Every device route onto the page (IOMMU rights, before the firewall).</param>
/// <param name="Cpu">Every CPU address space mapping of the page (before the firewall).</param>
public sealed record PageReach(
    PhysAddr Page,
    IReadOnlyList<FirewallGrant> Firewall,
    IReadOnlyList<DeviceRoute> Devices,
    IReadOnlyList<CpuRoute> Cpu)
{
    /// <summary>True when the firewall lets <paramref name="master"/> do <paramref name="direction"/> in some state it can issue.</summary>
    public bool FirewallAllows(BusMaster master, AccessDirection direction) =>
        Firewall.Any(g => g.Master == master && g.Direction == direction);

    /// <summary>True when the firewall lets <paramref name="master"/> in <paramref name="state"/> do <paramref name="direction"/>.</summary>
    public bool FirewallAllows(BusMaster master, SecurityState state, AccessDirection direction) =>
        Firewall.Contains(new FirewallGrant(master, state, direction));

    /// <summary>True when <paramref name="device"/> has a route with the right and the firewall lets it through.</summary>
    public bool DeviceCanReach(DeviceMaster device, AccessDirection direction)
    {
        var needed = direction == AccessDirection.Read ? IommuProt.Read : IommuProt.Write;
        return Devices.Any(r => r.Device == device && (r.Prot & needed) != 0) && FirewallAllows(device.Master, direction);
    }

    /// <summary>True when <paramref name="space"/> maps the page with the right and the firewall lets the CPU in <paramref name="state"/> through.</summary>
    public bool CpuCanReach(CpuAddressSpace space, BusMaster cpu, SecurityState state, AccessDirection direction)
    {
        var needed = direction == AccessDirection.Read ? CpuPermissions.Read : CpuPermissions.Write;
        return Cpu.Any(r => r.Space == space && (r.Permissions & needed) != 0) && FirewallAllows(cpu, state, direction);
    }
}
