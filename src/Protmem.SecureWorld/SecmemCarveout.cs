using Protmem.Hardware;

namespace Protmem.SecureWorld;

/// <summary>The MediaTek-style secure-memory carveout owned by the secmem TA.</summary>
/// <param name="Range">The carveout (page-aligned, DRAM, outside the normal world's use).</param>
/// <param name="Endpoints">Bus masters (besides the secure world) that may reach it.</param>
public sealed record SecmemCarveout(PhysRange Range, IReadOnlyList<ProtectedMemoryEndpoint> Endpoints);
