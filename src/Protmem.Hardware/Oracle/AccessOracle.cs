using Protmem.Hardware.Bus;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware.Oracle;

/// <summary>
/// Who can reach what, computed from the machine's state alone: the firewall's regions, each
/// IOMMU's registers, IOTLB lines and the tables in DRAM its DTE_ADDR points at (walked afresh), and
/// each CPU address space's mappings. It never uses the code paths that changed that state, and it
/// changes nothing. Whole-machine answers are lists of physical ranges built from regions and mapping
/// runs, never page by page.
/// </summary>
public sealed class AccessOracle
{
    private static readonly AccessDirection[] Directions = [AccessDirection.Read, AccessDirection.Write];
    private readonly Soc _soc;

    // ReachableBy(master, state, direction) depends on the firewall alone: kept until it is programmed again.
    private readonly Dictionary<(int Master, SecurityState State, AccessDirection Direction), IReadOnlyList<PhysRange>> _firewallReach = [];
    private long _firewallReachProgramCount = -1;

    internal AccessOracle(Soc soc) => _soc = soc;

    /// <summary>Everything that reaches the page holding <paramref name="address"/>.</summary>
    public PageReach DescribePage(PhysAddr address)
    {
        var page = new PhysRange(address.AlignDown(), HwConstants.PageSize);
        var grants = new List<FirewallGrant>();
        foreach (var master in _soc.Masters.Values.OrderBy(m => m.Id))
        {
            foreach (var state in master.States)
            {
                foreach (var direction in Directions)
                {
                    if (FirewallAllowsRange(master, state, direction, page))
                    {
                        grants.Add(new FirewallGrant(master, state, direction));
                    }
                }
            }
        }

        var devices = new List<DeviceRoute>();
        foreach (var device in _soc.Devices.Values.OrderBy(d => d.Master.Id))
        {
            foreach (var route in DeviceRoutes(device))
            {
                var common = route.Phys.Intersect(page);
                if (!common.IsEmpty)
                {
                    devices.Add(route with { Iova = route.Iova + (common.Start - route.Phys.Start), Phys = common });
                }
            }
        }

        var cpu = new List<CpuRoute>();
        foreach (var space in _soc.AddressSpaces)
        {
            foreach (var run in space.EnumerateMappings())
            {
                if (run.PhysRange.Overlaps(page))
                {
                    cpu.Add(new CpuRoute(space, run.Va + (page.Start - run.Phys), run.Permissions));
                }
            }
        }

        return new PageReach(page.Start, grants, devices, cpu);
    }

    /// <summary>The DRAM ranges the firewall lets <paramref name="master"/> in <paramref name="state"/> do <paramref name="direction"/> on.</summary>
    public IReadOnlyList<PhysRange> ReachableBy(BusMaster master, SecurityState state, AccessDirection direction)
    {
        ArgumentNullException.ThrowIfNull(master);
        if (_firewallReachProgramCount != _soc.Firewall.ProgramCount)
        {
            _firewallReach.Clear();
            _firewallReachProgramCount = _soc.Firewall.ProgramCount;
        }

        if (_firewallReach.TryGetValue((master.Id, state, direction), out var cached))
        {
            return cached;
        }

        var reach = FirewallReach(master, state, direction);
        _firewallReach[(master.Id, state, direction)] = reach;
        return reach;
    }

    private List<PhysRange> FirewallReach(BusMaster master, SecurityState state, AccessDirection direction)
    {
        var regions = _soc.Firewall.Regions;
        var programmed = regions.Skip(1).Where(r => r.Enabled).ToList();
        var allowed = new List<PhysRange>();
        if (regions[0].Permissions.Allows(master.Id, state, direction))
        {
            allowed.AddRange(PhysRanges.Subtract([regions[0].Range], programmed.Select(r => r.Range)));
        }

        allowed.AddRange(programmed.Where(r => r.Permissions.Allows(master.Id, state, direction)).Select(r => r.Range));
        return PhysRanges.Intersect(allowed, _soc.Memory.Ranges);
    }

    /// <summary>Every route by which <paramref name="device"/>'s addresses reach DRAM, before the firewall.</summary>
    public IReadOnlyList<DeviceRoute> DeviceRoutes(DeviceMaster device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var routes = new List<DeviceRoute>();
        var iommu = device.Iommu;
        if (iommu is null)
        {
            foreach (var bank in _soc.Memory.Ranges)
            {
                routes.Add(new DeviceRoute(device, DeviceRouteKind.Physical, new DeviceAddr(bank.Start.Value), bank, IommuProt.ReadWrite));
            }

            return routes;
        }

        var state = iommu.GetBankState(device.IommuBank);
        if (!state.PagingEnabled)
        {
            var low = new PhysRange(new PhysAddr(0), RkIommuPageTable.IovaLimit);
            foreach (var r in PhysRanges.Intersect([low], _soc.Memory.Ranges))
            {
                routes.Add(new DeviceRoute(device, DeviceRouteKind.PassThrough, new DeviceAddr(r.Start.Value), r, IommuProt.ReadWrite));
            }

            return routes;
        }

        var mappings = RkIommuTableWalker.Walk(_soc.Memory, state.Directory);
        foreach (var m in mappings)
        {
            routes.Add(new DeviceRoute(device, DeviceRouteKind.Mapped, m.Iova, new PhysRange(m.Phys, m.Length), m.Prot));
        }

        foreach (var (iova, pte) in iommu.IotlbEntries(device.IommuBank))
        {
            if (!RkIommuEntry.IsValid(pte))
            {
                continue;
            }

            var cachedPhys = RkIommuEntry.DecodeAddress(pte);
            var cachedProt = RkIommuEntry.ProtOf(pte);
            if (!Matches(mappings, iova, cachedPhys, cachedProt))
            {
                routes.Add(new DeviceRoute(device, DeviceRouteKind.StaleIotlb, iova, new PhysRange(cachedPhys, HwConstants.PageSize), cachedProt));
            }
        }

        return routes;
    }

    /// <summary>The DRAM ranges <paramref name="device"/> can <paramref name="direction"/>: its routes with that right, through the firewall in any state it can issue.</summary>
    public IReadOnlyList<PhysRange> ReachableBy(DeviceMaster device, AccessDirection direction)
    {
        ArgumentNullException.ThrowIfNull(device);
        var needed = direction == AccessDirection.Read ? IommuProt.Read : IommuProt.Write;
        var routed = DeviceRoutes(device).Where(r => (r.Prot & needed) != 0).Select(r => r.Phys);
        var firewall = device.Master.States.SelectMany(s => ReachableBy(device.Master, s, direction));
        return PhysRanges.Intersect(PhysRanges.Intersect(routed, _soc.Memory.Ranges), firewall);
    }

    /// <summary>The DRAM ranges the CPU in <paramref name="state"/> can <paramref name="direction"/> through <paramref name="space"/>.</summary>
    public IReadOnlyList<PhysRange> ReachableBy(CpuAddressSpace space, SecurityState state, AccessDirection direction)
    {
        ArgumentNullException.ThrowIfNull(space);
        var needed = direction == AccessDirection.Read ? CpuPermissions.Read : CpuPermissions.Write;
        var mapped = space.EnumerateMappings().Where(m => (m.Permissions & needed) != 0).Select(m => m.PhysRange);
        return PhysRanges.Intersect(PhysRanges.Intersect(mapped, _soc.Memory.Ranges), ReachableBy(_soc.Cpu.Master, state, direction));
    }

    /// <summary>
    /// Every run of pages the firewall closes to non-secure CPU reads that a non-secure address space (the
    /// linear map included) still maps: a speculative access there is what the hazard flag is about.
    /// </summary>
    public IReadOnlyList<SpeculativeHazard> SpeculativeHazards()
    {
        var closed = PhysRanges.Subtract(_soc.Memory.Ranges, ReachableBy(_soc.Cpu.Master, SecurityState.NonSecure, AccessDirection.Read));
        var hazards = new List<SpeculativeHazard>();
        if (closed.Count == 0)
        {
            return hazards;
        }

        foreach (var space in _soc.AddressSpaces.Where(s => s.World == SecurityState.NonSecure))
        {
            foreach (var run in space.EnumerateMappings())
            {
                foreach (var hit in PhysRanges.Intersect([run.PhysRange], closed))
                {
                    hazards.Add(new SpeculativeHazard(space, run.Va + (hit.Start - run.Phys), hit));
                }
            }
        }

        return hazards;
    }

    /// <summary>Throws when the board declares the hazard fatal and a hazard exists (the machine would hang).</summary>
    public void ThrowIfFatalHazard()
    {
        if (!_soc.SpeculativeAccessToFirewalledPageIsFatal)
        {
            return;
        }

        var hazards = SpeculativeHazards();
        if (hazards.Count > 0)
        {
            var first = hazards[0];
            throw new InvalidOperationException(
                $"invariant: on {_soc.Description.Name} a page closed to the non-secure CPU must not be mapped in a non-secure address space; " +
                $"{first.Phys} is mapped in '{first.Space.Name}' at {first.Va} ({hazards.Count} run(s) in all)");
        }
    }

    private bool FirewallAllowsRange(BusMaster master, SecurityState state, AccessDirection direction, PhysRange range)
    {
        var regions = _soc.Firewall.Regions;
        var covered = 0UL;
        for (var i = 1; i < regions.Count; i++)
        {
            if (!regions[i].Enabled)
            {
                continue;
            }

            var common = regions[i].Range.Intersect(range);
            if (common.IsEmpty)
            {
                continue;
            }

            if (!regions[i].Permissions.Allows(master.Id, state, direction))
            {
                return false;
            }

            covered += common.Length;
        }

        return covered == range.Length || regions[0].Permissions.Allows(master.Id, state, direction);
    }

    private static bool Matches(IReadOnlyList<IommuMapping> mappings, DeviceAddr iova, PhysAddr phys, IommuProt prot)
    {
        int lo = 0, hi = mappings.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var m = mappings[mid];
            if (iova < m.Iova)
            {
                hi = mid - 1;
            }
            else if (iova.Value >= m.Iova.Value + m.Length)
            {
                lo = mid + 1;
            }
            else
            {
                return m.Prot == prot && m.Phys + (iova - m.Iova) == phys;
            }
        }

        return false;
    }
}
