using Protmem.Hardware;

namespace Protmem.SecureWorld.Ta;

/// <summary>
/// A first-fit page bitmap over the secmem carveout: one bit per 4 KiB page, set when allocated.
/// Allocate is paired with <see cref="Free"/>.
/// </summary>
internal sealed class SecmemAllocator
{
    private readonly bool[] _used;

    public SecmemAllocator(PhysRange carveout)
    {
        if (!carveout.IsPageAligned || carveout.IsEmpty)
        {
            throw new ArgumentException($"the secmem carveout {carveout} must be non-empty and 4 KiB aligned", nameof(carveout));
        }

        Carveout = carveout;
        _used = new bool[carveout.Length >> HwConstants.PageShift];
    }

    public PhysRange Carveout { get; }

    public ulong FreePages => (ulong)_used.Count(u => !u);

    /// <summary>The first free run of pages covering <paramref name="size"/> bytes at <paramref name="alignment"/> (a power of two), or null.</summary>
    public PhysRange? Allocate(ulong size, ulong alignment)
    {
        if (size == 0 || size > Carveout.Length || alignment == 0 || (alignment & (alignment - 1)) != 0 || alignment > Carveout.Length)
        {
            return null;
        }

        var pages = (long)((size + HwConstants.PageMask) >> HwConstants.PageShift);
        alignment = Math.Max(alignment, HwConstants.PageSize);
        for (long first = 0; first + pages <= _used.Length; first++)
        {
            var address = Carveout.Start + ((ulong)first << HwConstants.PageShift);
            if (address.Value % alignment != 0)
            {
                continue;
            }

            var run = 0L;
            while (run < pages && !_used[first + run])
            {
                run++;
            }

            if (run == pages)
            {
                Array.Fill(_used, true, (int)first, (int)pages);
                return new PhysRange(address, (ulong)pages << HwConstants.PageShift);
            }

            first += run;
        }

        return null;
    }

    /// <summary>Returns a range <see cref="Allocate"/> gave.</summary>
    public void Free(PhysRange range)
    {
        var first = (int)((range.Start - Carveout.Start) >> HwConstants.PageShift);
        var count = (int)(range.Length >> HwConstants.PageShift);
        for (var i = first; i < first + count; i++)
        {
            if (!_used[i])
            {
                throw new InvalidOperationException($"secmem page {i} of {range} is freed twice");
            }

            _used[i] = false;
        }
    }

    /// <summary>True when the page bitmap marks exactly the pages of <paramref name="allocations"/>.</summary>
    public bool MatchesAllocations(IEnumerable<PhysRange> allocations)
    {
        var expected = new bool[_used.Length];
        foreach (var range in allocations)
        {
            var first = (int)((range.Start - Carveout.Start) >> HwConstants.PageShift);
            for (var i = 0; i < (int)(range.Length >> HwConstants.PageShift); i++)
            {
                if (expected[first + i])
                {
                    return false;
                }

                expected[first + i] = true;
            }
        }

        return expected.AsSpan().SequenceEqual(_used);
    }
}
