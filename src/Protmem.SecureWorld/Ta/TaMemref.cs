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
    public TaMemref(IReadOnlyList<PhysRange> segments, ulong size, MemoryKind kind)
    {
        Segments = segments;
        Size = size;
        ArgumentNullException.ThrowIfNull(segments);
        var capacity = 0UL;
        for (var i = 0; i < segments.Count; i++)
        {
            capacity += segments[i].Length;
        }

        Capacity = capacity;
        Kind = kind;
    }

    /// <summary>A null memref (buffer NULL) announcing <paramref name="size"/>: nothing behind it.</summary>
    public static TaMemref Null(ulong size) => new([], size, MemoryKind.NonSecure);

    public IReadOnlyList<PhysRange> Segments { get; }

    /// <summary>Bytes actually behind the reference.</summary>
    public ulong Capacity { get; }

    /// <summary>The size field: in, the buffer's size; out, what the TA reports.</summary>
    public ulong Size { get; set; }

    public MemoryKind Kind { get; }

    public bool IsNull => Segments.Count == 0;

    /// <summary>Reads <paramref name="into"/>.Length bytes from <paramref name="offset"/>; false when out of range or denied.</summary>
    public bool TryRead(SecureCpuMemory memory, ulong offset, Span<byte> into)
    {
        if (!InRange(offset, (ulong)into.Length))
        {
            return false;
        }

        // The physical pieces of [offset, +length), segment by segment (no list: this runs per access).
        var done = 0;
        for (var i = 0; i < Segments.Count && done < into.Length; i++)
        {
            var segment = Segments[i];
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
        for (var i = 0; i < Segments.Count && done < from.Length; i++)
        {
            var segment = Segments[i];
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

    /// <summary>True when [offset, +length) lies inside the buffer.</summary>
    private bool InRange(ulong offset, ulong length) => offset <= Capacity && length <= Capacity - offset && length <= int.MaxValue;
}
