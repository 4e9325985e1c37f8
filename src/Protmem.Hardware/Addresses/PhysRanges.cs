namespace Protmem.Hardware;

/// <summary>Set operations on lists of physical ranges (results sorted, merged, without empty ranges).</summary>
public static class PhysRanges
{
    /// <summary>Sorts, merges touching or overlapping ranges and drops empty ones.</summary>
    public static List<PhysRange> Normalise(IEnumerable<PhysRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var sorted = ranges.Where(r => !r.IsEmpty).OrderBy(r => r.Start.Value).ToList();
        var merged = new List<PhysRange>(sorted.Count);
        foreach (var r in sorted)
        {
            if (merged.Count > 0 && r.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = PhysRange.FromBounds(last.Start, r.End > last.End ? r.End : last.End);
            }
            else
            {
                merged.Add(r);
            }
        }

        return merged;
    }

    /// <summary>The bytes in both <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static List<PhysRange> Intersect(IEnumerable<PhysRange> a, IEnumerable<PhysRange> b)
    {
        var left = Normalise(a);
        var right = Normalise(b);
        var result = new List<PhysRange>();
        int i = 0, j = 0;
        while (i < left.Count && j < right.Count)
        {
            var common = left[i].Intersect(right[j]);
            if (!common.IsEmpty)
            {
                result.Add(common);
            }

            if (left[i].End < right[j].End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return result;
    }

    /// <summary>The bytes in <paramref name="a"/> and not in <paramref name="b"/>.</summary>
    public static List<PhysRange> Subtract(IEnumerable<PhysRange> a, IEnumerable<PhysRange> b)
    {
        var holes = Normalise(b);
        var result = new List<PhysRange>();
        foreach (var r in Normalise(a))
        {
            var cursor = r.Start;
            foreach (var h in holes)
            {
                if (h.End <= cursor || !h.Overlaps(r))
                {
                    continue;
                }

                if (h.Start > cursor)
                {
                    result.Add(PhysRange.FromBounds(cursor, h.Start));
                }

                cursor = h.End > cursor ? h.End : cursor;
                if (cursor >= r.End)
                {
                    break;
                }
            }

            if (cursor < r.End)
            {
                result.Add(PhysRange.FromBounds(cursor, r.End));
            }
        }

        return result;
    }

    /// <summary>Total bytes of normalised <paramref name="ranges"/>.</summary>
    public static ulong TotalLength(IEnumerable<PhysRange> ranges) =>
        Normalise(ranges).Aggregate(0UL, (sum, r) => sum + r.Length);

    /// <summary>Every page start touched by <paramref name="ranges"/>, ascending, each once.</summary>
    public static IEnumerable<PhysAddr> Pages(IEnumerable<PhysRange> ranges)
    {
        ulong next = 0;
        foreach (var r in Normalise(ranges))
        {
            var first = Math.Max(r.Start.PageNumber, next);
            var end = r.End.AlignUp().PageNumber;
            for (var p = first; p < end; p++)
            {
                yield return PhysAddr.FromPageNumber(p);
            }

            next = Math.Max(next, end);
        }
    }
}
