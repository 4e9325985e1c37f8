using Protmem.Kernel.Mm;

namespace Protmem.Kernel.Tests.Mm;

/// <summary>
/// A tiny owner of movable memory for tests: it keeps the content of its pages in a fake DRAM
/// (one 8-byte word per page frame) and, when told its block moved, copies the words to the new
/// frames and forgets the old ones, as the kernel's user-memory code copies pages and fixes mappings.
/// </summary>
internal sealed class RecordingOwner : IMovablePageOwner
{
    private readonly Dictionary<ulong, ulong> _dram = [];

    /// <summary>The head pfn and order of each block the owner holds now.</summary>
    public Dictionary<ulong, int> Blocks { get; } = [];

    /// <summary>Every move the allocator announced, in order.</summary>
    public List<(ulong OldPfn, ulong NewPfn, int Order)> Moves { get; } = [];

    /// <summary>Allocates a movable block from <paramref name="buddy"/> and fills it with a pattern derived from <paramref name="seed"/>.</summary>
    public ulong Allocate(BuddyAllocator buddy, int order, ulong seed)
    {
        var pfn = buddy.AllocPages(order, MigrateType.Movable, this);
        Blocks.Add(pfn, order);
        for (var i = 0UL; i < 1UL << order; i++)
        {
            _dram[pfn + i] = (seed << 16) | i;
        }

        return pfn;
    }

    /// <summary>The words of the block at <paramref name="pfn"/>, read from the fake DRAM.</summary>
    public ulong[] Read(ulong pfn) => [.. Enumerable.Range(0, 1 << Blocks[pfn]).Select(i => _dram[pfn + (ulong)i])];

    /// <summary>Frees every block back to <paramref name="buddy"/>.</summary>
    public void FreeAll(BuddyAllocator buddy)
    {
        foreach (var (pfn, order) in Blocks)
        {
            buddy.FreePages(pfn, order);
        }

        Blocks.Clear();
    }

    public void MigratePages(ulong oldPfn, ulong newPfn, int order)
    {
        Moves.Add((oldPfn, newPfn, order));
        Assert.Equal(order, Blocks[oldPfn]);
        Blocks.Remove(oldPfn);
        Blocks.Add(newPfn, order);
        for (var i = 0UL; i < 1UL << order; i++)
        {
            if (_dram.Remove(oldPfn + i, out var word))
            {
                _dram[newPfn + i] = word;
            }
        }
    }
}
