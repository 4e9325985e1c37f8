using System.Globalization;
using Protmem.Hardware;
using Protmem.Platform.Bindings;

namespace Protmem.Platform.Summary;

/// <summary>
/// A board as a person reads it (and as <c>protmem describe --json</c> prints it): plain strings and
/// numbers only, addresses in hex, so a presentation layer needs nothing below the platform.
/// </summary>
public sealed record PlatformSummary(
    string Name,
    string Model,
    string Design,
    bool SpeculativeAccessFatal,
    bool UnmapDirectMapOnLend,
    IReadOnlyList<MemoryRow> Memory,
    FirewallRow Firewall,
    IReadOnlyList<MasterRow> Masters,
    IReadOnlyList<IommuRow> Iommus,
    IReadOnlyList<ReservedRow> ReservedMemory,
    TeeRow? Tee,
    IReadOnlyList<string>? Heaps,
    IReadOnlyDictionary<string, string> KernelOptions,
    IReadOnlyDictionary<string, double> CostOverrides,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The summary of <paramref name="platform"/>; <paramref name="heaps"/> are the dma-heaps once a kernel booted (null before).</summary>
    public static PlatformSummary From(PlatformDescription platform, IReadOnlyList<string>? heaps = null)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var memory = platform.SystemRam.Select(r => MemoryRow.Of("system RAM", r))
            .Concat(platform.SecureRam.Select(r => MemoryRow.Of("secure-only RAM", r)))
            .OrderBy(r => r.StartValue)
            .ToList();
        var masters = platform.Soc.Masters.OrderBy(m => m.Id).Select(m =>
        {
            var device = platform.Devices.FirstOrDefault(d => d.BusMaster == m.Name);
            return new MasterRow(m.Id, m.Name, device?.Compatible ?? "", device?.Iommu, m.CanIssueSecure, device?.MemoryRegions ?? [], device?.Path ?? "");
        }).ToList();
        var iommus = platform.Soc.Iommus.Select(i => new IommuRow(i.Name, i.Compatible, i.BankCount, i.IotlbEntries, i.Masters)).ToList();
        var reserved = platform.ReservedMemory.Select(r => new ReservedRow(
            r.Name,
            Hex(r.Range.Start.Value),
            Hex(r.Range.End.Value),
            r.Range.Length,
            string.Join(", ", r.CompatibleStrings),
            Flags(r, platform.DefaultCmaRegion),
            r.IsDynamic ? "dynamic" : r.Path == "/memreserve/" ? "memreserve" : "fixed")).ToList();
        reserved.AddRange(platform.SkippedReservedMemory.Select(r => new ReservedRow(
            r.Name,
            Hex(r.Range.Start.Value),
            Hex(r.Range.End.Value),
            r.Range.Length,
            string.Join(", ", r.CompatibleStrings),
            Flags(r, platform.DefaultCmaRegion),
            "not reserved: outside system RAM")));
        TeeRow? tee = null;
        if (platform.Tee is { } t)
        {
            tee = new TeeRow(
                t.Path,
                t.Abi == TeeAbi.Ffa ? "FF-A" : "SMC",
                t.SecureDram is { } d ? MemoryRow.Of("secure DRAM", d) : null,
                t.StaticCarveout is { } s ? MemoryRow.Of("static SDP carveout", s) : null,
                t.StaticCarveoutMasters,
                [.. t.UseCases.Select(u => new UseCaseRow(u.Name, u.UseCase, u.MinSize, u.Alignment, u.Masters))],
                t.MemoryRegion);
        }

        return new PlatformSummary(
            platform.Name,
            platform.Model,
            BoardBinding.DesignName(platform.Design),
            platform.Soc.SpeculativeAccessToFirewalledPageIsFatal,
            platform.UnmapDirectMapOnLend,
            memory,
            new FirewallRow("arm,tzc-400", platform.Soc.FirewallRegionCount),
            masters,
            iommus,
            reserved,
            tee,
            heaps,
            platform.KernelOptions,
            platform.Soc.CostOverrides,
            platform.Warnings);
    }

    /// <summary>An address as <c>0x...</c>.</summary>
    public static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    private static string Flags(ReservedRegionDescription region, string? defaultCma)
    {
        var flags = new List<string>();
        if (region.NoMap)
        {
            flags.Add("no-map");
        }

        if (region.Reusable)
        {
            flags.Add("reusable");
        }

        if (region.IsCma)
        {
            flags.Add(region.Name == defaultCma ? "CMA (default)" : "CMA");
        }

        if (region.IsRestrictedHeap)
        {
            flags.Add("restricted heap");
        }

        return string.Join(", ", flags);
    }
}
