using System.Numerics;
using Protmem.Kernel.Core;

namespace Protmem.Kernel.Mm;

/// <summary>
/// One free list of the buddy allocator (<c>free_area[order].free_list[migratetype]</c>), kept as a
/// bitmap of block numbers (page index &gt;&gt; order) with summary levels above it, so that adding,
/// removing and testing a block are O(1) and finding the lowest free block is a few word reads.
/// Two bits per page over all orders: a 16 GiB bank costs about a megabyte per migratetype.
/// </summary>
internal sealed class FreeArea
{
    // _levels[0] holds one bit per block; _levels[i + 1] holds one bit per non-zero word of _levels[i];
    // the last level is a single word.
    private readonly ulong[][] _levels;

    public FreeArea(int blocks)
    {
        var levels = new List<ulong[]>();
        var bits = Math.Max(blocks, 1);
        do
        {
            var words = (bits + 63) >> 6;
            levels.Add(new ulong[words]);
            bits = words;
        }
        while (bits > 1);
        _levels = [.. levels];
        Capacity = blocks;
    }

    /// <summary>Number of blocks this list can index.</summary>
    public int Capacity { get; }

    /// <summary>Number of free blocks on the list (<c>nr_free</c>).</summary>
    public int Count { get; private set; }

    public bool Contains(int block) => (_levels[0][block >> 6] & (1UL << block)) != 0;

    public void Add(int block)
    {
        var level0 = _levels[0];
        var old = level0[block >> 6];
        var bit = 1UL << block;
        if ((old & bit) != 0)
        {
            throw new KernelOopsException("a free block is on its free list once", $"block {block} added twice");
        }

        level0[block >> 6] = old | bit;
        Count++;
        if (old != 0)
        {
            return;
        }

        var index = block >> 6;
        for (var level = 1; level < _levels.Length; level++)
        {
            ref var word = ref _levels[level][index >> 6];
            var before = word;
            word = before | (1UL << index);
            if (before != 0)
            {
                return;
            }

            index >>= 6;
        }
    }

    public void Remove(int block)
    {
        var level0 = _levels[0];
        var old = level0[block >> 6];
        var bit = 1UL << block;
        if ((old & bit) == 0)
        {
            throw new KernelOopsException("only a block on a free list is taken off it", $"block {block} is not on the list");
        }

        var now = old & ~bit;
        level0[block >> 6] = now;
        Count--;
        if (now != 0)
        {
            return;
        }

        var index = block >> 6;
        for (var level = 1; level < _levels.Length; level++)
        {
            ref var word = ref _levels[level][index >> 6];
            word &= ~(1UL << index);
            if (word != 0)
            {
                return;
            }

            index >>= 6;
        }
    }

    /// <summary>The lowest free block, or -1 when the list is empty.</summary>
    public int First()
    {
        if (Count == 0)
        {
            return -1;
        }

        var index = 0;
        for (var level = _levels.Length - 1; level >= 0; level--)
        {
            index = (index << 6) | BitOperations.TrailingZeroCount(_levels[level][index]);
        }

        return index;
    }

    /// <summary>The lowest free block at or after <paramref name="start"/>, or -1.</summary>
    public int NextAtOrAfter(int start)
    {
        var level0 = _levels[0];
        if (start < 0 || start >= Capacity)
        {
            return -1;
        }

        var wordIndex = start >> 6;
        var word = level0[wordIndex] & (~0UL << start);
        while (word == 0)
        {
            if (++wordIndex >= level0.Length)
            {
                return -1;
            }

            word = level0[wordIndex];
        }

        var found = (wordIndex << 6) | BitOperations.TrailingZeroCount(word);
        return found < Capacity ? found : -1;
    }

    /// <summary>Checks that every summary bit says exactly whether the word below it is non-zero, and the count.</summary>
    public void AssertConsistent(string name)
    {
        long bits = 0;
        foreach (var word in _levels[0])
        {
            bits += BitOperations.PopCount(word);
        }

        if (bits != Count)
        {
            throw new KernelOopsException("a free list's count equals the blocks on it", $"{name}: count {Count}, blocks {bits}");
        }

        for (var level = 1; level < _levels.Length; level++)
        {
            var below = _levels[level - 1];
            var above = _levels[level];
            for (var i = 0; i < below.Length; i++)
            {
                var summary = (above[i >> 6] & (1UL << i)) != 0;
                if (summary != (below[i] != 0))
                {
                    throw new KernelOopsException("a free list's summary bit is set exactly when the word below holds a block", $"{name}: level {level}, word {i}");
                }
            }
        }
    }
}
