using Protmem.Platform.Summary;
using Spectre.Console;

namespace Protmem.Cli;

/// <summary>The tables <c>protmem describe</c> prints, one per part of the board.</summary>
internal static class DescribeTables
{
    public static void Write(IAnsiConsole console, PlatformSummary s, string? bootFailure)
    {
        console.WriteLine($"{s.Name}: {s.Model}");
        console.WriteLine($"protected-memory design: {s.Design}; speculative access to firewalled memory fatal: {(s.SpeculativeAccessFatal ? "yes" : "no")}; unmap direct map on lend: {(s.UnmapDirectMapOnLend ? "yes" : "no")}");
        console.WriteLine();

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        FittedTable.Write(console, "Memory map", ["Kind", "Start", "End", "Size"],
            [.. s.Memory.Select(row => Row(row.Kind, row.Start, row.End, DescribeCommand.Size(row.Size)))]);
        FittedTable.Write(console, "Firewall", ["Compatible", "Regions (besides region 0)"],
            [Row(s.Firewall.Compatible, s.Firewall.Regions.ToString(invariant))]);
        FittedTable.Write(console, "Bus masters", ["Id", "Name", "Compatible", "IOMMU", "Secure", "Memory regions"],
            [.. s.Masters.Select(m => Row(m.Id.ToString(invariant), m.Name, m.Compatible, m.Iommu ?? "-", m.Secure ? "yes" : "no", string.Join(", ", m.MemoryRegions)))],
            keyColumns: 2);
        FittedTable.Write(console, "IOMMUs", ["Name", "Compatible", "Banks", "IOTLB", "Masters"],
            [.. s.Iommus.Select(i => Row(i.Name, i.Compatible, i.Banks.ToString(invariant), i.IotlbEntries.ToString(invariant), string.Join(", ", i.Masters)))]);
        FittedTable.Write(console, "Reserved memory", ["Name", "Start", "End", "Size", "Compatible", "Flags", "Placement"],
            [.. s.ReservedMemory.Select(r => Row(r.Name, r.Start, r.End, DescribeCommand.Size(r.Size), r.Compatible, r.Flags, r.Placement))]);
        WriteTee(console, s.Tee);
        FittedTable.Write(console, "dma-heaps", ["/dev/dma_heap"],
            s.Heaps is null ? [Row($"(the kernel did not boot: {bootFailure})")] : [.. s.Heaps.Select(heap => Row(heap))]);
        if (s.Warnings.Count > 0)
        {
            console.WriteLine($"{s.Warnings.Count} warning(s):");
            foreach (var warning in s.Warnings)
            {
                console.WriteLine("  warning: " + warning);
            }
        }
    }

    private static void WriteTee(IAnsiConsole console, TeeRow? tee)
    {
        string[] headers = ["Node", "ABI", "Secure DRAM", "Static SDP carveout", "Carveout masters", "Lends from"];
        if (tee is null)
        {
            FittedTable.Write(console, "TEE", headers, [Row("(none)", "-", "-", "-", "-", "-")]);
            return;
        }

        FittedTable.Write(console, "TEE", headers,
        [
            Row(
                tee.Path,
                tee.Abi,
                tee.SecureDram is { } d ? $"{d.Start}-{d.End} ({DescribeCommand.Size(d.Size)})" : "unknown",
                tee.StaticCarveout is { } c ? $"{c.Start}-{c.End} ({DescribeCommand.Size(c.Size)})" : "-",
                string.Join(", ", tee.StaticCarveoutMasters),
                tee.LendsFrom ?? "-"),
        ]);
        if (tee.UseCases.Count > 0)
        {
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            FittedTable.Write(console, "Protected-memory use cases", ["Id", "Name", "Region size", "Alignment", "Masters"],
                [.. tee.UseCases.Select(u => Row(u.UseCase.ToString(invariant), u.Name, DescribeCommand.Size(u.MinSize), DescribeCommand.Size(u.Alignment), string.Join(", ", u.Masters)))],
                keyColumns: 2);
        }
    }

    private static string[] Row(params string[] values) => values;
}
