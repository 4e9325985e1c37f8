namespace Protmem.Hardware.Mmu;

/// <summary>
/// The kernel's address space with its linear map (the "direct map"): every byte of DRAM at
/// <see cref="Offset"/> + PA, read/write, never executable. Ranges can be removed from the linear
/// map and restored (as set_direct_map_invalid_noflush / set_direct_map_default_noflush do); other
/// kernel mappings (vmap) may be added outside the window with <see cref="CpuAddressSpace.TryMap"/>.
/// </summary>
public sealed class LinearMap : CpuAddressSpace
{
    /// <summary>The default linear-map offset: 0xffff_0000_0000_0000 + PA.</summary>
    public const ulong DefaultOffset = 0xffff_0000_0000_0000;

    private readonly PhysRange[] _dram;
    private readonly List<PhysRange> _removed = []; // sorted, merged, page-aligned

    public LinearMap(IEnumerable<PhysRange> dram, ulong offset = DefaultOffset, string name = "kernel")
        : base(name, SecurityState.NonSecure)
    {
        ArgumentNullException.ThrowIfNull(dram);
        _dram = [.. dram.OrderBy(r => r.Start.Value)];
        if (offset + HwConstants.PhysAddressLimit < offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), "the linear map must fit below 2^64");
        }

        Offset = offset;
    }

    /// <summary>VA = Offset + PA inside the window.</summary>
    public ulong Offset { get; }

    /// <summary>The ranges currently removed from the linear map, ascending.</summary>
    public IReadOnlyList<PhysRange> RemovedRanges => _removed;

    /// <summary>The linear-map address of <paramref name="phys"/>.</summary>
    public CpuVirtAddr VirtualOf(PhysAddr phys) => new(Offset + phys.Value);

    /// <summary>True when <paramref name="va"/> lies in the linear-map window.</summary>
    public bool InWindow(CpuVirtAddr va) => va.Value >= Offset && va.Value - Offset < HwConstants.PhysAddressLimit;

    /// <summary>Removes <paramref name="range"/> (page-aligned, inside DRAM) from the linear map. Paired with <see cref="RestoreRange"/>.</summary>
    public void RemoveRange(PhysRange range)
    {
        CheckRange(range);
        _removed.Add(range);
        Normalise();
    }

    /// <summary>Puts <paramref name="range"/> back in the linear map.</summary>
    public void RestoreRange(PhysRange range)
    {
        CheckRange(range);
        var kept = new List<PhysRange>();
        foreach (var r in _removed)
        {
            if (!r.Overlaps(range))
            {
                kept.Add(r);
                continue;
            }

            if (r.Start < range.Start)
            {
                kept.Add(PhysRange.FromBounds(r.Start, range.Start));
            }

            if (r.End > range.End)
            {
                kept.Add(PhysRange.FromBounds(range.End, r.End));
            }
        }

        _removed.Clear();
        _removed.AddRange(kept);
        Feed?.CpuMapped(this, VirtualOf(range.Start), range.Start, range.Length, CpuPermissions.ReadWrite);
    }

    /// <summary>True when the page holding <paramref name="phys"/> is DRAM and not removed.</summary>
    public bool IsLinearMapped(PhysAddr phys)
    {
        var inDram = false;
        foreach (var bank in _dram)
        {
            inDram |= bank.Contains(phys);
        }

        if (!inDram)
        {
            return false;
        }

        // The last removed range starting at or below phys is the only one that can hold it.
        int lo = 0, hi = _removed.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            if (_removed[mid].Start <= phys)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return hi < 0 || !_removed[hi].Contains(phys);
    }

    public override bool TryTranslate(CpuVirtAddr va, out PhysAddr phys, out CpuPermissions permissions)
    {
        if (InWindow(va))
        {
            var candidate = new PhysAddr(va.Value - Offset);
            if (IsLinearMapped(candidate))
            {
                phys = candidate;
                permissions = CpuPermissions.ReadWrite;
                return true;
            }

            phys = default;
            permissions = CpuPermissions.None;
            return false;
        }

        return base.TryTranslate(va, out phys, out permissions);
    }

    /// <summary>The linear-map runs (DRAM minus removed ranges), then the other mappings.</summary>
    public override IReadOnlyList<CpuMapping> EnumerateMappings()
    {
        var runs = new List<CpuMapping>();
        foreach (var bank in _dram)
        {
            var cursor = bank.Start;
            foreach (var r in _removed)
            {
                if (!r.Overlaps(bank))
                {
                    continue;
                }

                if (r.Start > cursor)
                {
                    runs.Add(new CpuMapping(VirtualOf(cursor), cursor, r.Start - cursor, CpuPermissions.ReadWrite));
                }

                cursor = r.End > cursor ? r.End : cursor;
            }

            if (bank.End > cursor)
            {
                runs.Add(new CpuMapping(VirtualOf(cursor), cursor, bank.End - cursor, CpuPermissions.ReadWrite));
            }
        }

        runs.AddRange(base.EnumerateMappings());
        return runs;
    }

    /// <summary>Checks that removed ranges are sorted, disjoint, not touching, page-aligned and inside DRAM.</summary>
    public void AssertInvariants()
    {
        for (var i = 0; i < _removed.Count; i++)
        {
            var r = _removed[i];
            if (r.IsEmpty || !r.IsPageAligned || !_dram.Any(d => d.Contains(r)))
            {
                throw new InvalidOperationException($"invariant: removed range {r} is non-empty, page-aligned and inside one DRAM bank");
            }

            if (i > 0 && _removed[i - 1].End >= r.Start)
            {
                throw new InvalidOperationException($"invariant: removed ranges {_removed[i - 1]} and {r} are sorted and do not touch");
            }
        }
    }

    protected override bool IsReserved(CpuVirtAddr va) => InWindow(va);

    private void CheckRange(PhysRange range)
    {
        if (range.IsEmpty || !range.IsPageAligned || !_dram.Any(r => r.Contains(range)))
        {
            throw new ArgumentException($"linear-map range {range} must be non-empty, page-aligned and inside one DRAM bank", nameof(range));
        }
    }

    private void Normalise()
    {
        _removed.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (var i = 1; i < _removed.Count;)
        {
            if (_removed[i].Start <= _removed[i - 1].End)
            {
                var end = _removed[i].End > _removed[i - 1].End ? _removed[i].End : _removed[i - 1].End;
                _removed[i - 1] = PhysRange.FromBounds(_removed[i - 1].Start, end);
                _removed.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }
    }
}
