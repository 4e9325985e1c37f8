using FsCheck;
using FsCheck.Fluent;
using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;

namespace Protmem.Kernel.Tests.Mm;

public sealed class GenPoolTests
{
    private const ulong Base = 0x1_4000_0000;
    private const ulong Granule = 0x1000;

    /// <summary>A 16-granule pool with every granule allocated, then the given granules freed.</summary>
    private static GenPool PoolWithHoles(params int[] freeGranules)
    {
        var pool = new GenPool(12);
        pool.AddChunk(Base, 16 * Granule);
        for (var i = 0; i < 16; i++)
        {
            Assert.True(pool.TryAlloc(Granule, out var addr));
            Assert.Equal(Base + ((ulong)i * Granule), addr);
        }

        foreach (var granule in freeGranules)
        {
            pool.Free(Base + ((ulong)granule * Granule), Granule);
        }

        return pool;
    }

    [Fact]
    public void TryAlloc_SizeNotAGranuleMultiple_RoundsUpToWholeGranules()
    {
        var pool = new GenPool(12);
        pool.AddChunk(Base, 0x10000);

        Assert.True(pool.TryAlloc(100, out var first));
        Assert.True(pool.TryAlloc(0x1001, out var second));
        Assert.True(pool.TryAlloc(1, out var third));

        Assert.Equal(Base, first);
        Assert.Equal(Base + 0x1000, second);
        Assert.Equal(Base + 0x3000, third);
        Assert.Equal(0x10000UL - 0x4000, pool.Avail);
        Assert.Equal(0x10000UL, pool.Size);
        pool.AssertInvariants();
    }

    [Fact]
    public void TryAlloc_FragmentedPool_FirstFitOrderAlignAndBestFitChooseDifferentHoles()
    {
        // Free runs: granules 1-3 (three) and 8-9 (two).
        var pool = PoolWithHoles(1, 2, 3, 8, 9);

        Assert.True(pool.TryAlloc(2 * Granule, GenPoolAlgorithm.FirstFit, out var firstFit));
        pool.Free(firstFit, 2 * Granule);
        Assert.True(pool.TryAlloc(2 * Granule, GenPoolAlgorithm.FirstFitOrderAlign, out var orderAligned));
        pool.Free(orderAligned, 2 * Granule);
        Assert.True(pool.TryAlloc(2 * Granule, GenPoolAlgorithm.BestFit, out var bestFit));

        Assert.Equal(Base + (1 * Granule), firstFit);
        Assert.Equal(Base + (2 * Granule), orderAligned);
        Assert.Equal(Base + (8 * Granule), bestFit);
        pool.AssertInvariants();
    }

    [Fact]
    public void TryAlloc_BestFitWithAnExactHole_TakesTheExactHole()
    {
        var pool = PoolWithHoles(0, 1, 2, 6, 11, 12);
        pool.Algorithm = GenPoolAlgorithm.BestFit;

        Assert.True(pool.TryAlloc(Granule, out var single));
        Assert.True(pool.TryAlloc(Granule, out var next));

        Assert.Equal(Base + (6 * Granule), single);
        Assert.Equal(Base + (11 * Granule), next);
    }

    [Fact]
    public void TryAlloc_AlternateGranulesFree_FailsAlthoughHalfThePoolIsFree()
    {
        var pool = PoolWithHoles(0, 2, 4, 6, 8, 10, 12, 14);

        Assert.Equal(8 * Granule, pool.Avail);
        foreach (var algorithm in Enum.GetValues<GenPoolAlgorithm>())
        {
            Assert.False(pool.TryAlloc(2 * Granule, algorithm, out _));
        }

        Assert.True(pool.TryAlloc(Granule, out var single));
        Assert.Equal(Base, single);
        pool.AssertInvariants();
    }

    [Fact]
    public void TryAlloc_SeveralChunks_SearchesTheNewestFirst()
    {
        var pool = new GenPool(12);
        pool.AddChunk(Base, 2 * Granule);
        pool.AddChunk(Base + 0x100000, Granule);

        Assert.True(pool.TryAlloc(Granule, out var first));
        Assert.True(pool.TryAlloc(Granule, out var second));
        Assert.True(pool.TryAlloc(Granule, out var third));
        Assert.False(pool.TryAlloc(Granule, out _));

        Assert.Equal(Base + 0x100000, first);
        Assert.Equal(Base, second);
        Assert.Equal(Base + Granule, third);
        Assert.Equal(3 * Granule, pool.Size);
        Assert.Equal(0UL, pool.Avail);
    }

    [Fact]
    public void TryAlloc_ChunkWithAPartialTail_CountsItInAvailButCannotUseIt()
    {
        var pool = new GenPool(12);
        pool.AddChunk(Base, (2 * Granule) + 100);

        Assert.True(pool.TryAlloc(2 * Granule, out _));

        Assert.Equal(100UL, pool.Avail);
        Assert.False(pool.TryAlloc(1, out _));
        pool.AssertInvariants();
    }

    [Fact]
    public void TryAllocAligned_ByteAlignment_SkipsToTheAlignedGranule()
    {
        var pool = new GenPool(12);
        pool.AddChunk(Base + Granule, 32 * Granule);

        Assert.True(pool.TryAllocAligned(Granule, 0x4000, out var aligned));
        Assert.True(pool.TryAllocAligned(Granule, 0x4000, out var next));

        Assert.Equal(Base + 0x4000, aligned);
        Assert.Equal(Base + 0x8000, next);
    }

    [Fact]
    public void TryAlloc_ZeroOrTooLarge_ReturnsFalse()
    {
        var pool = new GenPool(12);
        pool.AddChunk(Base, 4 * Granule);

        Assert.False(pool.TryAlloc(0, out _));
        Assert.False(pool.TryAlloc((4 * Granule) + 1, out _));
        Assert.False(pool.TryAlloc(ulong.MaxValue, out _));
        Assert.Equal(4 * Granule, pool.Avail);
    }

    [Fact]
    public void Free_DoubleFree_Throws()
    {
        var pool = new GenPool(12);
        pool.AddChunk(Base, 4 * Granule);
        Assert.True(pool.TryAlloc(Granule, out var addr));
        pool.Free(addr, Granule);

        var error = Assert.Throws<KernelOopsException>(() => pool.Free(addr, Granule));

        Assert.Contains("double free", error.Invariant, StringComparison.Ordinal);
    }

    [Fact]
    public void Free_OutsideEveryChunkOrPastItsEndOrUnaligned_Throws()
    {
        var pool = new GenPool(12);
        pool.AddChunk(Base, 4 * Granule);
        Assert.True(pool.TryAlloc(4 * Granule, out _));

        Assert.Throws<KernelOopsException>(() => pool.Free(Base - Granule, Granule));
        Assert.Throws<KernelOopsException>(() => pool.Free(Base + (3 * Granule), 2 * Granule));
        Assert.Throws<KernelOopsException>(() => pool.Free(Base + 8, Granule));
        Assert.Equal(0UL, pool.Avail);
    }

    [Fact]
    public void Destroy_SomethingStillAllocated_ThrowsAndAfterFreeEmptiesThePool()
    {
        var pool = new GenPool(12);
        pool.AddChunk(Base, 4 * Granule);
        Assert.True(pool.TryAlloc(Granule, out var addr));

        Assert.Throws<KernelOopsException>(pool.Destroy);
        pool.Free(addr, Granule);
        pool.Destroy();

        Assert.Equal(0UL, pool.Size);
        Assert.False(pool.TryAlloc(Granule, out _));
    }

    [Fact]
    public void AddChunk_OverlappingOrEmpty_Throws()
    {
        var pool = new GenPool(12);
        pool.AddChunk(Base, 4 * Granule);

        Assert.Throws<ArgumentException>(() => pool.AddChunk(Base + Granule, Granule));
        Assert.Throws<ArgumentException>(() => pool.AddChunk(Base + 0x100000, 0));
        Assert.True(pool.HasAddr(Base + Granule, Granule));
        Assert.False(pool.HasAddr(Base + (3 * Granule), 2 * Granule));
    }

    [Fact]
    public void RandomAllocFree_AgainstAReferenceModel_NeverOverlapsAndFreesBackToFull()
    {
        var operation = from alloc in Gen.Choose(0, 2)
                        from size in Gen.Choose(1, 6 * (int)Granule)
                        from algorithm in Gen.Choose(0, 2)
                        from pick in Gen.Choose(0, 1 << 20)
                        select (Alloc: alloc != 0, Size: (ulong)size, Algorithm: (GenPoolAlgorithm)algorithm, Pick: pick);

        Prop.ForAll(Gen.ArrayOf(operation).ToArbitrary(), operations =>
        {
            var pool = new GenPool(12);
            pool.AddChunk(Base, 24 * Granule);
            pool.AddChunk(Base + 0x100000, (8 * Granule) + 512);
            var held = new List<(ulong Addr, ulong Size)>();
            var granules = new HashSet<ulong>();
            foreach (var op in operations)
            {
                if (op.Alloc && pool.TryAlloc(op.Size, op.Algorithm, out var addr))
                {
                    Assert.True(pool.HasAddr(addr, op.Size));
                    for (var g = addr / Granule; g <= (addr + op.Size - 1) / Granule; g++)
                    {
                        Assert.True(granules.Add(g), $"granule 0x{g:x} handed out twice");
                    }

                    held.Add((addr, op.Size));
                }
                else if (!op.Alloc && held.Count > 0)
                {
                    var block = held[op.Pick % held.Count];
                    held.Remove(block);
                    pool.Free(block.Addr, block.Size);
                    granules.RemoveWhere(g => g >= block.Addr / Granule && g <= (block.Addr + block.Size - 1) / Granule);
                }

                pool.AssertInvariants();
                Assert.Equal(pool.Size - ((ulong)granules.Count * Granule), pool.Avail);
            }

            held.ForEach(block => pool.Free(block.Addr, block.Size));
            Assert.Equal(pool.Size, pool.Avail);
        }).Check(MmProperties.Seeded(150, 0x9e11));
    }
}
