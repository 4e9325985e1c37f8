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

        var memory = Table("Memory map", "Kind", "Start", "End", "Size");
        foreach (var row in s.Memory)
        {
            memory.AddRow(Cells(row.Kind, row.Start, row.End, DescribeCommand.Size(row.Size)));
        }

        console.Write(memory);
        var firewall = Table("Firewall", "Compatible", "Regions (besides region 0)");
        firewall.AddRow(Cells(s.Firewall.Compatible, s.Firewall.Regions.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        console.Write(firewall);

        var masters = Table("Bus masters", "Id", "Name", "Compatible", "IOMMU", "Secure", "Memory regions");
        foreach (var m in s.Masters)
        {
            masters.AddRow(Cells(m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Name, m.Compatible, m.Iommu ?? "-", m.Secure ? "yes" : "no", string.Join(", ", m.MemoryRegions)));
        }

        console.Write(masters);
        var iommus = Table("IOMMUs", "Name", "Compatible", "Banks", "IOTLB", "Masters");
        foreach (var i in s.Iommus)
        {
            iommus.AddRow(Cells(i.Name, i.Compatible, i.Banks.ToString(System.Globalization.CultureInfo.InvariantCulture), i.IotlbEntries.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(", ", i.Masters)));
        }

        console.Write(iommus);
        var reserved = Table("Reserved memory", "Name", "Start", "End", "Size", "Compatible", "Flags", "Placement");
        foreach (var r in s.ReservedMemory)
        {
            reserved.AddRow(Cells(r.Name, r.Start, r.End, DescribeCommand.Size(r.Size), r.Compatible, r.Flags, r.Placement));
        }

        console.Write(reserved);
        WriteTee(console, s.Tee);
        var heaps = Table("dma-heaps", "/dev/dma_heap");
        foreach (var heap in s.Heaps ?? [])
        {
            heaps.AddRow(Cells(heap));
        }

        if (s.Heaps is null)
        {
            heaps.AddRow(Cells($"(the kernel did not boot: {bootFailure})"));
        }

        console.Write(heaps);
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
        var table = Table("TEE", "Node", "ABI", "Secure DRAM", "Static SDP carveout", "Carveout masters", "Lends from");
        if (tee is null)
        {
            table.AddRow(Cells("(none)", "-", "-", "-", "-", "-"));
            console.Write(table);
            return;
        }

        table.AddRow(Cells(
            tee.Path,
            tee.Abi,
            tee.SecureDram is { } d ? $"{d.Start}-{d.End} ({DescribeCommand.Size(d.Size)})" : "unknown",
            tee.StaticCarveout is { } c ? $"{c.Start}-{c.End} ({DescribeCommand.Size(c.Size)})" : "-",
            string.Join(", ", tee.StaticCarveoutMasters),
            tee.LendsFrom ?? "-"));
        console.Write(table);
        if (tee.UseCases.Count > 0)
        {
            var useCases = Table("Protected-memory use cases", "Id", "Name", "Region size", "Alignment", "Masters");
            foreach (var u in tee.UseCases)
            {
                useCases.AddRow(Cells(u.UseCase.ToString(System.Globalization.CultureInfo.InvariantCulture), u.Name, DescribeCommand.Size(u.MinSize), DescribeCommand.Size(u.Alignment), string.Join(", ", u.Masters)));
            }

            console.Write(useCases);
        }
    }

    private static Table Table(string title, params string[] columns)
    {
        var table = new Table { Title = new TableTitle(title), Border = TableBorder.Ascii };
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        return table;
    }

    private static Text[] Cells(params string[] values) => [.. values.Select(v => new Text(v))];
}
