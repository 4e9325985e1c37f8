using Protmem.Kernel.Core;

namespace Protmem.Kernel.Mm;

/// <summary>
/// A general-purpose special-memory pool (lib/genalloc.c): byte ranges ("chunks") managed with one
/// bitmap bit per 2^<see cref="MinAllocOrder"/> bytes, as OP-TEE's protected-memory pools and the
/// kernel's carveout heaps use it. Allocation rounds up to whole granules and searches chunks newest
/// first with the pool's algorithm. There are no headers and no coalescing: the pool fragments as a
/// bitmap does, so a request can fail while enough bytes are free in total. The pool never touches
/// the clock: its caller charges the cost of the operation it serves (no genalloc timing is published).
/// <para>Lifecycle:</para>
/// <list type="number">
/// <item>Create with a granule order and algorithm (gen_pool_create, gen_pool_set_algo).</item>
/// <item>Add one or more chunks (gen_pool_add); the newest chunk is searched first.</item>
/// <item>Allocate: <see cref="TryAlloc(ulong, out ulong)"/> (gen_pool_alloc) takes a run of granules.</item>
/// <item>Free: <see cref="Free"/>, paired with <see cref="TryAlloc(ulong, out ulong)"/>, clears the run (gen_pool_free).</item>
/// <item>Destroy: <see cref="Destroy"/>, paired with the constructor, drops every chunk once nothing is allocated (gen_pool_destroy).</item>
/// </list>
/// </summary>
public sealed class GenPool
{
    private readonly List<GenPoolChunk> _chunks = [];

    /// <summary>Creates an empty pool whose granule is 2^<paramref name="minAllocOrder"/> bytes (gen_pool_create).</summary>
    public GenPool(int minAllocOrder, GenPoolAlgorithm algorithm = GenPoolAlgorithm.FirstFit)
    {
        if ((uint)minAllocOrder > 62)
        {
            throw new ArgumentOutOfRangeException(nameof(minAllocOrder), minAllocOrder, "min_alloc_order must be 0..62");
        }

        MinAllocOrder = minAllocOrder;
        Algorithm = algorithm;
    }

    /// <summary>log2 of the granule in bytes.</summary>
    public int MinAllocOrder { get; }

    /// <summary>The algorithm <see cref="TryAlloc(ulong, out ulong)"/> uses (gen_pool_set_algo).</summary>
    public GenPoolAlgorithm Algorithm { get; set; }

    /// <summary>Bytes not allocated, over all chunks (gen_pool_avail).</summary>
    public ulong Avail
    {
        get
        {
            ulong sum = 0;
            foreach (var chunk in _chunks)
            {
                sum += chunk.Avail;
            }

            return sum;
        }
    }

    /// <summary>Bytes in all chunks (gen_pool_size).</summary>
    public ulong Size
    {
        get
        {
            ulong sum = 0;
            foreach (var chunk in _chunks)
            {
                sum += chunk.Size;
            }

            return sum;
        }
    }

    /// <summary>Adds [<paramref name="addr"/>, <paramref name="addr"/> + <paramref name="size"/>) as a new chunk, searched before older ones (gen_pool_add).</summary>
    /// <exception cref="ArgumentException">The range is empty, wraps, or overlaps a chunk already in the pool.</exception>
    public void AddChunk(ulong addr, ulong size)
    {
        if (size == 0 || addr + size - 1 < addr)
        {
            throw new ArgumentException($"chunk at 0x{addr:x} of {size} bytes is empty or wraps the address space", nameof(size));
        }

        var end = addr + size - 1;
        foreach (var chunk in _chunks)
        {
            if (addr <= chunk.EndAddr && end >= chunk.StartAddr)
            {
                throw new ArgumentException($"chunk [0x{addr:x}, 0x{end:x}] overlaps [0x{chunk.StartAddr:x}, 0x{chunk.EndAddr:x}]", nameof(addr));
            }
        }

        _chunks.Insert(0, new GenPoolChunk(addr, size, MinAllocOrder));
    }

    /// <summary>Allocates <paramref name="size"/> bytes rounded up to whole granules with the pool's algorithm (gen_pool_alloc); false when no chunk has a free run that fits.</summary>
    public bool TryAlloc(ulong size, out ulong addr) => TryAlloc(size, Algorithm, out addr);

    /// <summary>As <see cref="TryAlloc(ulong, out ulong)"/> with an explicit algorithm (gen_pool_alloc_algo).</summary>
    public bool TryAlloc(ulong size, GenPoolAlgorithm algorithm, out ulong addr) => TryAllocCore(size, algorithm, 0, out addr);

    /// <summary>
    /// Allocates with the run's address aligned to <paramref name="align"/> bytes, a power of two
    /// (gen_pool_first_fit_align, as gen_pool_dma_alloc_align uses it).
    /// </summary>
    public bool TryAllocAligned(ulong size, ulong align, out ulong addr)
    {
        if (align == 0 || (align & (align - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(align), align, "align must be a power of two");
        }

        return TryAllocCore(size, GenPoolAlgorithm.FirstFit, align, out addr);
    }

    /// <summary>Frees <paramref name="size"/> bytes at <paramref name="addr"/> (gen_pool_free); paired with <see cref="TryAlloc(ulong, out ulong)"/>.</summary>
    /// <exception cref="KernelOopsException">The address is outside every chunk, the range runs past its chunk, or a granule in it is not allocated.</exception>
    public void Free(ulong addr, ulong size)
    {
        var granule = 1UL << MinAllocOrder;
        var chunk = ChunkContaining(addr)
            ?? throw new KernelOopsException("gen_pool_free frees an address inside one of the pool's chunks", $"0x{addr:x}");
        if (size > chunk.EndAddr - addr + 1)
        {
            throw new KernelOopsException("gen_pool_free frees a range inside one chunk", $"0x{addr:x} + {size} bytes ends past 0x{chunk.EndAddr:x}");
        }

        if (((addr - chunk.StartAddr) & (granule - 1)) != 0)
        {
            throw new KernelOopsException("gen_pool_free frees from a granule boundary", $"0x{addr:x} in a pool of {granule}-byte granules");
        }

        var startBit = (long)((addr - chunk.StartAddr) >> MinAllocOrder);
        var nbits = (long)((size >> MinAllocOrder) + ((size & (granule - 1)) != 0 ? 1UL : 0));
        if (startBit + nbits > chunk.Bits || !Bitmap.IsRangeSet(chunk.Map, startBit, nbits))
        {
            throw new KernelOopsException("gen_pool_free frees only allocated granules (double free, or never allocated)", $"0x{addr:x} + {size} bytes");
        }

        Bitmap.ClearRange(chunk.Map, startBit, nbits);
        chunk.Avail += (ulong)nbits << MinAllocOrder;
    }

    /// <summary>Drops every chunk (gen_pool_destroy); the pool is empty afterwards.</summary>
    /// <exception cref="KernelOopsException">A granule is still allocated.</exception>
    public void Destroy()
    {
        foreach (var chunk in _chunks)
        {
            var used = Bitmap.FindNextBit(chunk.Map, chunk.Bits, 0);
            if (used < chunk.Bits)
            {
                throw new KernelOopsException("gen_pool_destroy finds nothing allocated", $"0x{chunk.StartAddr + ((ulong)used << MinAllocOrder):x} is still allocated");
            }
        }

        _chunks.Clear();
    }

    /// <summary>True when [<paramref name="start"/>, <paramref name="start"/> + <paramref name="size"/>) lies inside one chunk (gen_pool_has_addr).</summary>
    public bool HasAddr(ulong start, ulong size)
    {
        var end = start + size - 1;
        return _chunks.Exists(c => c.Contains(start) && end >= start && end <= c.EndAddr);
    }

    /// <summary>Checks each chunk: its free-byte count matches its bitmap, no bit lies past its granules, and no two chunks overlap.</summary>
    public void AssertInvariants()
    {
        foreach (var chunk in _chunks)
        {
            var used = (ulong)Bitmap.CountSet(chunk.Map) << MinAllocOrder;
            if (chunk.Avail != chunk.Size - used)
            {
                throw new KernelOopsException("a chunk's available bytes are its size less its allocated granules", $"chunk 0x{chunk.StartAddr:x}: avail {chunk.Avail}, size {chunk.Size}, allocated {used}");
            }

            if (Bitmap.FindNextBit(chunk.Map, chunk.Map.Length * 64L, chunk.Bits) < chunk.Map.Length * 64L)
            {
                throw new KernelOopsException("no bitmap bit is set past a chunk's last granule", $"chunk 0x{chunk.StartAddr:x}");
            }

            foreach (var other in _chunks)
            {
                if (other != chunk && chunk.StartAddr <= other.EndAddr && chunk.EndAddr >= other.StartAddr)
                {
                    throw new KernelOopsException("no two chunks of a pool overlap", $"0x{chunk.StartAddr:x} and 0x{other.StartAddr:x}");
                }
            }
        }
    }

    private bool TryAllocCore(ulong size, GenPoolAlgorithm algorithm, ulong align, out ulong addr)
    {
        addr = 0;
        var granule = 1UL << MinAllocOrder;
        if (size == 0 || size > ulong.MaxValue - (granule - 1))
        {
            return false;
        }

        var nbits = (long)((size + granule - 1) >> MinAllocOrder);
        foreach (var chunk in _chunks)
        {
            if (size > chunk.Avail)
            {
                continue;
            }

            var startBit = align != 0
                ? FirstFitAlign(chunk, nbits, align)
                : algorithm switch
                {
                    GenPoolAlgorithm.FirstFit => Bitmap.FindNextZeroArea(chunk.Map, chunk.Bits, 0, nbits),
                    GenPoolAlgorithm.FirstFitOrderAlign => Bitmap.FindNextZeroArea(chunk.Map, chunk.Bits, 0, nbits, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)nbits) - 1),
                    GenPoolAlgorithm.BestFit => BestFit(chunk, nbits),
                    _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown gen_pool algorithm"),
                };
            if (startBit < 0)
            {
                continue;
            }

            Bitmap.SetRange(chunk.Map, startBit, nbits);
            chunk.Avail -= (ulong)nbits << MinAllocOrder;
            addr = chunk.StartAddr + ((ulong)startBit << MinAllocOrder);
            return true;
        }

        return false;
    }

    private GenPoolChunk? ChunkContaining(ulong addr)
    {
        foreach (var chunk in _chunks)
        {
            if (chunk.Contains(addr))
            {
                return chunk;
            }
        }

        return null;
    }

    private long FirstFitAlign(GenPoolChunk chunk, long nbits, ulong align)
    {
        var granule = 1UL << MinAllocOrder;
        var alignMask = (long)((align + granule - 1) >> MinAllocOrder) - 1;
        var alignOffset = (long)((chunk.StartAddr & (align - 1)) >> MinAllocOrder);
        return Bitmap.FindNextZeroArea(chunk.Map, chunk.Bits, 0, nbits, alignMask, alignOffset);
    }

    // gen_pool_best_fit: walk every free run that fits and keep the shortest; an exact fit ends the walk.
    private static long BestFit(GenPoolChunk chunk, long nbits)
    {
        var bestStart = -1L;
        var bestLength = long.MaxValue;
        var index = Bitmap.FindNextZeroArea(chunk.Map, chunk.Bits, 0, nbits);
        while (index >= 0)
        {
            var nextSet = Bitmap.FindNextBit(chunk.Map, chunk.Bits, index + nbits);
            if (nextSet - index < bestLength)
            {
                bestLength = nextSet - index;
                bestStart = index;
                if (bestLength == nbits)
                {
                    break;
                }
            }

            index = Bitmap.FindNextZeroArea(chunk.Map, chunk.Bits, nextSet + 1, nbits);
        }

        return bestStart;
    }
}
