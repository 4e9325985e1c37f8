using Protmem.Hardware;

namespace Protmem.SecureWorld;

/// <summary>A carveout firewalled at boot for secure transactions only: a GPU's firmware memory under the reserved-memory design.</summary>
/// <param name="Range">The carveout (page-aligned DRAM apart from TZDRAM and the other carveouts).</param>
/// <param name="Endpoints">The secure-capable masters it is for; on a firewall that checks secure transactions per master, only they (and the CPU) get in.</param>
public sealed record SecureCarveout(PhysRange Range, IReadOnlyList<ProtectedMemoryEndpoint> Endpoints);
