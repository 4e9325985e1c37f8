using FsCheck;
using FsCheck.Fluent;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Memory;

namespace Protmem.Hardware.Tests;

public sealed class RkIommuPageTableTests
{
    private readonly Soc _soc = TestBoards.Build();
    private readonly PagePool _pool = TestBoards.TablePool();

    [Fact]
    public void Map_AcrossADirectoryBoundary_WritesRealEntriesInDram()
    {
        var table = _soc.CreateRkIommuPageTable(_pool);
        var phys = new PhysAddr(TestBoards.HighBase + 0x10_0000); // above 4 GiB

        var result = table.Map(new DeviceAddr(0x3F_F000), phys, 0x2000, IommuProt.ReadWrite);

        Assert.Equal(IommuMapResult.Success, result);
        Assert.Equal(2, table.TablePageCount);
        var dte0 = _soc.Memory.ReadUInt32(table.Root + 0 * 4);
        var dte1 = _soc.Memory.ReadUInt32(table.Root + 1 * 4);
        Assert.True(RkIommuEntry.IsValid(dte0) && RkIommuEntry.IsValid(dte1));
        // Hand-computed PTEs: PA 0x1_0010_0000 → 0x0010_0000 | 0x1 << 8 | R W V = 0x0010_0107.
        Assert.Equal(0x0010_0107u, _soc.Memory.ReadUInt32(RkIommuEntry.DecodeAddress(dte0) + 0x3FF * 4));
        Assert.Equal(0x0010_1107u, _soc.Memory.ReadUInt32(RkIommuEntry.DecodeAddress(dte1) + 0));
        Assert.Equal(phys + 0x123, table.IovaToPhys(new DeviceAddr(0x3F_F123)));
        Assert.Equal(phys + 0x1FFF, table.IovaToPhys(new DeviceAddr(0x40_0FFF)));
        Assert.Null(table.IovaToPhys(new DeviceAddr(0x40_1000)));
        table.AssertInvariants();
    }

    [Fact]
    public void Map_OverAValidPte_ReturnsAddressInUseAfterUnwinding()
    {
        var table = _soc.CreateRkIommuPageTable(_pool);
        var first = TestBoards.Dram(0x100_0000);
        var second = TestBoards.Dram(0x200_0000);
        Assert.Equal(IommuMapResult.Success, table.Map(new DeviceAddr(0x5000), first, 0x1000, IommuProt.Read));
        var time = _soc.Clock.Now;

        var result = table.Map(new DeviceAddr(0x3000), second, 0x4000, IommuProt.ReadWrite);

        Assert.Equal(IommuMapResult.AddressInUse, result);
        Assert.Null(table.IovaToPhys(new DeviceAddr(0x3000)));
        Assert.Null(table.IovaToPhys(new DeviceAddr(0x4000)));
        Assert.Equal(first, table.IovaToPhys(new DeviceAddr(0x5000)));
        Assert.Null(table.IovaToPhys(new DeviceAddr(0x6000)));
        // Unwinding clears bit 0 only: the address and rights bits of the unwound PTE stay.
        var pt = RkIommuEntry.DecodeAddress(_soc.Memory.ReadUInt32(table.Root));
        Assert.Equal(RkIommuEntry.MakePte(second, IommuProt.ReadWrite) & ~1u, _soc.Memory.ReadUInt32(pt + 3 * 4));
        Assert.Equal(time, _soc.Clock.Now);
        Assert.Single(table.Mappings());
    }

    [Fact]
    public void Map_AllocatorEmpty_ReturnsOutOfMemoryAfterUnwinding()
    {
        var pool = new PagePool(new PhysRange(TestBoards.Dram(0), 0x2000)); // the directory and one table
        var table = _soc.CreateRkIommuPageTable(pool);

        var result = table.Map(new DeviceAddr(0x3F_E000), TestBoards.Dram(0x10_0000), 0x4000, IommuProt.Read);

        Assert.Equal(IommuMapResult.OutOfMemory, result);
        Assert.Empty(table.Mappings());
    }

    [Theory]
    [InlineData(0x1000UL, 0x1000UL, 0UL)]          // empty
    [InlineData(0x1800UL, 0x1000UL, 0x1000UL)]     // unaligned IOVA
    [InlineData(0x1000UL, 0x1800UL, 0x1000UL)]     // unaligned PA
    [InlineData(0x1000UL, 0x1000UL, 0x800UL)]      // unaligned size
    [InlineData(0xFFFF_F000UL, 0x1000UL, 0x2000UL)] // leaves the 4 GiB IOVA space
    public void Map_BadArguments_ReturnsInvalidArgument(ulong iova, ulong pa, ulong size)
    {
        var table = _soc.CreateRkIommuPageTable(_pool);

        Assert.Equal(IommuMapResult.InvalidArgument, table.Map(new DeviceAddr(iova), new PhysAddr(pa), size, IommuProt.Read));
        Assert.Empty(table.Mappings());
    }

    [Fact]
    public void Unmap_StopsAtTheFirstHoleAndReturnsBytesUnmapped()
    {
        var table = _soc.CreateRkIommuPageTable(_pool);
        table.Map(new DeviceAddr(0x1000), TestBoards.Dram(0), 0x3000, IommuProt.Read);
        table.Map(new DeviceAddr(0x5000), TestBoards.Dram(0x10000), 0x1000, IommuProt.Read);

        Assert.Equal(0x3000UL, table.Unmap(new DeviceAddr(0x1000), 0x5000));
        Assert.Equal(TestBoards.Dram(0x10000), table.IovaToPhys(new DeviceAddr(0x5000)));
        Assert.Equal(0UL, table.Unmap(new DeviceAddr(0x1000), 0x1000));
        Assert.Equal(0UL, table.Unmap(new DeviceAddr(0x80_0000), 0x1000)); // no page table there
        Assert.Equal(0UL, table.Unmap(new DeviceAddr(0x5800), 0x1000));    // unaligned
    }

    [Fact]
    public void MapUnmap_ChargeTheCostModel()
    {
        var table = _soc.CreateRkIommuPageTable(_pool);
        var start = _soc.Clock.Now;

        table.Map(new DeviceAddr(0), TestBoards.Dram(0), 0x10000, IommuProt.Read); // 16 pages
        var mapped = _soc.Clock.Now;
        table.Unmap(new DeviceAddr(0), 0x10000);

        Assert.Equal(16 * 580UL, mapped - start);
        Assert.Equal(101UL, _soc.Clock.Now - mapped); // 16 × 6.3 = 100.8, rounded up
    }

    [Fact]
    public void Free_GivesEveryPageBackToTheAllocator()
    {
        var table = _soc.CreateRkIommuPageTable(_pool);
        table.Map(new DeviceAddr(0), TestBoards.Dram(0), 0x10_0000, IommuProt.Read);
        table.Map(new DeviceAddr(0x8000_0000), TestBoards.Dram(0), 0x1000, IommuProt.Read);
        Assert.Equal(3, _pool.UsedPages);

        table.Free();

        Assert.Equal(0, _pool.UsedPages);
        Assert.Throws<ObjectDisposedException>(() => table.Map(new DeviceAddr(0), TestBoards.Dram(0), 0x1000, IommuProt.Read));
    }

    [Fact]
    public void Mappings_CoalesceContiguousRunsWithEqualRights()
    {
        var table = _soc.CreateRkIommuPageTable(_pool);
        table.Map(new DeviceAddr(0x3F_0000), TestBoards.Dram(0x1_0000), 0x2_0000, IommuProt.Read);
        table.Map(new DeviceAddr(0x41_0000), TestBoards.Dram(0x3_0000), 0x1000, IommuProt.ReadWrite);

        Assert.Equal(
            [
                new IommuMapping(new DeviceAddr(0x3F_0000), TestBoards.Dram(0x1_0000), 0x2_0000, IommuProt.Read),
                new IommuMapping(new DeviceAddr(0x41_0000), TestBoards.Dram(0x3_0000), 0x1000, IommuProt.ReadWrite),
            ],
            table.Mappings());
    }

    [Fact]
    public void MapUnmap_RandomSequences_AgreeWithADictionaryModel()
    {
        // Operations over a 48-page IOVA window straddling a page-table boundary.
        const ulong WindowBase = 0x3E_8000;
        var opGen = from isMap in Gen.Elements(true, false)
                    from page in Gen.Choose(0, 47)
                    from pages in Gen.Choose(1, 8)
                    from target in Gen.Choose(0, 1000)
                    from writable in Gen.Elements(true, false)
                    select (isMap, page, pages, target, writable);

        Prop.ForAll(Gen.ListOf(opGen).Select(l => l.ToArray()).ToArbitrary(), ops =>
        {
            var soc = TestBoards.Build();
            var table = soc.CreateRkIommuPageTable(TestBoards.TablePool());
            var model = new Dictionary<ulong, (ulong Phys, IommuProt Prot)>();
            foreach (var (isMap, page, pages, target, writable) in ops)
            {
                var iova = WindowBase + ((ulong)page << 12);
                var size = (ulong)pages << 12;
                var prot = writable ? IommuProt.ReadWrite : IommuProt.Read;
                var phys = TestBoards.DramBase + ((ulong)target << 12);
                var range = Enumerable.Range(0, pages).Select(i => iova + ((ulong)i << 12)).ToList();
                if (isMap)
                {
                    var expected = range.Any(model.ContainsKey) ? IommuMapResult.AddressInUse : IommuMapResult.Success;
                    if (table.Map(new DeviceAddr(iova), new PhysAddr(phys), size, prot) != expected)
                    {
                        return false;
                    }

                    if (expected == IommuMapResult.Success)
                    {
                        for (var i = 0; i < pages; i++)
                        {
                            model[range[i]] = (phys + ((ulong)i << 12), prot);
                        }
                    }
                }
                else
                {
                    var run = range.TakeWhile(model.ContainsKey).ToList();
                    run.ForEach(p => model.Remove(p));
                    if (table.Unmap(new DeviceAddr(iova), size) != (ulong)run.Count << 12)
                    {
                        return false;
                    }
                }
            }

            for (ulong p = 0; p < 48; p++)
            {
                var iova = WindowBase + (p << 12);
                var has = table.TryTranslate(new DeviceAddr(iova + 8), out var phys, out var prot);
                var want = model.TryGetValue(iova, out var entry);
                if (has != want || (has && (phys.Value != entry.Phys + 8 || prot != entry.Prot)))
                {
                    return false;
                }
            }

            table.AssertInvariants();
            return table.Mappings().Aggregate(0UL, (s, m) => s + m.Length) == (ulong)model.Count << 12;
        }).QuickCheckThrowOnFailure();
    }
}
