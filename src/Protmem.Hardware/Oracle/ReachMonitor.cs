using Protmem.Hardware.Bus;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware.Oracle;

/// <summary>
/// The continuous safety monitor: checks every change that can open a path as it happens, on the
/// affected pages only, against the protected ranges a policy names.
/// 1. <see cref="Watch"/> becomes the SoC's <see cref="ReachFeed"/> observer (paired with <see cref="Dispose"/>).
/// 2. Each change is judged on its own range, from state, as the <see cref="AccessOracle"/> judges it:
///    a firewall change (lend, reclaim, boot) on every CPU address space and device over the region; a
///    CPU mapping on that space and those pages; an IOMMU PTE on the devices whose banks use those
///    tables; an IOMMU bank switch on its devices' routes. <see cref="CheckRange"/> does the same for a
///    policy change (a range became protected).
/// 3. A path that opens is a <see cref="ReachFinding"/> with the simulated time, the actor and the range:
///    the non-secure CPU or a process reaching protected memory, a device outside the range's allowed
///    masters reaching it, and (where the board declares it fatal) a page closed to the non-secure CPU
///    yet mapped in a non-secure address space: the speculative-access hazard.
/// It changes nothing; the point checks (<see cref="AccessOracle"/>) stay as a cross-check.
/// </summary>
public sealed class ReachMonitor : IReachObserver, IDisposable
{
    /// <summary>Findings kept in full; later ones are only counted.</summary>
    public const int MaxFindings = 256;

    private static readonly AccessDirection[] Directions = [AccessDirection.Read, AccessDirection.Write];
    private readonly Soc _soc;
    private readonly IProtectionPolicy _policy;
    private readonly List<ReachFinding> _findings = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    private ReachMonitor(Soc soc, IProtectionPolicy policy)
    {
        _soc = soc;
        _policy = policy;
    }

    /// <summary>The findings so far, oldest first (at most <see cref="MaxFindings"/>).</summary>
    public IReadOnlyList<ReachFinding> Findings => _findings;

    /// <summary>Every distinct finding, including those past <see cref="MaxFindings"/>.</summary>
    public long FindingCount { get; private set; }

    /// <summary>How many changes were checked.</summary>
    public long ChangesChecked { get; private set; }

    /// <summary>Starts watching <paramref name="soc"/> against <paramref name="policy"/>. Paired with <see cref="Dispose"/>.</summary>
    public static ReachMonitor Watch(Soc soc, IProtectionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(soc);
        ArgumentNullException.ThrowIfNull(policy);
        if (soc.ReachFeed.Observer is not null)
        {
            throw new InvalidOperationException($"{soc.Description.Name} already has a reach monitor");
        }

        var monitor = new ReachMonitor(soc, policy);
        soc.ReachFeed.Observer = monitor;
        return monitor;
    }

    /// <summary>Stops watching.</summary>
    public void Dispose()
    {
        if (ReferenceEquals(_soc.ReachFeed.Observer, this))
        {
            _soc.ReachFeed.Observer = null;
        }
    }

    /// <summary>Checks every CPU address space and device over <paramref name="range"/>: after a policy change (<paramref name="actor"/> made it protected).</summary>
    public void CheckRange(string actor, PhysRange range)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ChangesChecked++;
        CheckAll(actor, range);
    }

    void IReachObserver.FirewallProgrammed(int region, PhysRange before, PhysRange after)
    {
        ChangesChecked++;
        var actor = $"tzc400 region {region} (secure firmware)";
        foreach (var range in new[] { before, after })
        {
            if (!range.IsEmpty)
            {
                CheckAll(actor, range);
            }
        }
    }

    void IReachObserver.CpuMapped(CpuAddressSpace space, CpuVirtAddr va, PhysAddr phys, ulong size, CpuPermissions permissions)
    {
        ChangesChecked++;
        // The actor is named only when a finding is reported: most mappings report nothing.
        CheckCpu(null, space, new CpuMapping(va, phys, size, permissions));
    }

    void IReachObserver.IommuMapped(PhysAddr directory, DeviceAddr iova, PhysAddr phys, ulong size, IommuProt prot)
    {
        ChangesChecked++;
        var range = new PhysRange(phys, size);
        if (!TouchesProtected(range))
        {
            return;
        }

        foreach (var device in _soc.Devices.Values)
        {
            if (device.Iommu is { } iommu && iommu.GetBankState(device.IommuBank) is { PagingEnabled: true } state
                && state.Directory == directory)
            {
                CheckDevice($"IOMMU tables at {directory} ({iommu.Name} bank {device.IommuBank}, iova {iova})", device, range, prot);
            }
        }
    }

    void IReachObserver.IommuBankChanged(RkIommu iommu, int bank)
    {
        ChangesChecked++;
        foreach (var device in _soc.Devices.Values)
        {
            if (ReferenceEquals(device.Iommu, iommu) && device.IommuBank == bank)
            {
                foreach (var route in _soc.Oracle.DeviceRoutes(device))
                {
                    if (TouchesProtected(route.Phys))
                    {
                        CheckDevice($"{iommu.Name} bank {bank} ({route.Kind})", device, route.Phys, route.Prot);
                    }
                }
            }
        }
    }

    /// <summary>A firewall or policy change over <paramref name="range"/>: every actor, on that range.</summary>
    private void CheckAll(string actor, PhysRange range)
    {
        var cpu = _soc.Cpu.Master;
        foreach (var target in ProtectedIn(range))
        {
            foreach (var direction in Directions)
            {
                foreach (var hit in PhysRanges.Intersect([target.Piece], _soc.Oracle.ReachableBy(cpu, SecurityState.NonSecure, direction)))
                {
                    Report(actor, hit, $"the non-secure CPU can {Verb(direction)} {target.Protected.What} at {hit}");
                }
            }
        }

        foreach (var space in _soc.AddressSpaces)
        {
            if (space.World != SecurityState.NonSecure)
            {
                continue;
            }

            foreach (var run in space.EnumerateMappings())
            {
                var common = run.PhysRange.Intersect(range);
                if (!common.IsEmpty)
                {
                    CheckCpu(actor, space, run with { Va = run.Va + (common.Start - run.Phys), Phys = common.Start, Length = common.Length });
                }
            }
        }

        foreach (var device in _soc.Devices.Values)
        {
            foreach (var route in _soc.Oracle.DeviceRoutes(device))
            {
                var common = route.Phys.Intersect(range);
                if (!common.IsEmpty)
                {
                    CheckDevice(actor, device, common, route.Prot);
                }
            }
        }
    }

    /// <summary><paramref name="space"/> maps <paramref name="run"/>: a process reaching protected memory, or the hazard. A null <paramref name="actor"/> is the space itself.</summary>
    private void CheckCpu(string? actor, CpuAddressSpace space, CpuMapping run)
    {
        if (space.World != SecurityState.NonSecure)
        {
            return;
        }

        var cpu = _soc.Cpu.Master;
        var range = run.PhysRange;
        if (_soc.SpeculativeAccessToFirewalledPageIsFatal && !_soc.Firewall.Allows(cpu.Id, SecurityState.NonSecure, range, AccessDirection.Read))
        {
            foreach (var closed in PhysRanges.Subtract([range], _soc.Oracle.ReachableBy(cpu, SecurityState.NonSecure, AccessDirection.Read)))
            {
                Report(actor ?? ActorOf(space), closed,
                    $"speculative-access hazard: {closed} is closed to the non-secure CPU by the firewall but mapped in '{space.Name}' at {run.Va + (closed.Start - run.Phys)}");
            }
        }

        if (!TouchesProtected(range) || (ReferenceEquals(space, _soc.LinearMap) && _soc.LinearMap.InWindow(run.Va)))
        {
            // The linear map is the non-secure CPU itself: CheckAll judges it at the firewall.
            return;
        }

        foreach (var target in ProtectedIn(range))
        {
            foreach (var direction in Directions)
            {
                var needed = direction == AccessDirection.Read ? CpuPermissions.Read : CpuPermissions.Write;
                if ((run.Permissions & needed) == 0)
                {
                    continue;
                }

                foreach (var hit in PhysRanges.Intersect([target.Piece], _soc.Oracle.ReachableBy(cpu, SecurityState.NonSecure, direction)))
                {
                    Report(actor ?? ActorOf(space), hit, $"'{space.Name}' can {Verb(direction)} {target.Protected.What} at {hit} (mapped at {run.Va + (hit.Start - run.Phys)})");
                }
            }
        }
    }

    /// <summary><paramref name="device"/> has a route with <paramref name="prot"/> onto <paramref name="range"/>.</summary>
    private void CheckDevice(string actor, DeviceMaster device, PhysRange range, IommuProt prot)
    {
        foreach (var target in ProtectedIn(range))
        {
            if (target.Protected.AllowedDevices.Contains(device.Name))
            {
                continue;
            }

            foreach (var direction in Directions)
            {
                var needed = direction == AccessDirection.Read ? IommuProt.Read : IommuProt.Write;
                if ((prot & needed) == 0)
                {
                    continue;
                }

                // In every state the master can issue: a secure-capable master (a GPU in protected mode)
                // reaches only the ranges whose use case lists it.
                foreach (var state in device.Master.States)
                {
                    foreach (var hit in PhysRanges.Intersect([target.Piece], _soc.Oracle.ReachableBy(device.Master, state, direction)))
                    {
                        var mode = state == SecurityState.Secure ? " in secure mode" : string.Empty;
                        Report(actor, hit, $"device {device.Name}{mode} can {Verb(direction)} {target.Protected.What} at {hit}, outside its use case");
                    }
                }
            }
        }
    }

    private bool TouchesProtected(PhysRange range)
    {
        var ranges = _policy.ProtectedRanges;
        for (var i = 0; i < ranges.Count; i++)
        {
            if (ranges[i].Range.Overlaps(range))
            {
                return true;
            }
        }

        return false;
    }

    private List<(ProtectedRange Protected, PhysRange Piece)> ProtectedIn(PhysRange range)
    {
        var pieces = new List<(ProtectedRange, PhysRange)>();
        foreach (var p in _policy.ProtectedRanges)
        {
            var common = p.Range.Intersect(range);
            if (!common.IsEmpty)
            {
                pieces.Add((p, common));
            }
        }

        return pieces;
    }

    private void Report(string actor, PhysRange range, string what)
    {
        if (!_seen.Add(what))
        {
            return;
        }

        FindingCount++;
        if (_findings.Count < MaxFindings)
        {
            _findings.Add(new ReachFinding(_soc.Clock.Now, actor, range, what));
        }
    }

    private string ActorOf(CpuAddressSpace space) =>
        ReferenceEquals(space, _soc.LinearMap) ? "the kernel's linear map" : $"address space '{space.Name}'";

    private static string Verb(AccessDirection direction) => direction == AccessDirection.Read ? "read" : "write";
}
