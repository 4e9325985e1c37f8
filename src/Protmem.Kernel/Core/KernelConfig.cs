using Protmem.Hardware;

namespace Protmem.Kernel.Core;

/// <summary>
/// Everything the kernel boots from, as plain data (the platform layer builds it from a device tree):
/// the hardware view, system RAM, the reserved-memory regions, the default CMA area, the devices, and options.
/// </summary>
public sealed record KernelConfig
{
    /// <summary>The hardware the kernel runs on, as a normal-world OS sees it (no firewall, no raw DRAM).</summary>
    public required NormalWorldView Hardware { get; init; }

    /// <summary>System RAM (the <c>/memory</c> nodes); empty means every DRAM bank of the SoC.</summary>
    public IReadOnlyList<PhysRange> SystemRam { get; init; } = [];

    /// <summary>The <c>/reserved-memory</c> children.</summary>
    public IReadOnlyList<ReservedMemoryRegion> ReservedMemory { get; init; } = [];

    /// <summary>
    /// The name of the CMA region that is the default area (<c>linux,cma-default</c>); null picks the
    /// first CMA region, if any.
    /// </summary>
    public string? DefaultCmaRegion { get; init; }

    /// <summary>The devices.</summary>
    public IReadOnlyList<DeviceConfig> Devices { get; init; } = [];

    /// <summary>Kernel options by name (the command line's <c>name=value</c>), read by the subsystems that own them.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>The TEE subsystem's options; null leaves the OP-TEE driver unprobed (it needs the hardware view's SMC conduit too).</summary>
    public Tee.TeeConfig? Tee { get; init; }

    /// <summary>RLIMIT_NOFILE of every process: opening beyond it fails with EMFILE.</summary>
    public int MaxOpenFiles { get; init; } = 1024;

    /// <summary>Whether the page allocator keeps per-cpu lists of order-0 pages (as Linux does).</summary>
    public bool PerCpuPageLists { get; init; } = true;
}
