using Protmem.Hardware.Bus;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware.Oracle;

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
