using System.Globalization;

namespace Protmem.Hardware;

/// <summary>A half-open range of physical addresses [<see cref="Start"/>, <see cref="End"/>).</summary>
/// <param name="Start">First byte of the range.</param>
/// <param name="Length">Number of bytes.</param>
public readonly record struct PhysRange(PhysAddr Start, ulong Length)
{
    /// <summary>Builds the range [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public static PhysRange FromBounds(PhysAddr start, PhysAddr end) =>
        end < start ? throw new ArgumentException($"range end {end} is below its start {start}", nameof(end)) : new(start, end - start);

    /// <summary>One past the last byte.</summary>
    public PhysAddr End => new(checked(Start.Value + Length));

    /// <summary>True for a zero-length range.</summary>
    public bool IsEmpty => Length == 0;

    /// <summary>True when both ends lie on page boundaries.</summary>
    public bool IsPageAligned => Start.IsPageAligned && (Length & HwConstants.PageMask) == 0;

    /// <summary>Number of pages touched by the range (partial pages count).</summary>
    public ulong PageCount => Length == 0 ? 0 : End.AlignUp().PageNumber - Start.PageNumber;

    /// <summary>True when <paramref name="address"/> lies inside the range.</summary>
    public bool Contains(PhysAddr address) => address >= Start && address.Value - Start.Value < Length;

    /// <summary>True when all of <paramref name="other"/> lies inside this range (an empty range is contained anywhere inside or at the end).</summary>
    public bool Contains(PhysRange other) => other.Start >= Start && other.End <= End;

    /// <summary>True when the two ranges share at least one byte.</summary>
    public bool Overlaps(PhysRange other) =>
        Length != 0 && other.Length != 0 && Start < other.End && other.Start < End;

    /// <summary>The bytes common to both ranges (empty when they do not overlap).</summary>
    public PhysRange Intersect(PhysRange other)
    {
        var start = Start > other.Start ? Start : other.Start;
        var end = End < other.End ? End : other.End;
        return end > start ? FromBounds(start, end) : new PhysRange(start, 0);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"[{Start}, {End})");
}
