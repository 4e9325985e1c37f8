using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;

namespace Protmem.Kernel.Tests.Mm;

public sealed class PerCpuPagesTests
{
    private const ulong Base = 0x40000;

    [Fact]
    public void Constructor_OneGibibyte_UsesLinuxBatchOf63()
    {
        var buddy = new BuddyAllocator([new PfnRange(Base, 262144)]);

        Assert.Equal(63, buddy.PcpBatch);
        Assert.Equal(6 * 63, buddy.PcpHigh);
    }

    [Fact]
    public void AllocPages_FirstOrder0_RefillsOneBatchFromTheBuddyLists()
    {
        var buddy = new BuddyAllocator([new PfnRange(Base, 262144)]);

        var pfn = buddy.AllocPages(0, MigrateType.Unmovable);

        Assert.Equal(Base, pfn);
        Assert.Equal(62UL, buddy.PcpPages);
        Assert.Equal(262144UL - 63, buddy.NrFreePages);
        Assert.Equal(Base + 1, buddy.AllocPages(0, MigrateType.Unmovable));
        buddy.AssertInvariants();
    }

    [Fact]
    public void FreePages_Order0_WaitsOnTheListAndIsHandedOutHotFirst()
    {
        var buddy = new BuddyAllocator([new PfnRange(Base, 262144)]);
        var a = buddy.AllocPages(0, MigrateType.Unmovable);
        var b = buddy.AllocPages(0, MigrateType.Unmovable);

        buddy.FreePages(a, 0);

        Assert.True(buddy.IsPageFree(a));
        Assert.Equal(62UL, buddy.PcpPages);
        Assert.Equal(a, buddy.AllocPages(0, MigrateType.Unmovable));
        buddy.FreePages(a, 0);
        buddy.FreePages(b, 0);
        buddy.DrainAllPages();
        Assert.Equal(buddy.BootBuddyInfo, buddy.GetBuddyInfo());
        buddy.AssertInvariants();
    }

    [Fact]
    public void FreePages_ListReachesHigh_ReturnsOneBatchToTheBuddyLists()
    {
        var buddy = new BuddyAllocator([new PfnRange(Base, 262144)]);
        var pages = Enumerable.Range(0, buddy.PcpHigh + 10).Select(_ => buddy.AllocPages(0, MigrateType.Unmovable)).ToList();

        foreach (var pfn in pages)
        {
            buddy.FreePages(pfn, 0);
            Assert.True(buddy.PcpPages < (ulong)buddy.PcpHigh);
        }

        buddy.AssertInvariants();
        buddy.DrainAllPages();
        Assert.Equal(0UL, buddy.PcpPages);
        Assert.Equal(buddy.TotalPages, buddy.NrFreePages);
    }

    [Fact]
    public void FreePages_DoubleFreeOfAPageOnTheList_Throws()
    {
        var buddy = new BuddyAllocator([new PfnRange(Base, 4096)]);
        var pfn = buddy.AllocPages(0, MigrateType.Unmovable);
        buddy.FreePages(pfn, 0);

        var error = Assert.Throws<KernelOopsException>(() => buddy.FreePages(pfn, 0));

        Assert.Contains("double free", error.Invariant, StringComparison.Ordinal);
    }

    [Fact]
    public void TryAllocPages_FreePagesOnlyOnTheOtherList_DrainsAndSucceeds()
    {
        var buddy = new BuddyAllocator([new PfnRange(Base, 1024)]);
        var pages = new List<ulong>();
        while (buddy.TryAllocPages(0, MigrateType.Unmovable, null, out var pfn))
        {
            pages.Add(pfn);
        }

        Assert.Equal(1024, pages.Count);
        buddy.FreePages(pages[0], 0);
        buddy.FreePages(pages[1], 0);
        Assert.Equal(2UL, buddy.PcpPages);

        // The freed pages wait on the unmovable list; a movable order-1 request needs them merged.
        Assert.True(buddy.TryAllocPages(1, MigrateType.Movable, new RecordingOwner(), out var two));

        Assert.Equal(pages[0], two);
        Assert.Equal(0UL, buddy.PcpPages);
        buddy.AssertInvariants();
    }
}
