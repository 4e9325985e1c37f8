namespace Protmem.Hardware.Time;

/// <summary>
/// What each modelled operation costs in simulated time (spec/costs.md). Every figure is in
/// simulated nanoseconds unless its name says otherwise. Each default is a named constant whose
/// comment gives its basis, or says "assumed" where nothing is published. A board overrides any
/// figure with <c>with { ... }</c> or <see cref="WithOverride"/> (by name, as a device tree would).
/// </summary>
public sealed record CostModel
{
    /// <summary>TF-A fast SMC on Juno measured 0.68–1.64 µs.</summary>
    public const double DefaultSmcRoundTrip = 1_000;

    /// <summary>Cortex-A9 world switch into a TA and back: 2.6–3.1 µs.</summary>
    public const double DefaultWorldSwitch = 3_000;

    /// <summary>dma-heap page-pool benchmark: a 4 KiB allocation takes 15.9 µs.</summary>
    public const double DefaultSystemHeapAllocBase = 16_000;

    /// <summary>dma-heap page-pool benchmark: 32 MiB in 2.44 ms, about 70 µs per MiB.</summary>
    public const double DefaultSystemHeapAllocPerMiB = 70_000;

    /// <summary>cma_alloc on Raspberry Pi: typically 1.35–1.8 ms per call.</summary>
    public const double DefaultCmaAlloc = 1_500_000;

    /// <summary>arm-smmu io-pgtable: 4.75 ms per 32 MiB, 0.58 µs per 4 KiB page.</summary>
    public const double DefaultIommuMapPerPage = 580;

    /// <summary>arm-smmu io-pgtable unmap with a per-page TLB invalidation: 0.13 µs per page. Charged per ZAP_ONE_LINE write.</summary>
    public const double DefaultIommuUnmapPerPageInvalidation = 130;

    /// <summary>arm-smmu io-pgtable unmap with one ASID-wide invalidation: 6.3 ns per page. Charged per PTE cleared.</summary>
    public const double DefaultIommuUnmapWholeContextPerPage = 6.3;

    /// <summary>Assumed: stall, force reset, DTE write, zap and paging enable, with register polls of 100 µs period.</summary>
    public const double DefaultIommuAttach = 100_000;

    /// <summary>Assumed: stall and disable-paging polls of 100 µs period, as for attach.</summary>
    public const double DefaultIommuDetach = 100_000;

    /// <summary>Assumed: one posted write to an IOMMU register and its barrier.</summary>
    public const double DefaultIommuMmioWrite = 100;

    /// <summary>Assumed: no published figure; reprogramming a region must quiesce the masters.</summary>
    public const double DefaultFirewallReprogram = 10_000;

    /// <summary>Assumed: no published figure for FF-A MEM_LEND.</summary>
    public const double DefaultFfaLend = 20_000;

    /// <summary>Assumed: no published figure for FF-A MEM_RECLAIM.</summary>
    public const double DefaultFfaReclaim = 20_000;

    /// <summary>Assumed: memcpy by the CPU at 10 GB/s, typical of an LPDDR4 SoC (10 bytes per ns).</summary>
    public const double DefaultCpuMemcpyBytesPerNs = 10;

    /// <summary>Assumed: no published figure; programming an NPU core's task registers, starting it and taking its completion IRQ.</summary>
    public const double DefaultNpuTaskStart = 5_000;

    /// <summary>Assumed: an RK3588 NPU core's DMA moves 8 bytes per ns (8 GB/s) through its IOMMU.</summary>
    public const double DefaultNpuDmaBytesPerNs = 8;

    /// <summary>Assumed: an NPU core reset (srst_a/srst_h asserted, udelay(10), deasserted) and the scheduler restart.</summary>
    public const double DefaultNpuReset = 20_000;

    /// <summary>The figures of spec/costs.md.</summary>
    public static CostModel Default { get; } = new();

    public double SmcRoundTrip { get; init; } = DefaultSmcRoundTrip;

    public double WorldSwitch { get; init; } = DefaultWorldSwitch;

    public double SystemHeapAllocBase { get; init; } = DefaultSystemHeapAllocBase;

    public double SystemHeapAllocPerMiB { get; init; } = DefaultSystemHeapAllocPerMiB;

    public double CmaAlloc { get; init; } = DefaultCmaAlloc;

    public double IommuMapPerPage { get; init; } = DefaultIommuMapPerPage;

    public double IommuUnmapPerPageInvalidation { get; init; } = DefaultIommuUnmapPerPageInvalidation;

    public double IommuUnmapWholeContextPerPage { get; init; } = DefaultIommuUnmapWholeContextPerPage;

    public double IommuAttach { get; init; } = DefaultIommuAttach;

    public double IommuDetach { get; init; } = DefaultIommuDetach;

    public double IommuMmioWrite { get; init; } = DefaultIommuMmioWrite;

    public double FirewallReprogram { get; init; } = DefaultFirewallReprogram;

    public double FfaLend { get; init; } = DefaultFfaLend;

    public double FfaReclaim { get; init; } = DefaultFfaReclaim;

    /// <summary>CPU copy bandwidth in bytes per simulated nanosecond (10 = 10 GB/s).</summary>
    public double CpuMemcpyBytesPerNs { get; init; } = DefaultCpuMemcpyBytesPerNs;

    public double NpuTaskStart { get; init; } = DefaultNpuTaskStart;

    /// <summary>NPU DMA bandwidth in bytes per simulated nanosecond (8 = 8 GB/s).</summary>
    public double NpuDmaBytesPerNs { get; init; } = DefaultNpuDmaBytesPerNs;

    public double NpuReset { get; init; } = DefaultNpuReset;

    /// <summary>The names <see cref="WithOverride"/> accepts, in the order of this file.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        nameof(SmcRoundTrip), nameof(WorldSwitch), nameof(SystemHeapAllocBase), nameof(SystemHeapAllocPerMiB),
        nameof(CmaAlloc), nameof(IommuMapPerPage), nameof(IommuUnmapPerPageInvalidation),
        nameof(IommuUnmapWholeContextPerPage), nameof(IommuAttach), nameof(IommuDetach), nameof(IommuMmioWrite),
        nameof(FirewallReprogram), nameof(FfaLend), nameof(FfaReclaim), nameof(CpuMemcpyBytesPerNs),
        nameof(NpuTaskStart), nameof(NpuDmaBytesPerNs), nameof(NpuReset),
    ];

    /// <summary>Rounds a cost up to whole simulated nanoseconds.</summary>
    public static ulong ToTicks(double nanoseconds)
    {
        if (double.IsNaN(nanoseconds) || nanoseconds < 0)
        {
            ThrowNotACost(nanoseconds);
        }

        return (ulong)Math.Ceiling(nanoseconds);
    }

    // Out of line, so ToTicks inlines into every clock advance.
    private static void ThrowNotACost(double nanoseconds) =>
        throw new ArgumentOutOfRangeException(nameof(nanoseconds), $"a cost must be a non-negative number of nanoseconds, not {nanoseconds}");

    /// <summary>The time the CPU takes to copy <paramref name="bytes"/> bytes.</summary>
    public double CpuCopy(ulong bytes) => bytes / CpuMemcpyBytesPerNs;

    /// <summary>The time a system-heap allocation of <paramref name="bytes"/> takes.</summary>
    public double SystemHeapAlloc(ulong bytes) => SystemHeapAllocBase + (SystemHeapAllocPerMiB * bytes / (1024.0 * 1024.0));

    /// <summary>
    /// A copy with one figure replaced. <paramref name="name"/> is a property name of this record, matched
    /// without regard to case, '-' or '_' ("firewall-reprogram" and "FirewallReprogram" are the same).
    /// </summary>
    public CostModel WithOverride(string name, double value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (double.IsNaN(value) || value < 0 || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"cost '{name}' must be a finite non-negative number, not {value}");
        }

        if (Normalise(name) == Normalise(nameof(CpuMemcpyBytesPerNs)) && value == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "cost 'CpuMemcpyBytesPerNs' must be positive");
        }

        if (Normalise(name) == Normalise(nameof(NpuDmaBytesPerNs)) && value == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "cost 'NpuDmaBytesPerNs' must be positive");
        }

        return Normalise(name) switch
        {
            "smcroundtrip" => this with { SmcRoundTrip = value },
            "worldswitch" => this with { WorldSwitch = value },
            "systemheapallocbase" => this with { SystemHeapAllocBase = value },
            "systemheapallocpermib" => this with { SystemHeapAllocPerMiB = value },
            "cmaalloc" => this with { CmaAlloc = value },
            "iommumapperpage" => this with { IommuMapPerPage = value },
            "iommuunmapperpageinvalidation" => this with { IommuUnmapPerPageInvalidation = value },
            "iommuunmapwholecontextperpage" => this with { IommuUnmapWholeContextPerPage = value },
            "iommuattach" => this with { IommuAttach = value },
            "iommudetach" => this with { IommuDetach = value },
            "iommummiowrite" => this with { IommuMmioWrite = value },
            "firewallreprogram" => this with { FirewallReprogram = value },
            "ffalend" => this with { FfaLend = value },
            "ffareclaim" => this with { FfaReclaim = value },
            "cpumemcpybytesperns" => this with { CpuMemcpyBytesPerNs = value },
            "nputaskstart" => this with { NpuTaskStart = value },
            "npudmabytesperns" => this with { NpuDmaBytesPerNs = value },
            "npureset" => this with { NpuReset = value },
            _ => throw new ArgumentException($"unknown cost '{name}'; known costs: {string.Join(", ", Names)}", nameof(name)),
        };
    }

    private static string Normalise(string name) =>
        name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
}
