using BenchmarkDotNet.Attributes;
using Protmem.Kernel.Mm;

namespace Protmem.Benchmarks;

/// <summary>
/// Speed of the mm allocators themselves (host time, not simulated time). Each benchmark runs
/// <see cref="Pairs"/> allocate+free pairs per invocation, so the reported time is per pair.
/// The kernel must later sustain 500,000 system-heap 4 KiB allocate+close pairs per second;
/// the order-0 buddy path is one small part of that and must stay far below 2 µs.
/// </summary>
[MemoryDiagnoser]
public class MmBenchmarks
{
    private const int Pairs = 4096;
    private const ulong PoolBase = 0x1_0000_0000;

    private BuddyAllocator _buddy = null!;
    private BuddyAllocator _buddyWithoutPcp = null!;
    private GenPool _pool = null!;
    private GenPool _fragmentedPool = null!;

    [GlobalSetup]
    public void Setup()
    {
        // 1 GiB of RAM at 1 GiB, as a small board's single bank.
        _buddy = new BuddyAllocator([new PfnRange(0x40000, 262144)]);
        _buddyWithoutPcp = new BuddyAllocator([new PfnRange(0x40000, 262144)], perCpuPages: false);

        // A 256 MiB carveout with 4 KiB granules, as a protected-memory pool.
        _pool = new GenPool(12);
        _pool.AddChunk(PoolBase, 256UL << 20);

        // The same pool with its first 32 MiB holding every other granule: first fit scans 4096 holes.
        _fragmentedPool = new GenPool(12);
        _fragmentedPool.AddChunk(PoolBase, 256UL << 20);
        for (var i = 0; i < 8192; i++)
        {
            _fragmentedPool.TryAlloc(4096, out _);
        }

        for (var i = 0; i < 8192; i += 2)
        {
            _fragmentedPool.Free(PoolBase + ((ulong)i * 4096), 4096);
        }
    }

    /// <summary>alloc_pages(order 0) + __free_pages through the per-cpu lists, Linux's hot path.</summary>
    [Benchmark(OperationsPerInvoke = Pairs)]
    public ulong BuddyOrder0AllocFreePair() => AllocFreePairs(_buddy, 0);

    /// <summary>The same pairs with the per-cpu lists off: every pair splits and re-merges a 4 MiB block.</summary>
    [Benchmark(OperationsPerInvoke = Pairs)]
    public ulong BuddyOrder0AllocFreePairWithoutPcp() => AllocFreePairs(_buddyWithoutPcp, 0);

    /// <summary>Order-8 (1 MiB) pairs, the system heap's largest chunk.</summary>
    [Benchmark(OperationsPerInvoke = Pairs)]
    public ulong BuddyOrder8AllocFreePair() => AllocFreePairs(_buddy, 8);

    /// <summary>gen_pool_alloc + gen_pool_free of 64 KiB in an empty pool (first fit).</summary>
    [Benchmark(OperationsPerInvoke = Pairs)]
    public ulong GenPoolAllocFreePair() => PoolPairs(_pool, 64 * 1024);

    /// <summary>gen_pool_alloc + gen_pool_free of 8 KiB where first fit must scan past 4096 one-granule holes.</summary>
    [Benchmark(OperationsPerInvoke = Pairs)]
    public ulong GenPoolFragmentedAllocFreePair() => PoolPairs(_fragmentedPool, 8 * 1024);

    private static ulong AllocFreePairs(BuddyAllocator buddy, int order)
    {
        ulong sum = 0;
        for (var i = 0; i < Pairs; i++)
        {
            buddy.TryAllocPages(order, MigrateType.Unmovable, null, out var pfn);
            buddy.FreePages(pfn, order);
            sum += pfn;
        }

        return sum;
    }

    private static ulong PoolPairs(GenPool pool, ulong size)
    {
        ulong sum = 0;
        for (var i = 0; i < Pairs; i++)
        {
            pool.TryAlloc(size, out var addr);
            pool.Free(addr, size);
            sum += addr;
        }

        return sum;
    }
}
