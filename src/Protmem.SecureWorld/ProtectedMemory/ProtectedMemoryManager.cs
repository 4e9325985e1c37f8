using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Firewall;

namespace Protmem.SecureWorld.ProtectedMemory;

/// <summary>
/// The protected-memory manager: the only code that programs the firewall.
/// 1. Install: TZDRAM becomes secure-only, the static SDP carveout and the secmem carveout become
///    secure plus their configured masters (each range one firewall region).
/// 2. Protect (SMC LEND_PROTMEM, FF-A ASSIGN_PROTMEM): refusals of tee.md, then one firewall region
///    per lent range: secure read/write plus the use case's masters; the non-secure CPU gets nothing.
/// 3. Unprotect (SMC RECLAIM_PROTMEM, FF-A RELEASE_PROTMEM), paired with Protect: the range is scrubbed
///    to zero as the secure CPU, then its firewall region is released and normal access returns.
/// Regions are finite (the firewall's N): running out is OUT_OF_MEMORY, never an exception.
/// </summary>
internal sealed class ProtectedMemoryManager
{
    private readonly Soc _soc;
    private readonly FirewallCapability _capability;
    private readonly SecureCpuMemory _memory;
    private readonly SharedMemoryRegistry _shm;
    private readonly Dictionary<uint, (ProtectedMemoryUseCase Config, FirewallPermissions Permissions)> _useCases = [];
    private readonly List<(PhysRange Range, int Index, FirewallPermissions Permissions)> _fixedRegions = [];
    private readonly Dictionary<ulong, (ProtectedRegionInfo Info, FirewallPermissions Permissions)> _regions = [];
    private readonly Dictionary<ulong, IReadOnlyList<PhysRange>> _inTransit = [];
    private readonly PhysRange _secureDram;

    public ProtectedMemoryManager(Soc soc, FirewallCapability capability, SecureWorldConfig config, SecureCpuMemory memory, SharedMemoryRegistry shm)
    {
        _soc = soc;
        _capability = capability;
        _memory = memory;
        _shm = shm;
        _secureDram = config.SecureDram;
        StaticCarveout = config.StaticCarveout;
        SecmemCarveout = config.Secmem?.Range;
        foreach (var useCase in config.UseCases)
        {
            if (useCase.UseCase == 0 || !_useCases.TryAdd(useCase.UseCase, (useCase, Permissions(useCase.Endpoints))))
            {
                throw new ArgumentException($"protected-memory use case {useCase.UseCase} is reserved or configured twice");
            }
        }

        var carveouts = new List<PhysRange>();
        if (StaticCarveout is { } sdp)
        {
            carveouts.Add(sdp);
        }

        if (SecmemCarveout is { } secmem)
        {
            carveouts.Add(secmem);
        }

        foreach (var piece in PhysRanges.Subtract([_secureDram], carveouts))
        {
            ProgramFixed(piece, SecureCpuOnly, "TZDRAM");
        }

        if (StaticCarveout is { } staticRange)
        {
            ProgramFixed(staticRange, Permissions(config.StaticCarveoutEndpoints), "the static SDP carveout");
        }

        if (config.Secmem is { } secmemConfig)
        {
            ProgramFixed(secmemConfig.Range, Permissions(secmemConfig.Endpoints), "the secmem carveout");
        }

        foreach (var secure in config.SecureCarveouts)
        {
            ProgramFixed(secure.Range, Permissions(secure.Endpoints), "a secure carveout");
        }
    }

    public PhysRange? StaticCarveout { get; }

    public PhysRange? SecmemCarveout { get; }

    public IEnumerable<uint> UseCases => _useCases.Keys.Order();

    public IReadOnlyList<ProtectedRegionInfo> Regions => [.. _regions.Values.Select(r => r.Info).OrderBy(r => r.Range.Start)];

    /// <summary>The use case's configuration, if the platform supports it.</summary>
    public bool TryGetUseCase(uint useCase, out ProtectedMemoryUseCase config)
    {
        var found = _useCases.TryGetValue(useCase, out var entry);
        config = entry.Config;
        return found;
    }

    /// <summary>The memory attributes of a use case as u32s: <c>endpoint | perms &lt;&lt; 16</c> (FFA_MEM_RO 1, FFA_MEM_RW 2).</summary>
    public uint[] MemoryAttributes(ProtectedMemoryUseCase useCase, ushort? secureEndpoint)
    {
        var attrs = new List<uint>();
        if (secureEndpoint is { } own)
        {
            attrs.Add(own | (Ffa.FfaAbi.MEM_RW << 16));
        }

        foreach (var endpoint in useCase.Endpoints)
        {
            var perms = endpoint.Write ? Ffa.FfaAbi.MEM_RW : Ffa.FfaAbi.MEM_RO;
            attrs.Add((uint)_soc.Master(endpoint.MasterName).Id | (perms << 16));
        }

        return [.. attrs];
    }

    /// <summary>What <paramref name="range"/> is, from the firmware's state and the firewall's.</summary>
    public MemoryKind Classify(PhysRange range, ulong? ignoreTransitHandle = null)
    {
        if (range.IsEmpty || !_memory.IsDram(range))
        {
            return MemoryKind.Invalid;
        }

        // The carveouts, then the lent regions (ProtectedRanges' order), without an iterator: this runs per memref.
        if (Against(StaticCarveout, range) is { } inSdp)
        {
            return inSdp;
        }

        if (Against(SecmemCarveout, range) is { } inSecmem)
        {
            return inSecmem;
        }

        foreach (var entry in _regions.Values)
        {
            if (Against(entry.Info.Range, range) is { } inRegion)
            {
                return inRegion;
            }
        }

        if (_secureDram.Overlaps(range))
        {
            return _secureDram.Contains(range) ? MemoryKind.Secure : MemoryKind.Invalid;
        }

        foreach (var (handle, ranges) in _inTransit)
        {
            if (handle == ignoreTransitHandle)
            {
                continue;
            }

            foreach (var transit in ranges)
            {
                if (transit.Overlaps(range))
                {
                    return MemoryKind.Invalid;
                }
            }
        }

        var cpu = _soc.Cpu.Master;
        return _soc.Firewall.Allows(cpu.Id, SecurityState.NonSecure, range, AccessDirection.Read)
            && _soc.Firewall.Allows(cpu.Id, SecurityState.NonSecure, range, AccessDirection.Write)
            ? MemoryKind.NonSecure
            : MemoryKind.Invalid;
    }

    /// <summary>The use case of the lent region that holds all of <paramref name="range"/>, or null (a carveout, another kind, or straddling regions).</summary>
    public uint? UseCaseOf(PhysRange range)
    {
        foreach (var entry in _regions.Values)
        {
            if (entry.Info.Range.Contains(range))
            {
                return entry.Info.UseCase;
            }
        }

        return null;
    }

    /// <summary>Marks FF-A-lent memory as in transit until it is assigned or reclaimed; paired with <see cref="ClearInTransit"/>.</summary>
    public void MarkInTransit(ulong handle, IReadOnlyList<PhysRange> ranges) => _inTransit.Add(handle, ranges);

    public void ClearInTransit(ulong handle) => _inTransit.Remove(handle);

    public bool IsProtected(ulong cookie) => _regions.ContainsKey(cookie);

    public bool TryGetRegion(ulong cookie, out ProtectedRegionInfo region)
    {
        var found = _regions.TryGetValue(cookie, out var entry);
        region = entry.Info!;
        return found;
    }

    /// <summary>Protects <paramref name="range"/> for <paramref name="useCase"/> under <paramref name="cookie"/>; returns a TEE result. Paired with <see cref="Unprotect"/>.</summary>
    public uint Protect(ulong cookie, uint useCase, PhysRange range, ulong? transitHandle = null)
    {
        if (useCase == 0 || !_useCases.TryGetValue(useCase, out var config))
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var alignment = Math.Max(HwConstants.PageSize, config.Config.Alignment);
        if (range.IsEmpty || range.Start.Value % alignment != 0 || range.Length % alignment != 0)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        if (_regions.ContainsKey(cookie)
            || Classify(range, transitHandle) != MemoryKind.NonSecure
            || _shm.Overlaps(range))
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var index = _soc.Firewall.FindFreeRegion();
        if (index < 0 || !_soc.Firewall.TryProgramRegion(_capability, index, range, config.Permissions, out _))
        {
            return TeeResult.OUT_OF_MEMORY;
        }

        _regions.Add(cookie, (new ProtectedRegionInfo(cookie, useCase, range, index), config.Permissions));
        return TeeResult.SUCCESS;
    }

    /// <summary>Scrubs and releases the region of <paramref name="cookie"/>; BAD_PARAMETERS when there is none. Paired with <see cref="Protect"/>.</summary>
    public uint Unprotect(ulong cookie)
    {
        if (!_regions.Remove(cookie, out var entry))
        {
            return TeeResult.BAD_PARAMETERS;
        }

        if (!_memory.TryZero(entry.Info.Range))
        {
            throw new InvalidOperationException($"the secure world could not scrub protected region {entry.Info.Range}: its firewall region denies the secure CPU");
        }

        _soc.Firewall.DisableRegion(_capability, entry.Info.FirewallRegion);
        return TeeResult.SUCCESS;
    }

    /// <summary>Checks the manager against the firewall; each failure names the broken sentence.</summary>
    public void AssertInvariants()
    {
        var firewall = _soc.Firewall.Regions;
        var owned = new HashSet<int>();
        foreach (var (range, index, permissions) in _fixedRegions)
        {
            Check(firewall[index].Enabled && firewall[index].Range == range && firewall[index].Permissions == permissions,
                $"the firmware's own range {range} keeps its firewall region {index}");
            owned.Add(index);
        }

        var cpu = _soc.Cpu.Master;
        foreach (var (info, permissions) in _regions.Values)
        {
            var matching = firewall.Skip(1).Count(r => r.Enabled && r.Range == info.Range);
            Check(matching == 1 && firewall[info.FirewallRegion].Range == info.Range && firewall[info.FirewallRegion].Permissions == permissions,
                $"every lent region has exactly one firewall region ({info.Range})");
            Check(owned.Add(info.FirewallRegion), $"no two protected ranges share firewall region {info.FirewallRegion}");
            Check(!_soc.Firewall.Allows(cpu.Id, SecurityState.NonSecure, info.Range, AccessDirection.Read),
                $"the non-secure CPU cannot read lent region {info.Range}");
            Check(!_secureDram.Overlaps(info.Range), $"lent region {info.Range} lies outside TZDRAM");
        }

        foreach (var region in firewall.Skip(1))
        {
            Check(!region.Enabled || owned.Contains(region.Index),
                $"no firewall region is left for a reclaimed region (region {region.Index} {region.Range})");
        }

        foreach (var handle in _inTransit.Keys)
        {
            Check(!_regions.ContainsKey(handle), $"an assigned FF-A lend ({handle:x}) is no longer in transit");
        }
    }

    private static void Check(bool condition, string sentence)
    {
        if (!condition)
        {
            throw new InvalidOperationException("secure-world invariant broken: " + sentence);
        }
    }

    /// <summary>Protected when <paramref name="range"/> lies inside <paramref name="protectedRange"/>, invalid when it straddles it, else null.</summary>
    private static MemoryKind? Against(PhysRange? protectedRange, PhysRange range) =>
        protectedRange is not { } p ? null : p.Contains(range) ? MemoryKind.Protected : p.Overlaps(range) ? MemoryKind.Invalid : null;

    private IEnumerable<PhysRange> ProtectedRanges()
    {
        if (StaticCarveout is { } sdp)
        {
            yield return sdp;
        }

        if (SecmemCarveout is { } secmem)
        {
            yield return secmem;
        }

        foreach (var entry in _regions.Values)
        {
            yield return entry.Info.Range;
        }
    }

    /// <summary>Secure reads and writes by the CPU alone; on a firewall that cannot filter secure transactions by master, by every secure master.</summary>
    private FirewallPermissions SecureCpuOnly
    {
        get
        {
            if (!_soc.Firewall.FiltersSecureByMaster)
            {
                return FirewallPermissions.SecureOnly;
            }

            var cpu = FirewallPermissions.MasterBit(_soc.Cpu.Master.Id);
            return FirewallPermissions.SecureOnly.WithSecureMasters(cpu, cpu);
        }
    }

    /// <summary>
    /// A region's permissions: secure access by the CPU and by every listed master that can issue secure
    /// transactions (a GPU in protected mode, a decoder in secure mode), non-secure access as each endpoint says.
    /// </summary>
    private FirewallPermissions Permissions(IReadOnlyList<ProtectedMemoryEndpoint> endpoints)
    {
        var permissions = SecureCpuOnly;
        foreach (var endpoint in endpoints)
        {
            if (!_soc.Masters.TryGetValue(endpoint.MasterName, out var master) || ReferenceEquals(master, _soc.Cpu.Master))
            {
                throw new ArgumentException($"protected-memory endpoint '{endpoint.MasterName}' is not a device bus master of {_soc.Description.Name}");
            }

            permissions = permissions.WithNonSecure(master.Id, endpoint.Read || IsSet(permissions.NonSecureReadMasters, master.Id), endpoint.Write || IsSet(permissions.NonSecureWriteMasters, master.Id));
            if (master.CanIssueSecure)
            {
                var bit = FirewallPermissions.MasterBit(master.Id);
                permissions = permissions.WithSecureMasters(permissions.SecureReadMasters | bit, permissions.SecureWriteMasters | bit);
            }
        }

        return permissions;
    }

    private static bool IsSet(ulong mask, int id) => (mask & (1UL << id)) != 0;

    private void ProgramFixed(PhysRange range, FirewallPermissions permissions, string what)
    {
        var index = _soc.Firewall.FindFreeRegion();
        if (index < 0)
        {
            throw new ArgumentException($"the firewall has no free region left for {what} {range}");
        }

        if (!_soc.Firewall.TryProgramRegion(_capability, index, range, permissions, out var error))
        {
            throw new ArgumentException($"{what} {range} cannot be firewalled: {error}");
        }

        _fixedRegions.Add((range, index, permissions));
    }
}
