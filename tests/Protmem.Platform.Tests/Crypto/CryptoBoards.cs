using Protmem.Hardware;

namespace Protmem.Platform.Tests.Crypto;

/// <summary>The oracle questions the crypto and content tests ask.</summary>
internal static class CryptoBoards
{
    /// <summary>The DRAM <paramref name="master"/> may read (non-secure) that the non-secure CPU may not: the protected memory open to it.</summary>
    public static IReadOnlyList<PhysRange> ProtectedReachableBy(Machine machine, string master) =>
        HiddenFromTheCpu(machine, machine.Soc.Oracle.ReachableBy(machine.Soc.Master(master), SecurityState.NonSecure, AccessDirection.Read));

    /// <summary>The DRAM the non-secure CPU may not read (TZDRAM, carveouts, lent regions).</summary>
    public static IReadOnlyList<PhysRange> HiddenFromTheCpu(Machine machine) => HiddenFromTheCpu(machine, [.. machine.Soc.Memory.Ranges]);

    private static List<PhysRange> HiddenFromTheCpu(Machine machine, IReadOnlyList<PhysRange> candidates)
    {
        var cpu = machine.Soc.Oracle.ReachableBy(machine.Soc.Cpu.Master, SecurityState.NonSecure, AccessDirection.Read);
        var result = new List<PhysRange>();
        foreach (var range in candidates)
        {
            var pieces = new List<PhysRange> { range };
            foreach (var open in cpu)
            {
                pieces = [.. pieces.SelectMany(p => Subtract(p, open))];
            }

            result.AddRange(pieces.Where(p => !p.IsEmpty));
        }

        return result;
    }

    /// <summary>The first page-aligned offset of <paramref name="ranges"/> whose bytes start with <paramref name="bytes"/> (test-only physical reads), or null.</summary>
    public static PhysAddr? Find(Machine machine, IReadOnlyList<PhysRange> ranges, ReadOnlySpan<byte> bytes)
    {
        var probe = new byte[bytes.Length];
        foreach (var range in ranges)
        {
            for (var at = range.Start.Value; at + (ulong)bytes.Length <= range.End.Value; at += HwConstants.PageSize)
            {
                machine.Soc.Memory.Read(new PhysAddr(at), probe);
                if (probe.AsSpan().SequenceEqual(bytes))
                {
                    return new PhysAddr(at);
                }
            }
        }

        return null;
    }

    private static IEnumerable<PhysRange> Subtract(PhysRange range, PhysRange hole)
    {
        if (!range.Overlaps(hole))
        {
            yield return range;
            yield break;
        }

        if (hole.Start > range.Start)
        {
            yield return PhysRange.FromBounds(range.Start, hole.Start);
        }

        if (hole.End < range.End)
        {
            yield return PhysRange.FromBounds(hole.End, range.End);
        }
    }
}
