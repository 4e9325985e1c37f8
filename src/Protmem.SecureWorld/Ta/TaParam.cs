using Protmem.Hardware;
using Protmem.SecureWorld.ProtectedMemory;

namespace Protmem.SecureWorld.Ta;

/// <summary>GlobalPlatform TEE_PARAM_TYPE_* and the TEE_PARAM_TYPES packing (4 bits per parameter).</summary>
internal static class TeeParamType
{
    public const uint NONE = 0;
    public const uint VALUE_INPUT = 1;
    public const uint VALUE_OUTPUT = 2;
    public const uint VALUE_INOUT = 3;
    public const uint MEMREF_INPUT = 5;
    public const uint MEMREF_OUTPUT = 6;
    public const uint MEMREF_INOUT = 7;

    public static uint Types(uint t0, uint t1 = NONE, uint t2 = NONE, uint t3 = NONE) => t0 | (t1 << 4) | (t2 << 8) | (t3 << 12);

    public static uint Get(uint types, int index) => (types >> (4 * index)) & 0xf;

    public static bool IsMemref(uint type) => type is MEMREF_INPUT or MEMREF_OUTPUT or MEMREF_INOUT;

    public static bool IsValue(uint type) => type is VALUE_INPUT or VALUE_OUTPUT or VALUE_INOUT;
}

/// <summary>TEE_CheckMemoryAccessRights flags, with OP-TEE's SECURE / NONSECURE extensions.</summary>
internal static class TeeMemoryAccess
{
    public const uint READ = 0x1;
    public const uint WRITE = 0x2;
    public const uint ANY_OWNER = 0x4;
    public const uint NONSECURE = 0x1000_0000;
    public const uint SECURE = 0x2000_0000;
}

/// <summary>One TA parameter: two 32-bit values, or a memory reference.</summary>
internal struct TaParam
{
    public uint A;
    public uint B;
    public TaMemref? Memref;
}

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
        Capacity = segments.Aggregate(0UL, (s, r) => s + r.Length);
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
        var chunks = Chunks(offset, (ulong)into.Length);
        if (chunks is null)
        {
            return false;
        }

        var done = 0;
        foreach (var (address, length) in chunks)
        {
            if (!memory.TryRead(address, into.Slice(done, (int)length)))
            {
                return false;
            }

            done += (int)length;
        }

        return true;
    }

    /// <summary>Writes <paramref name="from"/> at <paramref name="offset"/>; false when out of range or denied.</summary>
    public bool TryWrite(SecureCpuMemory memory, ulong offset, ReadOnlySpan<byte> from)
    {
        var chunks = Chunks(offset, (ulong)from.Length);
        if (chunks is null)
        {
            return false;
        }

        var done = 0;
        foreach (var (address, length) in chunks)
        {
            if (!memory.TryWrite(address, from.Slice(done, (int)length)))
            {
                return false;
            }

            done += (int)length;
        }

        return true;
    }

    /// <summary>The physical pieces of [offset, +length), or null when that leaves the buffer.</summary>
    private List<(PhysAddr Address, ulong Length)>? Chunks(ulong offset, ulong length)
    {
        if (offset > Capacity || length > Capacity - offset || length > int.MaxValue)
        {
            return null;
        }

        var chunks = new List<(PhysAddr, ulong)>();
        foreach (var segment in Segments)
        {
            if (length == 0)
            {
                break;
            }

            if (offset >= segment.Length)
            {
                offset -= segment.Length;
                continue;
            }

            var count = Math.Min(segment.Length - offset, length);
            chunks.Add((segment.Start + offset, count));
            length -= count;
            offset = 0;
        }

        return chunks;
    }
}
