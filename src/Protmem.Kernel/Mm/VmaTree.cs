using Protmem.Kernel.Core;

namespace Protmem.Kernel.Mm;

/// <summary>
/// The VMAs of one address space in address order (the role of mm_struct's maple tree): lookup,
/// intersection, gap search, insertion and range removal with splitting. A sorted list searched
/// by bisection; processes hold tens to thousands of mappings.
/// </summary>
internal sealed class VmaTree
{
    private readonly List<VmArea> _vmas = [];

    public int Count => _vmas.Count;

    public IReadOnlyList<VmArea> All => _vmas;

    /// <summary>Index of the first VMA ending after <paramref name="addr"/> (find_vma), or <see cref="Count"/>.</summary>
    public int IndexOfFirstEndingAfter(ulong addr)
    {
        int low = 0, high = _vmas.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_vmas[mid].End > addr)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }

    /// <summary>The VMA containing <paramref name="addr"/> (vma_lookup), or null.</summary>
    public VmArea? Find(ulong addr)
    {
        var index = IndexOfFirstEndingAfter(addr);
        return index < _vmas.Count && _vmas[index].Start <= addr ? _vmas[index] : null;
    }

    /// <summary>VMAs meeting [start, end), in address order.</summary>
    public List<VmArea> Intersecting(ulong start, ulong end)
    {
        var found = new List<VmArea>();
        for (var index = IndexOfFirstEndingAfter(start); index < _vmas.Count && _vmas[index].Start < end; index++)
        {
            found.Add(_vmas[index]);
        }

        return found;
    }

    /// <summary>True when removing [start, end) would split one VMA into two (the only unmap that adds a VMA).</summary>
    public bool RemovalSplitsOne(ulong start, ulong end)
    {
        var vma = Find(start);
        return vma is not null && vma.Start < start && vma.End > end;
    }

    public void Insert(VmArea vma)
    {
        var index = IndexOfFirstEndingAfter(vma.Start);
        if (index < _vmas.Count && _vmas[index].Start < vma.End)
        {
            throw new KernelOopsException("no two VMAs overlap", $"{vma} meets {_vmas[index]}");
        }

        _vmas.Insert(index, vma);
    }

    /// <summary>True when a VMA meets [start, end).</summary>
    public bool Meets(ulong start, ulong end)
    {
        var index = IndexOfFirstEndingAfter(start);
        return index < _vmas.Count && _vmas[index].Start < end;
    }

    /// <summary>
    /// Removes [start, end): VMAs inside go, VMAs across an edge are trimmed, a VMA around it is split.
    /// <paramref name="unmapped"/> gets the ranges that went, <paramref name="closed"/> the VMAs that went
    /// or changed and <paramref name="opened"/> their trimmed remains, each in address order (empty when nothing met the range).
    /// </summary>
    public void Remove(ulong start, ulong end, out IReadOnlyList<VmArea> unmapped, out IReadOnlyList<VmArea> opened, out IReadOnlyList<VmArea> closed)
    {
        var first = IndexOfFirstEndingAfter(start);
        var last = first;
        while (last < _vmas.Count && _vmas[last].Start < end)
        {
            last++;
        }

        var count = last - first;
        if (count == 0)
        {
            unmapped = opened = closed = [];
            return;
        }

        var gone = new VmArea[count];
        var pieces = new VmArea[count];
        VmArea? head = null, tail = null;
        for (var i = 0; i < count; i++)
        {
            var vma = _vmas[first + i];
            gone[i] = vma;

            // A VMA inside the range goes whole: the unmapped range is the VMA itself (VMAs are immutable).
            pieces[i] = vma.Start >= start && vma.End <= end ? vma : vma.Slice(Math.Max(vma.Start, start), Math.Min(vma.End, end));
            if (vma.Start < start)
            {
                head = vma.Slice(vma.Start, start);
            }

            if (vma.End > end)
            {
                tail = vma.Slice(end, vma.End);
            }
        }

        _vmas.RemoveRange(first, count);
        if (tail is not null)
        {
            _vmas.Insert(first, tail);
        }

        if (head is not null)
        {
            _vmas.Insert(first, head);
        }

        unmapped = pieces;
        closed = gone;
        opened = (head, tail) switch
        {
            (null, null) => [],
            ({ } h, null) => [h],
            (null, { } t) => [t],
            ({ } h, { } t) => [h, t],
        };
    }

    /// <summary>The highest address a gap of <paramref name="length"/> bytes in [low, high) can start at, or null.</summary>
    public ulong? FindGapTopDown(ulong length, ulong low, ulong high)
    {
        var index = IndexOfFirstEndingAfter(high);
        var gapEnd = index < _vmas.Count ? Math.Min(high, _vmas[index].Start) : high;
        for (var i = index - 1; i >= -1; i--)
        {
            var gapStart = i >= 0 ? Math.Max(low, _vmas[i].End) : low;
            if (gapEnd >= gapStart && gapEnd - gapStart >= length)
            {
                return gapEnd - length;
            }

            if (i < 0 || _vmas[i].Start <= low)
            {
                return null;
            }

            gapEnd = _vmas[i].Start;
        }

        return null;
    }

    /// <summary>The lowest address a gap of <paramref name="length"/> bytes in [low, high) can start at, or null.</summary>
    public ulong? FindGapBottomUp(ulong length, ulong low, ulong high)
    {
        var gapStart = low;
        for (var index = IndexOfFirstEndingAfter(low); index <= _vmas.Count; index++)
        {
            var gapEnd = index < _vmas.Count ? Math.Min(high, _vmas[index].Start) : high;
            if (gapEnd >= gapStart && gapEnd - gapStart >= length)
            {
                return gapStart;
            }

            if (index == _vmas.Count || _vmas[index].End >= high)
            {
                return null;
            }

            gapStart = Math.Max(gapStart, _vmas[index].End);
        }

        return null;
    }
}
