using Protmem.Hardware.Firewall;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware;

/// <summary>A device master: firewall id, name, which states it can issue.</summary>
public sealed record BusMasterDescription(int Id, string Name, bool CanIssueNonSecure = true, bool CanIssueSecure = false);
