using Protmem.Hardware;

namespace Protmem.Platform.Bindings;

/// <summary>
/// Places dynamic reserved-memory regions as Linux's early allocator (memblock) does: top-down, in the
/// highest free range that fits, inside each <c>alloc-ranges</c> entry in turn. Free memory is system
/// RAM minus everything reserved so far; each placement is reserved before the next. Deterministic.
/// </summary>
internal sealed class ReservedMemoryAllocator
{
    private readonly List<PhysRange> _ram;
    private readonly List<PhysRange> _reserved = [];

    public ReservedMemoryAllocator(IEnumerable<PhysRange> systemRam) => _ram = PhysRanges.Normalise(systemRam);

    /// <summary>Marks <paramref name="range"/> as taken (a fixed region, a reservation-block entry, a placed region).</summary>
    public void Reserve(PhysRange range) => _reserved.Add(range);

    /// <summary>
    /// The highest <paramref name="alignment"/>-aligned range of <paramref name="size"/> free bytes inside the
    /// first of <paramref name="allocRanges"/> that has one (anywhere in RAM when empty), reserved; null when none fits.
    /// </summary>
    public PhysRange? Allocate(ulong size, ulong alignment, IReadOnlyList<PhysRange> allocRanges)
    {
        var free = PhysRanges.Subtract(_ram, _reserved);
        IEnumerable<PhysRange> windows = allocRanges.Count == 0 ? [new PhysRange(new PhysAddr(0), ulong.MaxValue)] : allocRanges;
        foreach (var window in windows)
        {
            foreach (var candidate in PhysRanges.Intersect(free, [window]).OrderByDescending(r => r.Start.Value))
            {
                if (candidate.Length < size)
                {
                    continue;
                }

                var start = (candidate.End.Value - size) / alignment * alignment;
                if (start >= candidate.Start.Value)
                {
                    var placed = new PhysRange(new PhysAddr(start), size);
                    _reserved.Add(placed);
                    return placed;
                }
            }
        }

        return null;
    }
}
