using Protmem.Hardware;

namespace Protmem.Platform;

/// <summary>
/// A reserved-memory carveout the secure world firewalls at boot for devices that reach it only with secure
/// transactions (<c>protmem,secure-carveout</c> on the TEE node): a GPU's firmware memory under the
/// reserved-memory design. The normal world keeps it out of its direct map (no-map) and hands it to the device's
/// driver; no non-secure transaction reaches it, from the CPU or any device.
/// </summary>
/// <param name="Name">The reserved-memory node's name (what the device's <c>memory-region</c> names).</param>
/// <param name="Range">Where the carveout is.</param>
/// <param name="Masters">The secure-capable masters it is for (<c>protmem,secure-carveout-masters</c>).</param>
public sealed record SecureCarveoutDescription(string Name, PhysRange Range, IReadOnlyList<string> Masters);
