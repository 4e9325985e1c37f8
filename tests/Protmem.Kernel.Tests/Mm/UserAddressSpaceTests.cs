using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;
using static Protmem.Kernel.Mm.MmanFlags;

namespace Protmem.Kernel.Tests.Mm;

public sealed class UserAddressSpaceTests
{
    private const ulong Page = MmConstants.PageSize;
    private const int Anon = MAP_PRIVATE | MAP_ANONYMOUS;
    private const int ReadWrite = PROT_READ | PROT_WRITE;

    private readonly UserAddressSpace _mm = new();
    private readonly object _file = new();

    private ulong Map(ulong addr, ulong length, int prot = ReadWrite, int flags = Anon, object? backing = null, ulong offset = 0)
    {
        var result = _mm.Mmap(addr, length, prot, flags, backing ?? new object(), offset, out _);
        Assert.True(result > 0, $"mmap returned {result}");
        return (ulong)result;
    }

    [Fact]
    public void Mmap_TopDownLayout_PlacesMappingsDownFromTaskSize()
    {
        var first = Map(0, 3 * Page);
        var second = Map(0, Page);

        Assert.Equal(UserAddressSpace.DefaultTaskSize - (3 * Page), first);
        Assert.Equal(first - Page, second);
        Assert.Equal(2, _mm.MapCount);
        _mm.AssertInvariants();
    }

    [Fact]
    public void Mmap_BottomUpLayout_PlacesMappingsUpFromTheMinimum()
    {
        var mm = new UserAddressSpace(layout: MmapLayout.BottomUp);

        var first = mm.Mmap(0, 2 * Page, ReadWrite, Anon, null, 0, out _);
        var second = mm.Mmap(0, Page, ReadWrite, Anon, null, 0, out _);

        Assert.Equal((long)UserAddressSpace.DefaultMmapMinAddr, first);
        Assert.Equal(first + (2 * (long)Page), second);
    }

    [Fact]
    public void Mmap_FreeHint_IsUsedAndAnOccupiedHintIsNot()
    {
        const ulong hint = 0x2000_0000;

        var atHint = Map(hint + 123, Page);
        var elsewhere = Map(hint, Page);

        Assert.Equal(hint, atHint);
        Assert.NotEqual(hint, elsewhere);
    }

    [Theory]
    [InlineData(0x2000_0000UL, 0UL, Anon, 0UL, -MmErrno.EINVAL)]
    [InlineData(0x2000_0000UL, ulong.MaxValue, Anon, 0UL, -MmErrno.ENOMEM)]
    [InlineData(0x2000_0000UL, 0x1000UL, Anon, 0x10UL, -MmErrno.EINVAL)]
    [InlineData(0x2000_0000UL, 0x1000UL, MAP_ANONYMOUS, 0UL, -MmErrno.EINVAL)]
    [InlineData(0x2000_0000UL, 0x1000UL, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, 0UL, -MmErrno.EINVAL)]
    [InlineData(0x2000_0010UL, 0x1000UL, Anon | MAP_FIXED, 0UL, -MmErrno.EINVAL)]
    [InlineData(0x1000UL, 0x1000UL, Anon | MAP_FIXED, 0UL, -MmErrno.EPERM)]
    [InlineData(0x7fff_ffff_f000UL, 0x2000UL, Anon | MAP_FIXED, 0UL, -MmErrno.ENOMEM)]
    [InlineData(0UL, 0x8000_0000_0000UL, Anon, 0UL, -MmErrno.ENOMEM)]
    [InlineData(0x2000_0000UL, 0x1000UL, MAP_SHARED_VALIDATE | MAP_SYNC, 0UL, -MmErrno.EOPNOTSUPP)]
    [InlineData(0x2000_0000UL, 0x1000UL, MAP_PRIVATE | MAP_GROWSDOWN, 0UL, -MmErrno.EINVAL)]
    [InlineData(0x2000_0000UL, 0x1000UL, MAP_SHARED | MAP_HUGETLB, 0UL, -MmErrno.EINVAL)]
    public void Mmap_BadArguments_ReturnLinuxErrno(ulong addr, ulong length, int flags, ulong offset, long expected)
    {
        var result = _mm.Mmap(addr, length, ReadWrite, flags, _file, offset, out var changes);

        Assert.Equal(expected, result);
        Assert.Same(VmaChanges.None, changes);
        Assert.Equal(0, _mm.MapCount);
    }

    [Fact]
    public void Mmap_SharedFileWithUnknownFlags_DropsThemAsLinuxDoes()
    {
        var addr = Map(0, Page, PROT_READ, MAP_SHARED | MAP_SYNC, _file, 0x5000);

        var vma = _mm.FindVma(addr)!;
        Assert.True(vma.IsShared);
        Assert.False(vma.IsAnonymous);
        Assert.Equal(MAP_SHARED, vma.Flags);
        Assert.Equal(0x5000UL, vma.Offset);
        Assert.Same(_file, vma.Backing);
    }

    [Fact]
    public void PrepareMmap_AnonymousHugetlb_EnomemAndSaysWhatIsNotModelled()
    {
        Assert.Equal(-MmErrno.ENOMEM, _mm.PrepareMmap(0, Page, ReadWrite, Anon | MAP_HUGETLB, 0, out _, out var notModelled));
        Assert.Contains("MAP_HUGETLB", notModelled, StringComparison.Ordinal);
        Assert.Equal(0, _mm.MapCount);
    }

    [Fact]
    public void PrepareMmap_PrivateGrowsdown_MapsAndSaysTheGrowthIsNotModelled()
    {
        var addr = _mm.PrepareMmap(0, Page, ReadWrite, Anon | MAP_GROWSDOWN, 0, out var request, out var notModelled);
        Assert.True(addr > 0);
        Assert.Contains("MAP_GROWSDOWN", notModelled, StringComparison.Ordinal);
        _mm.CommitMmap(request, null);
        Assert.Equal(1, _mm.MapCount);
    }

    [Theory]
    [InlineData(MAP_DROPPABLE | MAP_ANONYMOUS, 0L)]
    [InlineData(MAP_DROPPABLE | MAP_ANONYMOUS | MAP_LOCKED, -MmErrno.EINVAL)]
    [InlineData(MAP_DROPPABLE | MAP_ANONYMOUS | MAP_GROWSDOWN, -MmErrno.EINVAL)]
    [InlineData(MAP_DROPPABLE, -MmErrno.EINVAL)]
    public void Mmap_Droppable_PrivateAnonymousMemoryOrLinuxErrno(int flags, long expected)
    {
        var result = _mm.PrepareMmap(0x2000_0000, Page, ReadWrite, flags, 0, out var request, out var notModelled);

        Assert.Null(notModelled);
        if (expected < 0)
        {
            Assert.Equal(expected, result);
            return;
        }

        Assert.True(result > 0);
        Assert.Equal(MAP_PRIVATE | MAP_ANONYMOUS, request.Flags & (MAP_TYPE | MAP_ANONYMOUS));
    }

    [Fact]
    public void Mmap_FixedOverTheMiddleOfAMapping_SplitsAndReportsTheReplacedRange()
    {
        var addr = Map(0x2000_0000, 8 * Page, flags: MAP_SHARED, backing: _file, offset: 0x10000);
        var old = _mm.FindVma(addr)!;
        var replacement = new object();

        var result = _mm.Mmap(addr + (2 * Page), 3 * Page, PROT_READ, Anon | MAP_FIXED, replacement, 0, out var changes);

        Assert.Equal((long)(addr + (2 * Page)), result);
        Assert.Equal([old], changes.Closed);
        var unmapped = Assert.Single(changes.Unmapped);
        Assert.Equal((addr + (2 * Page), addr + (5 * Page), 0x12000UL), (unmapped.Start, unmapped.End, unmapped.Offset));
        Assert.Same(_file, unmapped.Backing);
        Assert.Equal(3, changes.Opened.Count);
        Assert.Same(changes.Mapped, changes.Opened[^1]);
        Assert.Equal(
            [(addr, addr + (2 * Page), 0x10000UL), (addr + (2 * Page), addr + (5 * Page), 0UL), (addr + (5 * Page), addr + (8 * Page), 0x15000UL)],
            _mm.Vmas.Select(v => (v.Start, v.End, v.Offset)));
        Assert.Same(replacement, _mm.FindVma(addr + (3 * Page))!.Backing);
        _mm.AssertInvariants();
    }

    [Fact]
    public void Mmap_FixedNoReplaceOverAMapping_FailsEexistAndChangesNothing()
    {
        var addr = Map(0x2000_0000, 2 * Page);

        var result = _mm.Mmap(addr + Page, 2 * Page, ReadWrite, Anon | MAP_FIXED_NOREPLACE, null, 0, out _);

        Assert.Equal(-MmErrno.EEXIST, result);
        Assert.Single(_mm.Vmas);
        Assert.Equal((long)(addr + (2 * Page)), _mm.Mmap(addr + (2 * Page), Page, ReadWrite, Anon | MAP_FIXED_NOREPLACE, null, 0, out _));
    }

    [Fact]
    public void Munmap_MiddleOfAMapping_LeavesTwoPiecesWithTheirOffsets()
    {
        var addr = Map(0x2000_0000, 6 * Page, flags: MAP_PRIVATE, backing: _file, offset: 0x3000);

        Assert.Equal(0, _mm.Munmap(addr + (2 * Page), 2 * Page, out var changes));

        Assert.Equal([(addr, addr + (2 * Page), 0x3000UL), (addr + (4 * Page), addr + (6 * Page), 0x7000UL)], _mm.Vmas.Select(v => (v.Start, v.End, v.Offset)));
        Assert.Single(changes.Closed);
        Assert.Equal(2, changes.Opened.Count);
        Assert.Equal((addr + (2 * Page), 0x5000UL), (Assert.Single(changes.Unmapped).Start, changes.Unmapped[0].Offset));
        Assert.Null(changes.Mapped);
        _mm.AssertInvariants();
    }

    [Fact]
    public void Munmap_HeadAndTail_TrimTheMapping()
    {
        var addr = Map(0x2000_0000, 6 * Page);

        Assert.Equal(0, _mm.Munmap(addr, Page, out var head));
        Assert.Equal(0, _mm.Munmap(addr + (5 * Page), 100, out var tail));

        var vma = Assert.Single(_mm.Vmas);
        Assert.Equal((addr + Page, addr + (5 * Page)), (vma.Start, vma.End));
        Assert.Equal(addr, Assert.Single(head.Unmapped).Start);
        Assert.Equal(addr + (5 * Page), Assert.Single(tail.Unmapped).Start);
        Assert.Single(head.Opened);
        Assert.Single(tail.Closed);
    }

    [Fact]
    public void Munmap_AcrossSeveralMappingsAndGaps_RemovesEachPart()
    {
        var a = Map(0x2000_0000, 2 * Page);
        var b = Map(0x2000_3000, 2 * Page);
        var c = Map(0x2000_6000, 2 * Page);

        Assert.Equal(0, _mm.Munmap(a + Page, c + Page - (a + Page), out var changes));

        Assert.Equal([(a, a + Page), (c + Page, c + (2 * Page))], _mm.Vmas.Select(v => (v.Start, v.End)));
        Assert.Equal([(a + Page, a + (2 * Page)), (b, b + (2 * Page)), (c, c + Page)], changes.Unmapped.Select(v => (v.Start, v.End)));
        Assert.Equal(3, changes.Closed.Count);
        Assert.Equal(2, changes.Opened.Count);
    }

    [Theory]
    [InlineData(0x2000_0001UL, 0x1000UL)]
    [InlineData(0x2000_0000UL, 0UL)]
    [InlineData(0x7fff_ffff_e000UL, 0x3000UL)]
    [InlineData(0x8000_0000_0000UL, 0x1000UL)]
    [InlineData(0x2000_0000UL, ulong.MaxValue)]
    public void Munmap_BadArguments_ReturnEinval(ulong addr, ulong length)
    {
        Map(0x2000_0000, Page);

        Assert.Equal(-MmErrno.EINVAL, _mm.Munmap(addr, length, out _));
        Assert.Single(_mm.Vmas);
    }

    [Fact]
    public void Munmap_NothingMapped_SucceedsWithoutChanges()
    {
        Assert.Equal(0, _mm.Munmap(0x2000_0000, Page, out var changes));
        Assert.Same(VmaChanges.None, changes);
    }

    [Fact]
    public void MaxMapCount_Reached_MmapAndSplittingMunmapFailEnomem()
    {
        var mm = new UserAddressSpace(maxMapCount: 2);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(mm.Mmap(0x2000_0000 + ((ulong)i * 0x10000), 4 * Page, ReadWrite, Anon, null, 0, out _) > 0);
        }

        Assert.Equal(-MmErrno.ENOMEM, mm.Mmap(0, Page, ReadWrite, Anon, null, 0, out _));
        Assert.Equal(-MmErrno.ENOMEM, mm.Munmap(0x2000_1000, Page, out _));
        Assert.Equal(0, mm.Munmap(0x2000_0000, Page, out _));
        mm.AssertInvariants();
    }

    [Fact]
    public void CanAccess_MixedMappings_AllowsOnlyWhatEveryByteAllows()
    {
        var rw = Map(0x2000_0000, 2 * Page);
        var ro = Map(0x2000_2000, Page, PROT_READ);
        var none = Map(0x2000_4000, Page, PROT_NONE);
        var writeOnly = Map(0x2000_6000, Page, PROT_WRITE);

        Assert.True(_mm.CanAccess(rw + 10, (2 * Page) - 10, write: true));
        Assert.True(_mm.CanAccess(rw + Page, 2 * Page, write: false));
        Assert.False(_mm.CanAccess(rw + Page, 2 * Page, write: true));
        Assert.False(_mm.CanAccess(ro, 2 * Page, write: false));
        Assert.False(_mm.CanAccess(none, 1, write: false));
        Assert.True(_mm.CanAccess(writeOnly, Page, write: false));
        Assert.False(_mm.CanAccess(0x3000_0000, 1, write: false));
        Assert.True(_mm.CanAccess(0x3000_0000, 0, write: true));
        Assert.False(_mm.CanAccess(ulong.MaxValue - 1, 4, write: false));
    }

    [Fact]
    public void VmasCovering_RangeOverSeveralMappings_ListsThemInOrder()
    {
        var a = Map(0x2000_0000, Page);
        var b = Map(0x2000_2000, Page);
        Map(0x2000_5000, Page);

        var covering = _mm.VmasCovering(a + 100, b + 1 - (a + 100));

        Assert.Equal([a, b], covering.Select(v => v.Start));
        Assert.Empty(_mm.VmasCovering(ulong.MaxValue, 2));
    }

    [Fact]
    public void PrepareMmap_ThenCommit_InsertsOnlyOnCommit()
    {
        var result = _mm.PrepareMmap(0, 2 * Page, ReadWrite, MAP_SHARED, 0, out var request);

        Assert.Equal(0, _mm.MapCount);
        var changes = _mm.CommitMmap(request, _file);
        Assert.Equal((long)changes.Mapped!.Start, result);
        Assert.Same(_file, changes.Mapped.Backing);
    }

    [Fact]
    public void CommitMmap_SpaceChangedSincePrepare_Throws()
    {
        _mm.PrepareMmap(0, Page, ReadWrite, Anon, 0, out var request);
        Map(request.Addr, Page, flags: Anon | MAP_FIXED);

        Assert.Throws<KernelOopsException>(() => _mm.CommitMmap(request, null));
    }
}
