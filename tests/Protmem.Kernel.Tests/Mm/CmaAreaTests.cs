using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;

namespace Protmem.Kernel.Tests.Mm;

public sealed class CmaAreaTests
{
    private const ulong Base = 0x80000;
    private const ulong CmaBase = Base + 4096;

    private readonly BuddyAllocator _buddy = new([new PfnRange(Base, 8192)], perCpuPages: false);
    private readonly CmaArea _cma;

    public CmaAreaTests()
    {
        _cma = new CmaArea(_buddy, "linux,cma", new PfnRange(CmaBase, 2048));
    }

    [Fact]
    public void Constructor_ReservedRange_BecomesCmaFreePages()
    {
        Assert.Equal(MigrateType.Cma, _buddy.GetPageblockMigratetype(CmaBase));
        Assert.Equal(MigrateType.Movable, _buddy.GetPageblockMigratetype(CmaBase - 1));
        Assert.Equal(2048UL, _buddy.NrFreeCmaPages);
        Assert.Equal(2048UL, _buddy.TotalCmaPages);
        Assert.Equal(2UL, _buddy.FreeBlockCount(10, MigrateType.Cma));
        Assert.Equal(2048UL, _cma.AvailablePages);
        _buddy.AssertInvariants();
        _cma.AssertInvariants();
    }

    [Fact]
    public void Constructor_RangeNotPageblockAligned_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CmaArea(_buddy, "bad", new PfnRange(Base + 100, 512)));
    }

    [Fact]
    public void Constructor_RangeOverlappingAnotherArea_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CmaArea(_buddy, "again", new PfnRange(CmaBase + 512, 512)));
    }

    [Fact]
    public void AllocPages_Unmovable_NeverUsesCmaPages()
    {
        for (var i = 0; i < 6; i++)
        {
            Assert.True(_buddy.TryAllocPages(10, MigrateType.Unmovable, null, out var pfn));
            Assert.NotEqual(MigrateType.Cma, _buddy.GetPageblockMigratetype(pfn));
        }

        Assert.False(_buddy.TryAllocPages(0, MigrateType.Unmovable, null, out _));
        Assert.Equal(2048UL, _buddy.NrFreePages);
    }

    [Fact]
    public void AllocPages_MovableWithNormalMemoryExhausted_SitsInCma()
    {
        FillNormalMemory();
        var owner = new RecordingOwner();

        var pfn = owner.Allocate(_buddy, 3, seed: 1);

        Assert.Equal(CmaBase, pfn);
        Assert.Equal(2048UL - 8, _buddy.NrFreeCmaPages);
        _buddy.AssertInvariants();
    }

    [Fact]
    public void AllocPages_MovableWhenCmaHoldsMostFreeMemory_UsesCmaFirst()
    {
        var buddy = new BuddyAllocator([new PfnRange(Base, 8192)], perCpuPages: false);
        _ = new CmaArea(buddy, "big", new PfnRange(Base + 2048, 6144));

        var movable = new RecordingOwner().Allocate(buddy, 0, seed: 1);
        var unmovable = buddy.AllocPages(0, MigrateType.Unmovable);

        Assert.Equal(Base + 2048, movable);
        Assert.Equal(Base, unmovable);
    }

    [Fact]
    public void Alloc_AllPagesFree_ClaimsWithoutMigration()
    {
        var result = _cma.Alloc(512, 9);

        Assert.True(result.Succeeded);
        Assert.Equal(CmaBase, result.Pfn);
        Assert.Equal(512UL, result.Count);
        Assert.Equal(0UL, result.MigratedPages);
        Assert.Equal(1, result.RangesTried);
        Assert.False(_buddy.IsPageFree(CmaBase));
        Assert.False(_buddy.IsPageFree(CmaBase + 511));
        Assert.True(_buddy.IsPageFree(CmaBase + 512));
        Assert.Equal(1536UL, _buddy.NrFreeCmaPages);
        Assert.Equal(1536UL, _cma.AvailablePages);
        _buddy.AssertInvariants();
        _cma.AssertInvariants();
    }

    [Fact]
    public void Release_AllocatedRange_ReturnsCmaFreePagesAndBootState()
    {
        var boot = _buddy.GetBuddyInfo();
        var result = _cma.Alloc(300, 0);

        Assert.True(_cma.Release(result.Pfn, result.Count));

        Assert.Equal(boot, _buddy.GetBuddyInfo());
        Assert.Equal(2048UL, _buddy.NrFreeCmaPages);
        Assert.Equal(2048UL, _cma.AvailablePages);
        _buddy.AssertInvariants();
        _cma.AssertInvariants();
    }

    [Fact]
    public void Alloc_MovablePagesInRange_MigratesThemAndKeepsTheirContent()
    {
        FillNormalMemory();
        var owner = new RecordingOwner();
        var first = owner.Allocate(_buddy, 2, seed: 7);
        var second = owner.Allocate(_buddy, 0, seed: 8);
        var before = (owner.Read(first), owner.Read(second));

        var result = _cma.Alloc(512, 9);

        Assert.True(result.Succeeded);
        Assert.Equal(CmaBase, result.Pfn);
        Assert.Equal(5UL, result.MigratedPages);
        Assert.Equal([(first, first + 512, 2), (second, first + 516, 0)], owner.Moves);
        Assert.Equal(before.Item1, owner.Read(first + 512));
        Assert.Equal(before.Item2, owner.Read(first + 516));
        _buddy.AssertInvariants();
        _cma.AssertInvariants();

        owner.FreeAll(_buddy);
        Assert.True(_cma.Release(result.Pfn, 512));
        Assert.Equal(2048UL, _buddy.NrFreeCmaPages);
        _buddy.AssertInvariants();
    }

    [Fact]
    public void Alloc_PinnedPageInFirstRange_TakesTheNextAlignedRange()
    {
        FillNormalMemory();
        var owner = new RecordingOwner();
        var pinned = owner.Allocate(_buddy, 0, seed: 1);
        _buddy.PinPages(pinned);

        var result = _cma.Alloc(256, 8);

        Assert.True(result.Succeeded);
        Assert.Equal(CmaBase + 256, result.Pfn);
        Assert.Equal(2, result.RangesTried);
        Assert.Equal(1, result.BusyRanges);
        Assert.Empty(owner.Moves);
        Assert.Equal(pinned, Assert.Single(owner.Blocks).Key);
        _buddy.AssertInvariants();
        _cma.AssertInvariants();
    }

    [Fact]
    public void Alloc_EveryRangeHoldsAPinnedPage_FailsBusyAndChangesNothing()
    {
        FillNormalMemory();
        var owner = new RecordingOwner();
        var blocks = Enumerable.Range(0, 8).Select(i => owner.Allocate(_buddy, 8, seed: (ulong)i)).ToList();
        foreach (var pfn in blocks)
        {
            _buddy.PinPages(pfn);
        }

        var result = _cma.Alloc(256, 8);

        Assert.Equal(CmaAllocStatus.Busy, result.Status);
        Assert.False(result.Succeeded);
        Assert.Equal(8, result.BusyRanges);
        Assert.Equal(2048UL, _cma.AvailablePages);
        Assert.Empty(owner.Moves);
        _buddy.AssertInvariants();
        _cma.AssertInvariants();
    }

    [Fact]
    public void Alloc_NoFreePageToMigrateInto_FailsNoMemoryAndGivesTheRangeBack()
    {
        FillNormalMemory();
        var owner = new RecordingOwner();
        for (var i = 0; i < 2; i++)
        {
            owner.Allocate(_buddy, 10, seed: (ulong)i);
        }

        var result = _cma.Alloc(512, 9);

        Assert.Equal(CmaAllocStatus.NoMemory, result.Status);
        Assert.Equal(0UL, result.MigratedPages);
        Assert.Equal(2048UL, _cma.AvailablePages);
        Assert.Equal(0UL, _buddy.NrFreePages);
        _buddy.AssertInvariants();
        _cma.AssertInvariants();
    }

    [Fact]
    public void Alloc_MoreThanTheArea_FailsNoSpace()
    {
        Assert.Equal(CmaAllocStatus.NoSpace, _cma.Alloc(2049, 0).Status);
        Assert.Equal(CmaAllocStatus.NoSpace, _cma.Alloc(0, 0).Status);
    }

    [Fact]
    public void Alloc_Alignment_RoundsTheStartUp()
    {
        var one = _cma.Alloc(1, 0);
        var aligned = _cma.Alloc(16, 4);

        Assert.Equal(CmaBase, one.Pfn);
        Assert.Equal(CmaBase + 16, aligned.Pfn);
    }

    [Fact]
    public void Alloc_OrderPerBit_MarksWholeBitsButTakesOnlyTheCount()
    {
        var buddy = new BuddyAllocator([new PfnRange(Base, 4096)], perCpuPages: false);
        var cma = new CmaArea(buddy, "coarse", new PfnRange(Base + 1024, 1024), orderPerBit: 2);

        var result = cma.Alloc(3, 0);

        Assert.Equal(Base + 1024, result.Pfn);
        Assert.Equal(1020UL, cma.AvailablePages);
        Assert.True(buddy.IsPageFree(Base + 1027));
        Assert.True(cma.Release(result.Pfn, 3));
        Assert.Equal(1024UL, cma.AvailablePages);
        buddy.AssertInvariants();
    }

    [Fact]
    public void Release_PagesOutsideTheArea_ReturnsFalse()
    {
        Assert.False(_cma.Release(Base, 1));
    }

    [Fact]
    public void Release_PagesNeverAllocated_Throws()
    {
        Assert.Throws<KernelOopsException>(() => _cma.Release(CmaBase, 4));
    }

    [Fact]
    public void Release_Twice_Throws()
    {
        var result = _cma.Alloc(4, 0);
        _cma.Release(result.Pfn, 4);

        Assert.Throws<KernelOopsException>(() => _cma.Release(result.Pfn, 4));
    }

    private void FillNormalMemory()
    {
        for (var i = 0; i < 6; i++)
        {
            _buddy.AllocPages(10, MigrateType.Unmovable);
        }
    }
}
