namespace Protmem.Kernel.Tee;

/// <summary>
/// The TEE subsystem's options (the board's <c>/firmware/optee</c> node and the kernel's configuration):
/// which ABI the OP-TEE driver probes, and the design choices the review threads argued about.
/// </summary>
public sealed record TeeConfig
{
    /// <summary>The ABI (the device tree's <c>method</c>: "smc" or FF-A).</summary>
    public OpteeAbi Abi { get; init; } = OpteeAbi.Smc;

    /// <summary>OP-TEE's FF-A partition id (the normal world is endpoint 0); FF-A only.</summary>
    public ushort FfaPartitionId { get; init; } = 0x8001;

    /// <summary>The CMA region dynamic pools lend from (the TEE node's memory-region); null: the default CMA area.</summary>
    public string? LendRegion { get; init; }

    /// <summary>
    /// Take a region out of the kernel's linear map before lending it to the secure world and put it
    /// back after reclaim, which mainline leaves as an open item in its dynamic pool. Off by default, as in mainline.
    /// </summary>
    public bool RemoveLentMemoryFromDirectMap { get; init; }

    /// <summary>
    /// The board's protected-memory design: the <c>protected,&lt;use case&gt;</c> dma-heaps (merged), the
    /// TEE_IOC_RSTMEM_ALLOC ioctl on /dev/tee0 (the seed design), the Linaro restricted heap whose buffers
    /// SHM_REGISTER_FD takes, or the MediaTek-style secure-world-managed heap.
    /// </summary>
    public ProtectedMemoryDesign Design { get; init; } = ProtectedMemoryDesign.TeeDmaHeap;

    /// <summary>
    /// The devices (by name) the secure world admits to its statically protected memory: the static SDP
    /// carveout, a Linaro restricted-heap carveout, the secmem TA's carveout.
    /// </summary>
    /// <remarks>Model: the TEE node's <c>protmem,static-protmem-masters</c>, which the driver reads from its of_node; mainline's SMC answer does not say.</remarks>
    public IReadOnlyList<string> StaticProtmemDevices { get; init; } = [];

    /// <summary>The use cases the driver asks the secure world about (1 video play, 2 trusted UI, 3 video record).</summary>
    public IReadOnlyList<uint> UseCases { get; init; } = [1, 2, 3];
}
