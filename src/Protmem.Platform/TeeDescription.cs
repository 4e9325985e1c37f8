using Protmem.Hardware;

namespace Protmem.Platform;

/// <summary>
/// The TEE firmware of a board (the <c>/firmware/optee</c> node and its <c>protmem,</c> properties):
/// its ABI, its own secure DRAM, the static SDP carveout, the dynamic use cases.
/// </summary>
/// <param name="Path">The TEE node's path.</param>
/// <param name="Abi">SMC or FF-A.</param>
/// <param name="SecureDram">TZDRAM: the firmware's own memory (<c>protmem,secure-dram</c>), or null when the tree does not say.</param>
/// <param name="StaticCarveout">The static SDP carveout (<c>protmem,static-protmem</c>), or null.</param>
/// <param name="StaticCarveoutMasters">Masters (besides the secure world) that may reach the static carveout.</param>
/// <param name="UseCases">Dynamic protected-memory use cases (child nodes with <c>protmem,use-case</c>).</param>
/// <param name="MemoryRegion">The reserved region dynamic protected memory is allocated from (its <c>memory-region</c>), or null for the default CMA area.</param>
public sealed record TeeDescription(
    string Path,
    TeeAbi Abi,
    PhysRange? SecureDram,
    PhysRange? StaticCarveout,
    IReadOnlyList<string> StaticCarveoutMasters,
    IReadOnlyList<UseCaseDescription> UseCases,
    string? MemoryRegion = null)
{
    /// <summary>Carveouts the secure world firewalls at boot for secure transactions only (<c>protmem,secure-carveout</c>).</summary>
    public IReadOnlyList<SecureCarveoutDescription> SecureCarveouts { get; init; } = [];

    /// <summary>OP-TEE's FF-A partition id (<c>protmem,ffa-partition-id</c>), when <see cref="Abi"/> is FF-A.</summary>
    public ushort FfaPartitionId { get; init; } = 0x8001;
}
