using Protmem.Hardware;
using Protmem.SecureWorld.ProtectedMemory;

namespace Protmem.SecureWorld.Ta;

/// <summary>
/// A memory reference as a TA sees it: the physical pages behind it (possibly non-contiguous), the
/// kind of memory decided when it was built, and a size the TA may update (output size queries).
/// Its bytes move through the bus as the secure CPU.
/// </summary>
internal sealed class TaMemref
{
    private readonly PhysRange _single;
    private IReadOnlyList<PhysRange>? _segments;

    public TaMemref(IReadOnlyList<PhysRange> segments, ulong size, MemoryKind kind)
    {
        ArgumentNullException.ThrowIfNull(segments);
        Size = size;
        var capacity = 0UL;
        for (var i = 0; i < segments.Count; i++)
        {
            capacity += segments[i].Length;
        }

        if (segments.Count == 1)
        {
            _single = segments[0];
            SegmentCount = 1;
        }
        else
        {
            _segments = segments;
            SegmentCount = segments.Count;
        }

        Capacity = capacity;
        Kind = kind;
    }

    /// <summary>A memref over one contiguous range (no list: most memrefs are one range, and one is built per parameter per call).</summary>
    public TaMemref(PhysRange segment, ulong size, MemoryKind kind)
    {
        _single = segment;
        SegmentCount = 1;
        Size = size;
        Capacity = segment.Length;
        Kind = kind;
    }

    /// <summary>A null memref (buffer NULL) announcing <paramref name="size"/>: nothing behind it.</summary>
    public static TaMemref Null(ulong size) => new([], size, MemoryKind.NonSecure);

    public IReadOnlyList<PhysRange> Segments => _segments ??= [_single];

    /// <summary>How many pieces <see cref="Segments"/> has.</summary>
    public int SegmentCount { get; }

    /// <summary>Bytes actually behind the reference.</summary>
    public ulong Capacity { get; }

    /// <summary>The size field: in, the buffer's size; out, what the TA reports.</summary>
    public ulong Size { get; set; }

    public MemoryKind Kind { get; }

    public bool IsNull => SegmentCount == 0;

    /// <summary>Reads <paramref name="into"/>.Length bytes from <paramref name="offset"/>; false when out of range or denied.</summary>
    public bool TryRead(SecureCpuMemory memory, ulong offset, Span<byte> into)
    {
        if (!InRange(offset, (ulong)into.Length))
        {
            return false;
        }

        // The physical pieces of [offset, +length), segment by segment (no list: this runs per access).
        var done = 0;
        for (var i = 0; i < SegmentCount && done < into.Length; i++)
        {
            var segment = Segment(i);
            if (offset >= segment.Length)
            {
                offset -= segment.Length;
                continue;
            }

            var count = (int)Math.Min(segment.Length - offset, (ulong)(into.Length - done));
            if (!memory.TryRead(segment.Start + offset, into.Slice(done, count)))
            {
                return false;
            }

            done += count;
            offset = 0;
        }

        return true;
    }

    /// <summary>Writes <paramref name="from"/> at <paramref name="offset"/>; false when out of range or denied.</summary>
    public bool TryWrite(SecureCpuMemory memory, ulong offset, ReadOnlySpan<byte> from)
    {
        if (!InRange(offset, (ulong)from.Length))
        {
            return false;
        }

        var done = 0;
        for (var i = 0; i < SegmentCount && done < from.Length; i++)
        {
            var segment = Segment(i);
            if (offset >= segment.Length)
            {
                offset -= segment.Length;
                continue;
            }

            var count = (int)Math.Min(segment.Length - offset, (ulong)(from.Length - done));
            if (!memory.TryWrite(segment.Start + offset, from.Slice(done, count)))
            {
                return false;
            }

            done += count;
            offset = 0;
        }

        return true;
    }

    /// <summary>The one physical range behind [<paramref name="offset"/>, +<paramref name="length"/>) when the memref is a single range holding all of it.</summary>
    public bool TryContiguous(ulong offset, ulong length, out PhysRange range)
    {
        range = default;
        if (SegmentCount != 1 || !InRange(offset, length) || length == 0)
        {
            return false;
        }

        range = new PhysRange(_single.Start + offset, length);
        return true;
    }

    /// <summary>True when [offset, +length) lies inside the buffer.</summary>
    private PhysRange Segment(int index) => _segments is null ? _single : _segments[index];

    private bool InRange(ulong offset, ulong length) => offset <= Capacity && length <= Capacity - offset && length <= int.MaxValue;
}
