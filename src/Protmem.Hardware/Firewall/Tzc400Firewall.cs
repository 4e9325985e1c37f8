using System.Collections.ObjectModel;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware.Firewall;

/// <summary>
/// A TZC-400-like bus firewall.
/// 1. At reset region 0 (the background) covers the whole physical address space with the
///    permissions the board gives; regions 1..N are disabled.
/// 2. The SoC issues one <see cref="FirewallCapability"/> to the secure firmware at boot; only its
///    holder can program regions (each programming costs <see cref="CostModel.FirewallReprogram"/>).
/// 3. Programmed regions never overlap: an overlapping region is refused.
/// 4. Every bus transaction asks <c>Allows</c>: the enabled region covering each byte decides,
///    the background where none does; a transaction touching several regions must be allowed by all.
/// Anyone may read the regions (<see cref="Regions"/>).
/// Model: a TZC-400 lets every secure transaction through a region whose secure enable is set, whoever
/// issues it; with <see cref="FiltersSecureByMaster"/> the same block also checks secure transactions
/// against per-master enables, as Rockchip's FIREWALL_DDR checks every master in either state. Without
/// it, the per-master secure enables do not exist: they read back as every master.
/// </summary>
public sealed class Tzc400Firewall
{
    private readonly SimClock _clock;
    private readonly CostModel _costs;
    private readonly Trace _trace;
    private readonly FirewallRegion[] _regions;

    // The enabled programmable regions, packed for the per-transaction check (rebuilt on each programming):
    // their bounds, and per (state, direction) the mask of masters each lets through (see MaskIndex), then
    // region 0's four masks after the last region's.
    private readonly ulong[] _activeStart;
    private readonly ulong[] _activeEnd;
    private readonly ulong[] _activeMasks;
    private int _activeCount;
    private bool _capabilityIssued;

    /// <summary>Creates a firewall with <paramref name="regionCount"/> programmable regions besides region 0.</summary>
    public Tzc400Firewall(int regionCount, FirewallPermissions backgroundAtReset, SimClock clock, CostModel costs, Trace trace, bool filtersSecureByMaster = false)
    {
        FiltersSecureByMaster = filtersSecureByMaster;
        backgroundAtReset = AsProgrammed(backgroundAtReset);
        ArgumentOutOfRangeException.ThrowIfNegative(regionCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(regionCount, 64);
        _clock = clock;
        _costs = costs;
        _trace = trace;
        _regions = new FirewallRegion[regionCount + 1];
        _regions[0] = new FirewallRegion(0, true, WholeSpace, backgroundAtReset);
        for (var i = 1; i <= regionCount; i++)
        {
            _regions[i] = new FirewallRegion(i, false, default, FirewallPermissions.None);
        }

        Regions = new ReadOnlyCollection<FirewallRegion>(_regions);
        _activeStart = new ulong[regionCount];
        _activeEnd = new ulong[regionCount];
        _activeMasks = new ulong[(regionCount + 1) * 4];
        PackActive();
    }

    /// <summary>True when secure transactions are also checked per master (<see cref="FirewallPermissions.SecureReadMasters"/>).</summary>
    public bool FiltersSecureByMaster { get; }

    /// <summary>The range region 0 covers: the whole 40-bit physical address space.</summary>
    public static PhysRange WholeSpace => new(new PhysAddr(0), HwConstants.PhysAddressLimit);

    /// <summary>Number of programmable regions (not counting region 0).</summary>
    public int RegionCount => _regions.Length - 1;

    /// <summary>All regions, index 0 first. A view: it reflects later programming.</summary>
    public IReadOnlyList<FirewallRegion> Regions { get; }

    /// <summary>Region 0.</summary>
    public FirewallRegion Background => _regions[0];

    /// <summary>Times the registers have been programmed.</summary>
    public long ProgramCount { get; private set; }

    /// <summary>Issues the one capability; a second request is a model bug.</summary>
    internal FirewallCapability IssueCapability()
    {
        if (_capabilityIssued)
        {
            throw new InvalidOperationException("the firewall capability has already been issued to the secure firmware");
        }

        _capabilityIssued = true;
        return new FirewallCapability(this);
    }

    /// <summary>Sets region 0's permissions.</summary>
    public void ProgramBackground(FirewallCapability capability, FirewallPermissions permissions)
    {
        CheckCapability(capability);
        _regions[0] = _regions[0] with { Permissions = AsProgrammed(permissions) };
        AfterProgramming(0, WholeSpace, WholeSpace);
    }

    /// <summary>
    /// Programs and enables region <paramref name="index"/> (1..N). Returns false with a reason, changing
    /// nothing, when the range is not page-aligned, is empty, leaves the address space, or overlaps
    /// another enabled region. Reprogramming a region replaces its old range.
    /// </summary>
    public bool TryProgramRegion(FirewallCapability capability, int index, PhysRange range, FirewallPermissions permissions, out string? error)
    {
        CheckCapability(capability);
        CheckIndex(index);
        error = Validate(index, range);
        if (error is not null)
        {
            return false;
        }

        var before = _regions[index].Enabled ? _regions[index].Range : default;
        _regions[index] = new FirewallRegion(index, true, range, AsProgrammed(permissions));
        AfterProgramming(index, before, range);
        return true;
    }

    /// <summary>As <see cref="TryProgramRegion"/>, throwing <see cref="ArgumentException"/> with the reason when refused.</summary>
    public void ProgramRegion(FirewallCapability capability, int index, PhysRange range, FirewallPermissions permissions)
    {
        if (!TryProgramRegion(capability, index, range, permissions, out var error))
        {
            throw new ArgumentException(error, nameof(range));
        }
    }

    /// <summary>Disables region <paramref name="index"/>: its range falls back to region 0.</summary>
    public void DisableRegion(FirewallCapability capability, int index)
    {
        CheckCapability(capability);
        CheckIndex(index);
        var old = _regions[index];
        _regions[index] = new FirewallRegion(index, false, default, FirewallPermissions.None);
        AfterProgramming(index, old.Enabled ? old.Range : default, default);
    }

    /// <summary>Where changes that can open a path are announced (set by the <see cref="Soc"/>).</summary>
    internal Oracle.ReachFeed? Feed { get; set; }

    /// <summary>The first disabled region index, or -1 when all are in use.</summary>
    public int FindFreeRegion()
    {
        for (var i = 1; i < _regions.Length; i++)
        {
            if (!_regions[i].Enabled)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The verdict for a transaction of <paramref name="length"/> bytes at <paramref name="address"/>.</summary>
    public bool Allows(int masterId, SecurityState state, PhysAddr address, ulong length, AccessDirection direction)
    {
        if (length == 0)
        {
            return true;
        }

        var start = address.Value;
        var end = start + length;
        if (end < start || end > HwConstants.PhysAddressLimit)
        {
            return false;
        }

        // FirewallPermissions.Allows, a mask test per region: the master's bit in the mask of this state and direction.
        var bit = FirewallPermissions.MasterBit(masterId);
        var kind = MaskIndex(state, direction);
        ulong covered = 0;
        for (var i = 0; i < _activeCount; i++)
        {
            var rs = _activeStart[i];
            var re = _activeEnd[i];
            if (rs >= end || start >= re)
            {
                continue;
            }

            if ((_activeMasks[(i * 4) + kind] & bit) == 0)
            {
                return false;
            }

            covered += Math.Min(end, re) - Math.Max(start, rs);
        }

        return covered == length || (_activeMasks[(_activeCount * 4) + kind] & bit) != 0;
    }

    /// <summary>The verdict for one byte address (the whole page it is in when the range is a page).</summary>
    public bool Allows(int masterId, SecurityState state, PhysRange range, AccessDirection direction) =>
        Allows(masterId, state, range.Start, range.Length, direction);

    /// <summary>The region deciding for <paramref name="address"/>: an enabled region covering it, else region 0.</summary>
    public FirewallRegion RegionAt(PhysAddr address)
    {
        for (var i = 1; i < _regions.Length; i++)
        {
            if (_regions[i].Enabled && _regions[i].Range.Contains(address))
            {
                return _regions[i];
            }
        }

        return _regions[0];
    }

    /// <summary>Checks that enabled programmable regions are page-aligned, inside the address space and pairwise disjoint.</summary>
    public void AssertInvariants()
    {
        for (var i = 1; i < _regions.Length; i++)
        {
            var r = _regions[i];
            if (!r.Enabled)
            {
                continue;
            }

            if (r.Range.IsEmpty || !r.Range.IsPageAligned || r.Range.End.Value > HwConstants.PhysAddressLimit)
            {
                throw new InvalidOperationException($"invariant: enabled region {i} {r.Range} is non-empty, page-aligned and inside the address space");
            }

            for (var j = i + 1; j < _regions.Length; j++)
            {
                if (_regions[j].Enabled && _regions[j].Range.Overlaps(r.Range))
                {
                    throw new InvalidOperationException($"invariant: enabled regions {i} and {j} do not overlap");
                }
            }
        }
    }

    private string? Validate(int index, PhysRange range)
    {
        if (range.IsEmpty || !range.IsPageAligned)
        {
            return $"firewall region {index} {range} must be non-empty and 4 KiB aligned";
        }

        if (range.Start.Value + range.Length > HwConstants.PhysAddressLimit || range.Start.Value + range.Length < range.Start.Value)
        {
            return $"firewall region {index} {range} leaves the 40-bit physical address space";
        }

        for (var i = 1; i < _regions.Length; i++)
        {
            if (i != index && _regions[i].Enabled && _regions[i].Range.Overlaps(range))
            {
                return $"firewall region {index} {range} overlaps region {i} {_regions[i].Range}; regions may not overlap";
            }
        }

        return null;
    }

    /// <summary>What the registers hold after writing <paramref name="permissions"/>: without per-master secure enables, every master.</summary>
    private FirewallPermissions AsProgrammed(FirewallPermissions permissions) =>
        FiltersSecureByMaster ? permissions : permissions.WithSecureMasters(ulong.MaxValue, ulong.MaxValue);

    private void CheckCapability(FirewallCapability capability)
    {
        ArgumentNullException.ThrowIfNull(capability);
        if (!ReferenceEquals(capability.Firewall, this))
        {
            throw new InvalidOperationException("this capability was issued by another SoC's firewall");
        }
    }

    private void CheckIndex(int index)
    {
        if (index < 1 || index >= _regions.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"firewall region {index} does not exist; programmable regions are 1..{RegionCount}");
        }
    }

    /// <summary>0 to 3: non-secure read, non-secure write, secure read, secure write.</summary>
    private static int MaskIndex(SecurityState state, AccessDirection direction) =>
        (state == SecurityState.Secure ? 2 : 0) + (direction == AccessDirection.Read ? 0 : 1);

    /// <summary>The four masks of <paramref name="p"/> at <paramref name="at"/>, as <see cref="FirewallPermissions.Allows"/> reads them.</summary>
    private static void PackMasks(in FirewallPermissions p, Span<ulong> at)
    {
        at[0] = p.NonSecureReadMasters;
        at[1] = p.NonSecureWriteMasters;
        at[2] = p.SecureRead ? p.SecureReadMasters : 0;
        at[3] = p.SecureWrite ? p.SecureWriteMasters : 0;
    }

    private void PackActive()
    {
        _activeCount = 0;
        for (var i = 1; i < _regions.Length; i++)
        {
            if (_regions[i].Enabled)
            {
                _activeStart[_activeCount] = _regions[i].Range.Start.Value;
                _activeEnd[_activeCount] = _regions[i].Range.End.Value;
                PackMasks(_regions[i].Permissions, _activeMasks.AsSpan(_activeCount * 4, 4));
                _activeCount++;
            }
        }

        PackMasks(_regions[0].Permissions, _activeMasks.AsSpan(_activeCount * 4, 4));
    }

    private void AfterProgramming(int index, PhysRange before, PhysRange after)
    {
        var range = after.IsEmpty ? before : after;
        PackActive();

        ProgramCount++;
        _clock.Advance(_costs.FirewallReprogram);
        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.FirewallProgram, "tzc400", range.Start.Value, range.Length, (ulong)index));
        }

        Feed?.FirewallProgrammed(index, before, after);
    }
}
