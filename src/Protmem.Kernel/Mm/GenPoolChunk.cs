namespace Protmem.Kernel.Mm;

/// <summary>One range added to a <see cref="GenPool"/> (<c>struct gen_pool_chunk</c>): a bitmap with one bit per granule.</summary>
internal sealed class GenPoolChunk
{
    public GenPoolChunk(ulong startAddr, ulong size, int order)
    {
        StartAddr = startAddr;
        EndAddr = startAddr + size - 1;
        Avail = size;
        Bits = (long)(size >> order);
        Map = new ulong[Bitmap.WordsFor(Bits)];
    }

    /// <summary>First byte address of the chunk.</summary>
    public ulong StartAddr { get; }

    /// <summary>Last byte address of the chunk (inclusive, as <c>end_addr</c>).</summary>
    public ulong EndAddr { get; }

    /// <summary>Bytes not allocated: starts at the chunk size, which may include a tail too small for a granule, as Linux counts it.</summary>
    public ulong Avail { get; set; }

    /// <summary>Granules the bitmap covers (size &gt;&gt; min_alloc_order).</summary>
    public long Bits { get; }

    public ulong[] Map { get; }

    public ulong Size => EndAddr - StartAddr + 1;

    public bool Contains(ulong addr) => addr >= StartAddr && addr <= EndAddr;
}
