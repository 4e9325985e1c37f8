using System.Buffers.Binary;
using Protmem.Hardware.Memory;

namespace Protmem.Hardware.Iommu;

/// <summary>
/// Reads a whole Rockchip IOMMU table of either version from DRAM, from a directory address, without any help from
/// the code that built it: what a hardware walker would find.
/// </summary>
internal static class RkIommuTableWalker
{
    /// <summary>
    /// Runs of contiguous IOVA → contiguous PA with equal rights, ascending. Entries pointing outside DRAM
    /// are reported as they are (the walk reads entries only, never the pages they point at).
    /// </summary>
    public static IReadOnlyList<IommuMapping> Walk(PhysicalMemory memory, PhysAddr directory, RkIommuVersion version)
    {
        var runs = new List<IommuMapping>();
        if (!memory.Contains(new PhysRange(directory, HwConstants.PageSize)))
        {
            return runs;
        }

        var dir = memory.PageForRead(directory);
        if (dir.IsEmpty)
        {
            return runs;
        }

        for (var d = 0; d < RkIommuPageTable.EntriesPerTable; d++)
        {
            var dte = BinaryPrimitives.ReadUInt32LittleEndian(dir[(d * 4)..]);
            if (!RkIommuEntry.IsValid(dte))
            {
                continue;
            }

            var tableAddress = RkIommuEntry.DecodeAddress(dte, version);
            if (!memory.Contains(new PhysRange(tableAddress, HwConstants.PageSize)))
            {
                continue;
            }

            var table = memory.PageForRead(tableAddress);
            if (table.IsEmpty)
            {
                continue;
            }

            for (var p = 0; p < RkIommuPageTable.EntriesPerTable; p++)
            {
                var pte = BinaryPrimitives.ReadUInt32LittleEndian(table[(p * 4)..]);
                if (!RkIommuEntry.IsValid(pte))
                {
                    continue;
                }

                var iova = new DeviceAddr(((ulong)d << 22) | ((ulong)p << 12));
                Append(runs, new IommuMapping(iova, RkIommuEntry.DecodeAddress(pte, version), HwConstants.PageSize, RkIommuEntry.ProtOf(pte)));
            }
        }

        return runs;
    }

    private static void Append(List<IommuMapping> runs, IommuMapping page)
    {
        if (runs.Count > 0)
        {
            var last = runs[^1];
            if (last.Prot == page.Prot && last.Iova + last.Length == page.Iova && last.Phys + last.Length == page.Phys)
            {
                runs[^1] = last with { Length = last.Length + page.Length };
                return;
            }
        }

        runs.Add(page);
    }
}
