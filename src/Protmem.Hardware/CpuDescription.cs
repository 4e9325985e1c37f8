using Protmem.Hardware.Firewall;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware;

/// <summary>The CPU's master id and name.</summary>
public sealed record CpuDescription(int MasterId = 0, string Name = "cpu");
