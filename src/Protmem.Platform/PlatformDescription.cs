using Protmem.Hardware;
using Protmem.Kernel.Tee;

namespace Protmem.Platform;

/// <summary>
/// A board as plain data: the one input to booting a machine.
/// It holds the hardware (<see cref="Soc"/>) and what the kernel and the secure world learn from the
/// device tree: system RAM, reserved memory (placed), the TEE and its protected memory, the devices, the
/// kernel's options. The bindings (<see cref="Bindings.PlatformBinder"/>) build it from a device tree.
/// </summary>
public sealed record PlatformDescription
{
    /// <summary>The board's name (the shipped name, or the file it came from).</summary>
    public required string Name { get; init; }

    /// <summary>The root's <c>model</c> string, or the name when there is none.</summary>
    public string Model { get; init; } = "";

    /// <summary>The hardware: DRAM banks, firewall, masters, IOMMUs, hazard flag, cost overrides.</summary>
    public required SocDescription Soc { get; init; }

    /// <summary>Normal-world RAM: the enabled <c>/memory</c> nodes, sorted and merged.</summary>
    public IReadOnlyList<PhysRange> SystemRam { get; init; } = [];

    /// <summary>Secure-only RAM (memory nodes with <c>status = "disabled"</c> and <c>secure-status = "okay"</c>).</summary>
    public IReadOnlyList<PhysRange> SecureRam { get; init; } = [];

    /// <summary>The <c>/reserved-memory</c> regions and the memory reservation block, every one placed.</summary>
    public IReadOnlyList<ReservedRegionDescription> ReservedMemory { get; init; } = [];

    /// <summary>The default CMA area's region name (<c>linux,cma-default</c>, else the first CMA region), or null.</summary>
    public string? DefaultCmaRegion { get; init; }

    /// <summary>The TEE firmware and its protected memory, or null on a board without one.</summary>
    public TeeDescription? Tee { get; init; }

    /// <summary>Devices the kernel may drive: every bus master and every other bound device node.</summary>
    public IReadOnlyList<DeviceDescription> Devices { get; init; } = [];

    /// <summary>Kernel options from <c>/chosen/bootargs</c> (<c>name=value</c>; a bare <c>name</c> reads as <c>"1"</c>).</summary>
    public IReadOnlyDictionary<string, string> KernelOptions { get; init; } = new Dictionary<string, string>();

    /// <summary>Which protected-memory design the kernel runs (<c>protmem.design=</c> on the command line).</summary>
    public ProtectedMemoryDesign Design { get; init; } = ProtectedMemoryDesign.TeeDmaHeap;

    /// <summary>
    /// Whether the kernel removes lent protected memory from its direct map before lending and restores
    /// it after reclaim (<c>protmem.unmap_direct_map=1</c>), the fix for the speculative-access hazard.
    /// </summary>
    public bool UnmapDirectMapOnLend { get; init; }

    /// <summary>What the bindings skipped, as Linux would (a compatible nothing binds, a disabled IOMMU referenced...).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Reserved-memory nodes whose fixed reg lies outside system RAM (e.g. a tree whose /memory the boot loader fills): shown, not reserved.</summary>
    public IReadOnlyList<ReservedRegionDescription> SkippedReservedMemory { get; init; } = [];

    /// <summary>The warnings that change the model (an assumed TZC-400, an IOMMU not modelled, a likely misspelt property, ...), a subset of <see cref="Warnings"/>.</summary>
    public IReadOnlyList<string> ModelWarnings { get; init; } = [];

    /// <summary>The "no binding" notes (nodes and regions Protmem does not model), the rest of <see cref="Warnings"/>.</summary>
    public IReadOnlyList<string> UnboundWarnings { get; init; } = [];

    /// <summary>The regions that are CMA areas (reusable shared-dma-pool).</summary>
    public IEnumerable<ReservedRegionDescription> CmaRegions => ReservedMemory.Where(r => r.IsCma);

    /// <summary>The <c>linaro,restricted-heap</c> regions.</summary>
    public IEnumerable<ReservedRegionDescription> RestrictedHeapRegions => ReservedMemory.Where(r => r.IsRestrictedHeap);

    /// <summary>The device named <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> naming the board when absent.</summary>
    public DeviceDescription Device(string name) =>
        Devices.FirstOrDefault(d => d.Name == name) ?? throw new KeyNotFoundException($"no device named '{name}' on {Name}");

    /// <summary>The reserved region named <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> when absent.</summary>
    public ReservedRegionDescription Region(string name) =>
        ReservedMemory.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"no reserved-memory region named '{name}' on {Name}");
}
