using Protmem.Hardware;
using Protmem.Kernel.Accel.Rocket;

namespace Protmem.Platform;

/// <summary>The NPU side of a machine: the rocket driver's counters and faults, and the cross-client reach check.</summary>
public sealed partial class Machine
{
    /// <summary>The rocket NPU, when the board has NPU cores.</summary>
    public RocketDevice? Npu => _kernel.DrmDevices.Select(d => d.Driver).OfType<RocketDriver>().FirstOrDefault()?.Device;

    /// <summary>
    /// The cross-client check, from state with the access oracle: each NPU core, through its IOMMU's tables as
    /// they are now, must reach the BOs of at most one client. A core that reaches two clients' BOs lets a job
    /// of either read the other's memory (the v6 review's complaint); each such core is one finding.
    /// </summary>
    public IReadOnlyList<string> NpuIsolationFindings()
    {
        if (Npu is not { } npu)
        {
            return [];
        }

        var owner = new Dictionary<ulong, RocketFilePriv>();
        foreach (var (client, pages) in npu.ClientPages())
        {
            foreach (var page in pages)
            {
                for (var pfn = page.Start.PageNumber; pfn < page.Start.PageNumber + (page.Length >> HwConstants.PageShift); pfn++)
                {
                    owner[pfn] = client;
                }
            }
        }

        var findings = new List<string>();
        foreach (var core in npu.Cores)
        {
            var reached = new SortedDictionary<int, RocketFilePriv>();
            foreach (var range in Soc.Oracle.ReachableBy(core.Hardware.Master, AccessDirection.Read))
            {
                if (owner.Count == 0)
                {
                    break;
                }

                for (var pfn = range.Start.PageNumber; pfn < range.Start.PageNumber + (range.Length >> HwConstants.PageShift); pfn++)
                {
                    if (owner.TryGetValue(pfn, out var client))
                    {
                        reached.TryAdd(client.File.Id, client);
                    }
                }
            }

            if (reached.Count > 1)
            {
                findings.Add($"NPU core {core.Device.Name} can reach the BOs of {reached.Count} clients ({string.Join(", ", reached.Values.Select(c => $"{c.File.OwnerName}[{c.File.OwnerPid}]"))}): a job of any of them can read and write the others' memory");
            }
        }

        return findings;
    }
}
