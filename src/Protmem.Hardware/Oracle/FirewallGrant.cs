using Protmem.Hardware.Bus;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware.Oracle;

/// <summary>The firewall lets <paramref name="Master"/> in <paramref name="State"/> do <paramref name="Direction"/>.</summary>
public readonly record struct FirewallGrant(BusMaster Master, SecurityState State, AccessDirection Direction);
