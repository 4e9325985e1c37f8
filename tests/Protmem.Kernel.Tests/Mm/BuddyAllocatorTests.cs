using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;

namespace Protmem.Kernel.Tests.Mm;

public sealed class BuddyAllocatorTests
{
    private const ulong Base = 0x80000;

    private static BuddyAllocator Exact(ulong start = Base, ulong count = 1024) =>
        new([new PfnRange(start, count)], perCpuPages: false);

    [Fact]
    public void Constructor_AlignedBank_BootsAsMaxOrderBlocks()
    {
        var buddy = Exact(count: 4096);

        Assert.Equal(new ulong[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4 }, buddy.GetBuddyInfo());
        Assert.Equal(4096UL, buddy.NrFreePages);
        Assert.Equal(MigrateType.Movable, buddy.GetPageblockMigratetype(Base));
        buddy.AssertInvariants();
    }

    [Fact]
    public void Constructor_UnalignedBank_FreesMaximalAlignedBlocks()
    {
        // 0x80003..0x80400 is 1 + 4 + 8 + ... + 512 pages; the 479 after it are 256 + 128 + 64 + 16 + 8 + 4 + 2 + 1.
        var buddy = Exact(Base + 3, 1500);

        Assert.Equal(new ulong[] { 2, 1, 2, 2, 2, 1, 2, 2, 2, 1, 0 }, buddy.GetBuddyInfo());
        Assert.Equal(1500UL, buddy.NrFreePages);
        buddy.AssertInvariants();
    }

    [Fact]
    public void Constructor_TouchingBanks_MergeAcrossTheSeam()
    {
        var buddy = new BuddyAllocator([new PfnRange(Base + 512, 512), new PfnRange(Base, 512)], perCpuPages: false);

        Assert.Equal(new ulong[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, buddy.GetBuddyInfo());
        Assert.Single(buddy.Banks);
    }

    [Fact]
    public void Constructor_OverlappingBanks_Throws()
    {
        Assert.Throws<ArgumentException>(() => new BuddyAllocator([new PfnRange(Base, 1024), new PfnRange(Base + 1000, 100)]));
    }

    [Fact]
    public void AllocPages_SplitSequence_LeavesExpectedBuddyInfo()
    {
        var buddy = Exact();

        var first = buddy.AllocPages(0, MigrateType.Unmovable);
        Assert.Equal(Base, first);
        Assert.Equal(new ulong[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 }, buddy.GetBuddyInfo());

        var second = buddy.AllocPages(0, MigrateType.Unmovable);
        Assert.Equal(Base + 1, second);
        Assert.Equal(new ulong[] { 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 }, buddy.GetBuddyInfo());

        var four = buddy.AllocPages(2, MigrateType.Unmovable);
        Assert.Equal(Base + 4, four);
        Assert.Equal(new ulong[] { 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0 }, buddy.GetBuddyInfo());

        var two = buddy.AllocPages(1, MigrateType.Unmovable);
        Assert.Equal(Base + 2, two);
        Assert.Equal(new ulong[] { 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0 }, buddy.GetBuddyInfo());
        Assert.Equal(1024UL - 8, buddy.NrFreePages);
        buddy.AssertInvariants();
    }

    [Fact]
    public void FreePages_BuddiesFreedInAnyOrder_MergeBackToBootState()
    {
        var buddy = Exact();
        var boot = buddy.GetBuddyInfo();
        var first = buddy.AllocPages(0, MigrateType.Unmovable);
        var second = buddy.AllocPages(0, MigrateType.Unmovable);
        var four = buddy.AllocPages(2, MigrateType.Unmovable);
        var two = buddy.AllocPages(1, MigrateType.Unmovable);

        buddy.FreePages(four, 2);
        Assert.Equal(new ulong[] { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0 }, buddy.GetBuddyInfo());
        buddy.FreePages(first, 0);
        Assert.Equal(new ulong[] { 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0 }, buddy.GetBuddyInfo());
        buddy.FreePages(two, 1);
        Assert.Equal(new ulong[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 }, buddy.GetBuddyInfo());
        buddy.FreePages(second, 0);

        Assert.Equal(boot, buddy.GetBuddyInfo());
        Assert.Equal(buddy.TotalPages, buddy.NrFreePages);
        buddy.AssertInvariants();
    }

    [Fact]
    public void TryAllocPages_Exhausted_ReturnsFalseAndFreeingAllRestoresBoot()
    {
        var buddy = Exact(count: 64);
        var pages = new List<ulong>();
        while (buddy.TryAllocPages(0, MigrateType.Unmovable, null, out var pfn))
        {
            pages.Add(pfn);
        }

        Assert.Equal(64, pages.Count);
        Assert.Equal(64, pages.Distinct().Count());
        Assert.Equal(0UL, buddy.NrFreePages);
        Assert.False(buddy.TryAllocPages(0, MigrateType.Movable, new RecordingOwner(), out _));

        foreach (var pfn in pages)
        {
            buddy.FreePages(pfn, 0);
        }

        Assert.Equal(buddy.BootBuddyInfo, buddy.GetBuddyInfo());
        buddy.AssertInvariants();
    }

    [Fact]
    public void TryAllocPages_OrderLargerThanAnyFreeBlock_ReturnsFalse()
    {
        var buddy = Exact(Base + 3, 1500);

        Assert.False(buddy.TryAllocPages(10, MigrateType.Unmovable, null, out _));
        Assert.True(buddy.TryAllocPages(9, MigrateType.Unmovable, null, out var pfn));
        Assert.Equal(Base + 0x200, pfn);
    }

    [Fact]
    public void FreePages_DoubleFree_ThrowsNamingIt()
    {
        var buddy = Exact();
        var pfn = buddy.AllocPages(3, MigrateType.Unmovable);
        buddy.FreePages(pfn, 3);

        var error = Assert.Throws<KernelOopsException>(() => buddy.FreePages(pfn, 3));

        Assert.Contains("double free", error.Invariant, StringComparison.Ordinal);
    }

    [Fact]
    public void FreePages_NeverAllocated_ThrowsNamingIt()
    {
        var buddy = Exact();

        var error = Assert.Throws<KernelOopsException>(() => buddy.FreePages(Base + 8, 3));

        Assert.Contains("never allocated", error.Invariant, StringComparison.Ordinal);
    }

    [Fact]
    public void FreePages_WrongOrder_ThrowsNamingIt()
    {
        var buddy = Exact();
        var pfn = buddy.AllocPages(2, MigrateType.Unmovable);

        var error = Assert.Throws<KernelOopsException>(() => buddy.FreePages(pfn, 1));

        Assert.Contains("order it was allocated at", error.Invariant, StringComparison.Ordinal);
        buddy.FreePages(pfn, 2);
        buddy.AssertInvariants();
    }

    [Fact]
    public void FreePages_InsideAnAllocatedBlock_Throws()
    {
        var buddy = Exact();
        var pfn = buddy.AllocPages(2, MigrateType.Unmovable);

        var error = Assert.Throws<KernelOopsException>(() => buddy.FreePages(pfn + 1, 0));

        Assert.Contains("first page of an allocated block", error.Invariant, StringComparison.Ordinal);
    }

    [Fact]
    public void FreePages_PfnOutsideEveryBank_Throws()
    {
        var buddy = Exact();

        Assert.Throws<KernelOopsException>(() => buddy.FreePages(Base - 1, 0));
    }

    [Fact]
    public void AllocPages_UnmovableOnMovableBoot_ClaimsWholePageblocks()
    {
        var buddy = Exact(count: 2048);

        var pfn = buddy.AllocPages(0, MigrateType.Unmovable);

        Assert.Equal(MigrateType.Unmovable, buddy.GetPageblockMigratetype(pfn));
        Assert.Equal(MigrateType.Unmovable, buddy.GetPageblockMigratetype(pfn + 512));
        Assert.Equal(MigrateType.Movable, buddy.GetPageblockMigratetype(pfn + 1024));
        Assert.Equal(1UL, buddy.FreeBlockCount(10, MigrateType.Movable));
        Assert.Equal(1UL, buddy.FreeBlockCount(9, MigrateType.Unmovable));
        buddy.AssertInvariants();
    }

    [Fact]
    public void AllocPages_MovableAfterUnmovable_StaysInMovablePageblocks()
    {
        var buddy = Exact(count: 2048);
        var unmovable = buddy.AllocPages(0, MigrateType.Unmovable);

        var movable = buddy.AllocPages(0, MigrateType.Movable, new RecordingOwner());

        Assert.Equal(Base, unmovable);
        Assert.Equal(Base + 1024, movable);
        buddy.AssertInvariants();
    }

    [Fact]
    public void AllocPages_BadRequest_ThrowsArgumentErrors()
    {
        var buddy = Exact();

        Assert.Throws<ArgumentOutOfRangeException>(() => buddy.AllocPages(11, MigrateType.Unmovable));
        Assert.Throws<ArgumentNullException>(() => buddy.AllocPages(0, MigrateType.Movable));
        Assert.Throws<ArgumentException>(() => buddy.AllocPages(0, MigrateType.Unmovable, new RecordingOwner()));
        Assert.Throws<ArgumentOutOfRangeException>(() => buddy.AllocPages(0, MigrateType.Cma));
    }

    [Fact]
    public void PinPages_PinnedBlock_CannotBeFreedUntilUnpinned()
    {
        var buddy = Exact();
        var pfn = buddy.AllocPages(1, MigrateType.Movable, new RecordingOwner());
        buddy.PinPages(pfn + 1);

        Assert.Throws<KernelOopsException>(() => buddy.FreePages(pfn, 1));
        buddy.UnpinPages(pfn);
        buddy.FreePages(pfn, 1);

        Assert.Equal(buddy.BootBuddyInfo, buddy.GetBuddyInfo());
    }

    [Fact]
    public void PinPages_UnmovableOrUnpinnedMisuse_Throws()
    {
        var buddy = Exact();
        var unmovable = buddy.AllocPages(0, MigrateType.Unmovable);
        var movable = buddy.AllocPages(0, MigrateType.Movable, new RecordingOwner());

        Assert.Throws<KernelOopsException>(() => buddy.PinPages(unmovable));
        Assert.Throws<KernelOopsException>(() => buddy.UnpinPages(movable));
    }
}
