using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Oracle;
using Protmem.Kernel.Tee;
using Protmem.SecureWorld;

namespace Protmem.Platform.Safety;

/// <summary>
/// What the board's design protects, for the monitor and the point checks alike: TZDRAM (no device),
/// the static carveout (its masters), the secure carveouts firewalled at boot (their masters), and every region the secure world lent (its use case's masters).
/// A firewall region the firmware has programmed but not yet recorded (the instant between the two,
/// inside a lend) counts as protected too, for the devices the firewall itself admits: the firewall is
/// the truth at that instant. Recomputed only when the firewall was reprogrammed since the last answer.
/// </summary>
internal sealed class ProtectionPolicy(PlatformDescription platform, Soc soc, SecureFirmware? firmware) : IProtectionPolicy
{
    private IReadOnlyList<ProtectedRange> _ranges = [];
    private long _programCount = -1;
    private bool _complete;

    public IReadOnlyList<ProtectedRange> ProtectedRanges
    {
        get
        {
            if (!_complete || _programCount != soc.Firewall.ProgramCount)
            {
                _programCount = soc.Firewall.ProgramCount;
                _ranges = Compute(out _complete);
            }

            return _ranges;
        }
    }

    private List<ProtectedRange> Compute(out bool complete)
    {
        complete = true;
        var ranges = new List<ProtectedRange>();
        if (platform.Tee is not { } tee || firmware is null)
        {
            return ranges;
        }

        var staticRange = tee.StaticCarveout;
        if (tee.SecureDram is { } dram)
        {
            foreach (var piece in PhysRanges.Subtract([dram], staticRange is { } s ? [s] : []))
            {
                ranges.Add(new ProtectedRange(piece, "TZDRAM", new HashSet<string>(StringComparer.Ordinal)));
            }
        }

        if (staticRange is { } carveout)
        {
            var what = platform.Design == ProtectedMemoryDesign.SecureWorldHeap ? "the secmem carveout" : "the static SDP carveout";
            ranges.Add(new ProtectedRange(carveout, what, new HashSet<string>(tee.StaticCarveoutMasters, StringComparer.Ordinal)));
        }

        foreach (var secure in tee.SecureCarveouts)
        {
            ranges.Add(new ProtectedRange(secure.Range, $"the secure carveout {secure.Name}", new HashSet<string>(secure.Masters, StringComparer.Ordinal)));
        }

        var recorded = new HashSet<int>();
        foreach (var region in firmware.ProtectedRegions)
        {
            recorded.Add(region.FirewallRegion);
            var masters = tee.UseCases.FirstOrDefault(u => u.UseCase == region.UseCase)?.Masters ?? [];
            ranges.Add(new ProtectedRange(region.Range, $"the use-case {region.UseCase} region", new HashSet<string>(masters, StringComparer.Ordinal)));
        }

        var cpu = soc.Cpu.Master;
        foreach (var region in soc.Firewall.Regions.Skip(1))
        {
            if (!region.Enabled || recorded.Contains(region.Index) || region.Permissions.Allows(cpu.Id, SecurityState.NonSecure, AccessDirection.Read)
                || ranges.Any(r => r.Range.Contains(region.Range)))
            {
                continue;
            }

            complete = false;
            var admitted = soc.Devices.Values.Where(d => d.Master.States.Any(state =>
                region.Permissions.Allows(d.Master.Id, state, AccessDirection.Read) || region.Permissions.Allows(d.Master.Id, state, AccessDirection.Write))).Select(d => d.Name);
            ranges.Add(new ProtectedRange(region.Range, $"the region firewalled by tzc400 region {region.Index}", new HashSet<string>(admitted, StringComparer.Ordinal)));
        }

        return ranges;
    }
}
