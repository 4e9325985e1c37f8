using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Iommu;
using Protmem.Kernel.Iommu;
using Protmem.Uapi;

namespace Protmem.Kernel.Tests.Iommu;

/// <summary>
/// What every io-pgtable format must do, run against each (<see cref="RkIommuV1FormatTests"/>,
/// <see cref="RkIommuV2FormatTests"/>): map/unmap/iova_to_phys round trips at every page size, Linux's
/// errno for bad input, the TLB callbacks on unmap, a hardware walk that finds exactly what the format
/// wrote, and no page-table page left after unmap and free.
/// </summary>
public abstract class IommuFormatContract
{
    private const ulong Page = 4096;

    /// <summary>The format under test.</summary>
    protected abstract IoPgtableFmt Format { get; }

    /// <summary>The compatible of an IOMMU instance that walks this format.</summary>
    protected abstract string IommuCompatible { get; }

    /// <summary>The output address bits the format holds.</summary>
    protected abstract int Oas { get; }

    /// <summary>The errno of a map over an IOVA already mapped.</summary>
    protected abstract int AlreadyMappedErrno { get; }

    [Fact]
    public void MapPages_EveryPageSizeOfTheBitmap_IovaToPhysFindsEachPageAndUnmapGivesTheSizeBack()
    {
        var (kernel, _, table, _) = Setup();
        var sizes = PageSizes(table.Cfg.PgsizeBitmap);
        Assert.NotEmpty(sizes);
        var phys = new PhysAddr(IommuTestBoard.DramBase);
        foreach (var pgsize in sizes)
        {
            var iova = 0x4000_0000UL;
            Assert.Equal(0, table.MapPages(iova, phys, pgsize, 1, IommuProt.ReadWrite, out var mapped));
            Assert.Equal(pgsize, mapped);
            Assert.Equal(phys, table.IovaToPhys(new DeviceAddr(iova)));
            Assert.Equal(phys + (pgsize - 8), table.IovaToPhys(new DeviceAddr(iova + pgsize - 8)));
            Assert.Null(table.IovaToPhys(new DeviceAddr(iova + pgsize)));
            Assert.Equal(pgsize, table.UnmapPages(iova, pgsize, 1, new IommuIotlbGather()));
            Assert.Null(table.IovaToPhys(new DeviceAddr(iova)));
        }

        table.Free();
        kernel.AssertInvariants();
    }

    [Fact]
    public void MapPages_SeveralPages_MapsPgcountTimesPgsize()
    {
        var (_, _, table, _) = Setup();
        var phys = new PhysAddr(IommuTestBoard.DramBase + 0x10_0000);
        Assert.Equal(0, table.MapPages(0x10_0000, phys, Page, 3, IommuProt.Read, out var mapped));
        Assert.Equal(3 * Page, mapped);
        Assert.Equal(phys + (2 * Page) + 5, table.IovaToPhys(new DeviceAddr(0x10_0000 + (2 * Page) + 5)));
        Assert.Null(table.IovaToPhys(new DeviceAddr(0x10_0000 + (3 * Page))));
    }

    [Theory]
    [InlineData(0x3000UL)]
    [InlineData(0x80_0000UL)]
    [InlineData(0UL)]
    public void MapPages_SizeNotInTheBitmap_ReturnsEinvalAndMapsNothing(ulong pgsize)
    {
        var (_, _, table, _) = Setup();
        Assert.Equal(-Errno.EINVAL, table.MapPages(0x40_0000, new PhysAddr(IommuTestBoard.DramBase), pgsize, 1, IommuProt.Read, out var mapped));
        Assert.Equal(0UL, mapped);
        Assert.Null(table.IovaToPhys(new DeviceAddr(0x40_0000)));
    }

    [Theory]
    [InlineData(0x10_0800UL, 0UL, 0x1000UL)]
    [InlineData(0x10_0000UL, 0x1000UL, 0x1_0000UL)]
    [InlineData(0x10_1000UL, 0UL, 0x1_0000UL)]
    public void MapPages_Misaligned_ReturnsEinval(ulong iova, ulong physOffset, ulong pgsize)
    {
        var (_, _, table, _) = Setup();
        Assert.Equal(-Errno.EINVAL, table.MapPages(iova, new PhysAddr(IommuTestBoard.DramBase + physOffset), pgsize, 1, IommuProt.Read, out _));
        Assert.Null(table.IovaToPhys(new DeviceAddr(iova & ~0xFFFUL)));
    }

    [Fact]
    public void MapPages_OverAMappedIova_ReturnsTheFormatsErrnoUnwindsAndKeepsTheOldMapping()
    {
        var (_, _, table, _) = Setup();
        var old = new PhysAddr(IommuTestBoard.DramBase);
        var fresh = new PhysAddr(IommuTestBoard.DramBase + 0x20_0000);
        Assert.Equal(0, table.MapPages(0x20_2000, old, Page, 1, IommuProt.Read, out _));
        Assert.Equal(AlreadyMappedErrno, table.MapPages(0x20_0000, fresh, Page, 4, IommuProt.ReadWrite, out var mapped));
        Assert.Equal(0UL, mapped);
        Assert.Null(table.IovaToPhys(new DeviceAddr(0x20_0000)));
        Assert.Null(table.IovaToPhys(new DeviceAddr(0x20_1000)));
        Assert.Equal(old, table.IovaToPhys(new DeviceAddr(0x20_2000)));
        Assert.Null(table.IovaToPhys(new DeviceAddr(0x20_3000)));
    }

    [Fact]
    public void MapPages_BeyondTheInputOrOutputSpace_ReturnsErange()
    {
        var (_, _, table, _) = Setup();
        var top = 1UL << table.Cfg.Ias;
        Assert.Equal(-Errno.ERANGE, table.MapPages(top, new PhysAddr(IommuTestBoard.DramBase), Page, 1, IommuProt.Read, out _));
        Assert.Equal(-Errno.ERANGE, table.MapPages(top - Page, new PhysAddr(IommuTestBoard.DramBase), Page, 2, IommuProt.Read, out _));
        Assert.Equal(-Errno.ERANGE, table.MapPages(0x10_0000, new PhysAddr(1UL << Oas), Page, 1, IommuProt.Read, out _));
        Assert.Equal(Oas, table.Cfg.Oas);
        Assert.Null(table.IovaToPhys(new DeviceAddr(top - Page)));
    }

    [Fact]
    public void UnmapPages_OfAnUnmappedRange_ReturnsZeroAndReportsNothing()
    {
        var (_, flush, table, _) = Setup();
        Assert.Equal(0UL, table.UnmapPages(0x30_0000, Page, 4, new IommuIotlbGather()));
        Assert.Empty(flush.Pages);
    }

    [Fact]
    public void UnmapPages_StopsAtTheFirstUnmappedPage_AndReportsEveryClearedPage()
    {
        var (_, flush, table, _) = Setup();
        Assert.Equal(0, table.MapPages(0x30_0000, new PhysAddr(IommuTestBoard.DramBase), Page, 2, IommuProt.Read, out _));
        Assert.Equal(0, table.MapPages(0x30_3000, new PhysAddr(IommuTestBoard.DramBase), Page, 1, IommuProt.Read, out _));
        var gather = new IommuIotlbGather();
        Assert.Equal(2 * Page, table.UnmapPages(0x30_0000, Page, 4, gather));
        Assert.Equal([(0x30_0000UL, Page), (0x30_1000UL, Page)], flush.Pages);
        Assert.Equal(0x30_0000UL, gather.Start);
        Assert.Equal(0x30_1FFFUL, gather.End);
        Assert.NotNull(table.IovaToPhys(new DeviceAddr(0x30_3000)));
    }

    [Fact]
    public void HardwareWalk_OfWhatTheFormatWrote_DeviceReadsTheRightBytesAndFaultsElsewhere()
    {
        var (kernel, _, table, soc) = Setup();
        var dev = kernel.Devices["dev0"].Master!;
        var iommu = soc.Iommu("mmu");
        var a = new PhysAddr(IommuTestBoard.DramBase + 0x40_0000);
        var b = new PhysAddr(IommuTestBoard.DramBase + 0x80_0000);
        soc.Memory.Write(a + 0xFF0, "first-page-end.."u8);
        soc.Memory.Write(b, "second-page"u8);
        Assert.Equal(0, table.MapPages(0x7FC0_0000, a, Page, 1, IommuProt.Read, out _));
        Assert.Equal(0, table.MapPages(0x7FC0_1000, b, Page, 1, IommuProt.ReadWrite, out _));
        Assert.True(iommu.Attach(table.Cfg.Ttbr));

        var got = new byte[27];
        Assert.True(dev.TryRead(new DeviceAddr(0x7FC0_0FF0), got));
        Assert.Equal("first-page-end..second-page"u8.ToArray(), got);
        Assert.Equal(
            [new IommuMapping(new DeviceAddr(0x7FC0_0000), a, Page, IommuProt.Read), new IommuMapping(new DeviceAddr(0x7FC0_1000), b, Page, IommuProt.ReadWrite)],
            soc.Oracle.DeviceRoutes(dev).Select(r => new IommuMapping(r.Iova, r.Phys.Start, r.Phys.Length, r.Prot)));
        Assert.False(dev.TryWrite(new DeviceAddr(0x7FC0_0000), "x"u8, SecurityState.NonSecure, out var result));
        Assert.Equal(DeviceAccessResult.IommuFault, result);
        Assert.True(dev.TryWrite(new DeviceAddr(0x7FC0_1000), "X"u8));
        Assert.False(dev.TryRead(new DeviceAddr(0x7FC0_2000), got));
    }

    [Fact]
    public void UnmapAllThenFree_GivesEveryPageTablePageBack()
    {
        var (kernel, _, table, _) = Setup(out var pagesBefore);
        Assert.Equal(pagesBefore + 1, kernel.Pages.AllocatedPages);
        var phys = new PhysAddr(IommuTestBoard.DramBase);
        Assert.Equal(0, table.MapPages(0x0040_0000, phys, 0x40_0000, 1, IommuProt.Read, out _));
        Assert.Equal(0, table.MapPages(0x1000_0000, phys, Page, 1, IommuProt.Read, out _));
        Assert.Equal(0, table.MapPages(0xFFFF_F000, phys, Page, 1, IommuProt.Read, out _));
        Assert.Equal(3, table.TablePageCount);
        Assert.Equal(pagesBefore + 4, kernel.Pages.AllocatedPages);
        Assert.Equal(0x40_0000UL, table.UnmapPages(0x0040_0000, 0x40_0000, 1, new IommuIotlbGather()));
        Assert.Equal(Page, table.UnmapPages(0x1000_0000, Page, 1, new IommuIotlbGather()));
        Assert.Equal(Page, table.UnmapPages(0xFFFF_F000, Page, 1, new IommuIotlbGather()));
        IoPgtable.FreeIoPgtableOps(table);
        Assert.Equal(pagesBefore, kernel.Pages.AllocatedPages);
        kernel.AssertInvariants();
    }

    private static List<ulong> PageSizes(ulong bitmap) =>
        [.. Enumerable.Range(0, 64).Select(i => 1UL << i).Where(size => (bitmap & size) != 0)];

    private (KernelContext Kernel, RecordingFlushOps Flush, IIoPgtableOps Table, Soc Soc) Setup() => Setup(out _);

    private (KernelContext Kernel, RecordingFlushOps Flush, IIoPgtableOps Table, Soc Soc) Setup(out ulong pagesBefore)
    {
        var kernel = IommuTestBoard.Boot(IommuCompatible, out var soc);
        var flush = new RecordingFlushOps();
        var cfg = new IoPgtableCfg { PgsizeBitmap = ulong.MaxValue, Ias = 32, Oas = Oas, Tlb = flush };
        pagesBefore = kernel.Pages.AllocatedPages;
        var table = IoPgtable.AllocIoPgtableOps(Format, cfg, kernel.Hardware, kernel.Pages)!;
        Assert.NotNull(table);
        Assert.Same(cfg, table.Cfg);
        Assert.NotEqual(default, cfg.Ttbr);
        return (kernel, flush, table, soc);
    }
}
