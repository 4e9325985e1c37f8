using Protmem.Hardware.Bus;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Time;
using static Protmem.Hardware.Iommu.RkIommuRegisters;

namespace Protmem.Hardware.Tests;

public sealed class RkIommuTests
{
    private readonly Soc _soc = TestBoards.Build();
    private readonly RkIommuPageTable _table;
    private readonly RkIommu _mmu;
    private readonly DeviceMaster _npu;
    private readonly PhysAddr _pageA = TestBoards.Dram(0x100_0000);
    private readonly PhysAddr _pageB = TestBoards.Dram(0x200_0000);

    public RkIommuTests()
    {
        _table = _soc.CreateRkIommuPageTable(TestBoards.TablePool());
        _mmu = _soc.Iommu("npu-mmu");
        _npu = _soc.Device("npu");
        _soc.Memory.Write(_pageA, "page A"u8);
        _soc.Memory.Write(_pageB, "page B"u8);
    }

    [Fact]
    public void Attach_EveryBank_PointsAtTheDirectoryWithPagingOnAndCostsIommuAttach()
    {
        var before = _soc.Clock.Now;

        Assert.True(_mmu.Attach(_table.Root));

        for (var bank = 0; bank < 2; bank++)
        {
            var state = _mmu.GetBankState(bank);
            Assert.Equal(RkIommuEntry.EncodeAddress(_table.Root), state.DteAddr);
            Assert.Equal(_table.Root, state.Directory);
            Assert.True(state.PagingEnabled);
            Assert.False(state.StallActive);
            Assert.Equal(INT_PAGE_FAULT | INT_BUS_ERROR, state.IntMask);
            Assert.Equal(STATUS_PAGING_ENABLED | STATUS_IDLE | STATUS_REPLAY_BUFFER_EMPTY | STATUS_STALL_NOT_ACTIVE, _mmu.MmioRead(bank, STATUS));
        }

        Assert.Equal((ulong)CostModel.DefaultIommuAttach, _soc.Clock.Now - before);
        Assert.Equal(_table.Root, _mmu.AttachedDirectory);
    }

    [Fact]
    public void Attach_SameDirectoryAgain_IsANoOp()
    {
        _mmu.Attach(_table.Root);
        Map(0x1000, _pageA, IommuProt.Read);
        Read(0x1000); // cached in the IOTLB
        var before = _soc.Clock.Now;

        Assert.False(_mmu.Attach(_table.Root));

        Assert.Equal(before, _soc.Clock.Now);
        Assert.Single(_mmu.IotlbEntries(0)); // no zap happened
    }

    [Fact]
    public void Attach_AnotherDirectory_SwitchesTranslationsAndDropsCachedOnes()
    {
        var other = _soc.CreateRkIommuPageTable(new Memory.PagePool(new PhysRange(TestBoards.Dram(TestBoards.DramSize - (8UL << 20)), 4UL << 20)));
        Map(0x1000, _pageA, IommuProt.Read);
        Assert.Equal(IommuMapResult.Success, other.Map(new DeviceAddr(0x1000), _pageB, 0x1000, IommuProt.Read));
        _mmu.Attach(_table.Root);
        Assert.Equal("page A", Read(0x1000));

        Assert.True(_mmu.Attach(other.Root));

        Assert.Equal("page B", Read(0x1000));
    }

    [Fact]
    public void Detach_DisablesPagingClearsDteAndPassesAddressesThrough()
    {
        _mmu.Attach(_table.Root);
        var before = _soc.Clock.Now;

        Assert.True(_mmu.Detach());

        Assert.Equal((ulong)CostModel.DefaultIommuDetach, _soc.Clock.Now - before);
        var state = _mmu.GetBankState(1);
        Assert.False(state.PagingEnabled);
        Assert.Equal(0u, state.DteAddr);
        Assert.Null(_mmu.AttachedDirectory);
        Assert.Equal("page A", Read(_pageA.Value)); // identity: IOVA = PA below 4 GiB
        Assert.False(_mmu.Detach());
    }

    [Fact]
    public void UnmapWithoutZap_DeviceStillReadsTheOldPage_AfterZapItFaults()
    {
        _mmu.Attach(_table.Root);
        Map(0x7000, _pageA, IommuProt.Read);
        Assert.Equal("page A", Read(0x7000));

        Assert.Equal(0x1000UL, _table.Unmap(new DeviceAddr(0x7000), 0x1000));

        Assert.Equal("page A", Read(0x7000)); // stale IOTLB line: the missing zap is visible
        _mmu.ZapRange(new DeviceAddr(0x7000), 0x1000);
        var into = new byte[6];
        Assert.False(_npu.TryRead(new DeviceAddr(0x7000), into, SecurityState.NonSecure, out var result));
        Assert.Equal(DeviceAccessResult.IommuFault, result);
        var fault = Assert.Single(_mmu.Faults);
        Assert.Equal(new DeviceAddr(0x7000), fault.Iova);
        Assert.Equal(AccessDirection.Read, fault.Direction);
        Assert.Equal("npu", fault.Master);
    }

    [Fact]
    public void RemapWithoutZap_DeviceWritesTheOldPage()
    {
        _mmu.Attach(_table.Root);
        Map(0x7000, _pageA, IommuProt.ReadWrite);
        Read(0x7000);
        _table.Unmap(new DeviceAddr(0x7000), 0x1000);
        Map(0x7000, _pageB, IommuProt.ReadWrite);

        Assert.True(_npu.TryWrite(new DeviceAddr(0x7000), "stale!"u8));

        Assert.Equal("stale!", ReadPhys(_pageA));
        Assert.Equal("page B", ReadPhys(_pageB));
        _mmu.ZapLine(new DeviceAddr(0x7000));
        Assert.True(_npu.TryWrite(new DeviceAddr(0x7000), "fresh!"u8));
        Assert.Equal("fresh!", ReadPhys(_pageB));
    }

    [Fact]
    public void WriteToReadOnlyMapping_FaultsWithDirectionWriteInTheRegisters()
    {
        _mmu.Attach(_table.Root);
        Map(0x9000, _pageA, IommuProt.Read);
        var handled = new List<IommuFault>();
        _mmu.FaultHandler = handled.Add;

        Assert.False(_npu.TryWrite(new DeviceAddr(0x9123), "x"u8));

        var state = _mmu.GetBankState(0);
        Assert.True(state.PageFaultActive);
        Assert.True(state.PageFaultIsWrite);
        Assert.Equal(0x9123u, state.PageFaultAddr);
        Assert.Equal(INT_PAGE_FAULT, state.IntRawStat);
        Assert.Equal(INT_PAGE_FAULT, _mmu.MmioRead(0, INT_STATUS));
        Assert.Equal(STATUS_PAGE_FAULT_IS_WRITE | STATUS_PAGE_FAULT_ACTIVE, _mmu.MmioRead(0, STATUS) & (STATUS_PAGE_FAULT_IS_WRITE | STATUS_PAGE_FAULT_ACTIVE));
        var fault = Assert.Single(handled);
        Assert.Equal((new DeviceAddr(0x9123), AccessDirection.Write, 0), (fault.Iova, fault.Direction, fault.Bank));
        Assert.Equal("page A", ReadPhys(_pageA));
    }

    [Fact]
    public void PageFaultDoneAndIntClear_ClearTheFaultState()
    {
        _mmu.Attach(_table.Root);
        _npu.TryRead(new DeviceAddr(0x4000), new byte[1]);

        _mmu.MmioWrite(COMMAND, CMD_PAGE_FAULT_DONE);
        _mmu.MmioWrite(0, INT_CLEAR, INT_PAGE_FAULT);

        var state = _mmu.GetBankState(0);
        Assert.False(state.PageFaultActive);
        Assert.Equal(0u, state.IntRawStat);
        Assert.Equal(0x4000u, state.PageFaultAddr);
    }

    [Fact]
    public void MmioWrite_Command_GoesToEveryBankAndCostsOneWriteEach()
    {
        var before = _soc.Clock.Now;

        _mmu.MmioWrite(COMMAND, CMD_ENABLE_PAGING);

        Assert.True(_mmu.GetBankState(0).PagingEnabled && _mmu.GetBankState(1).PagingEnabled);
        Assert.Equal(2 * (ulong)CostModel.DefaultIommuMmioWrite, _soc.Clock.Now - before);
        _mmu.MmioWrite(1, COMMAND, CMD_DISABLE_PAGING);
        Assert.True(_mmu.GetBankState(0).PagingEnabled);
        Assert.False(_mmu.GetBankState(1).PagingEnabled);
    }

    [Fact]
    public void ZapRange_OneLineWritePerPagePerBank()
    {
        var before = _soc.Clock.Now;

        _mmu.ZapRange(new DeviceAddr(0x1800), 0x2000); // touches pages 0x1000, 0x2000, 0x3000

        Assert.Equal(3 * 2 * (ulong)CostModel.DefaultIommuUnmapPerPageInvalidation, _soc.Clock.Now - before);
    }

    [Fact]
    public void ZapIovaFirstLast_ZapsOnlyTheEdgesOfTheRange()
    {
        _mmu.Attach(_table.Root);
        for (ulong i = 0; i < 3; i++)
        {
            Map(0x10000 + (i << 12), _pageA + (i << 12), IommuProt.Read);
            Read(0x10000 + (i << 12));
        }

        var before = _soc.Clock.Now;
        _mmu.ZapIovaFirstLast(new DeviceAddr(0x10000), 0x3000);

        Assert.Equal([new DeviceAddr(0x11000)], _mmu.IotlbEntries(0).Select(e => e.Iova));
        Assert.Equal(2 * 2 * (ulong)CostModel.DefaultIommuUnmapPerPageInvalidation, _soc.Clock.Now - before);
    }

    [Fact]
    public void ZapOneLine_OnOneBank_LeavesTheOtherBankStale()
    {
        var bank1 = new DeviceMaster(_soc.Master("npu"), _soc.Bus, _mmu, iommuBank: 1);
        _mmu.Attach(_table.Root);
        Map(0x7000, _pageA, IommuProt.Read);
        Read(0x7000);
        bank1.TryRead(new DeviceAddr(0x7000), new byte[1]);
        _table.Unmap(new DeviceAddr(0x7000), 0x1000);

        _mmu.MmioWrite(0, ZAP_ONE_LINE, 0x7000);

        Assert.False(_npu.TryRead(new DeviceAddr(0x7000), new byte[1]));
        Assert.True(bank1.TryRead(new DeviceAddr(0x7000), new byte[1]));
    }

    [Fact]
    public void RawMmioSequence_LikeTheDriver_EnablesTranslation()
    {
        Map(0x2000, _pageB, IommuProt.Read);

        _mmu.MmioWrite(COMMAND, CMD_FORCE_RESET);
        _mmu.MmioWrite(DTE_ADDR, RkIommuEntry.EncodeAddress(_table.Root));
        _mmu.MmioWrite(COMMAND, CMD_ZAP_CACHE);
        _mmu.MmioWrite(COMMAND, CMD_ENABLE_PAGING);

        Assert.Equal("page B", Read(0x2000));
        Assert.Equal(_table.Root, _mmu.AttachedDirectory);
    }

    [Fact]
    public void ForceReset_ClearsDteAndPaging()
    {
        _mmu.Attach(_table.Root);

        _mmu.MmioWrite(COMMAND, CMD_FORCE_RESET);

        Assert.Equal(0u, _mmu.MmioRead(0, DTE_ADDR));
        Assert.False(_mmu.GetBankState(0).PagingEnabled);
        Assert.Empty(_mmu.IotlbEntries(0));
    }

    [Fact]
    public void DteAddr_DummyValue_ReadsBackMasked()
    {
        _mmu.MmioWrite(0, DTE_ADDR, DTE_ADDR_DUMMY);

        Assert.Equal(0xCAFE_BAB0u, _mmu.MmioRead(0, DTE_ADDR));
    }

    [Fact]
    public void Mmio_UnknownRegisterOrBank_IsRefused()
    {
        Assert.Throws<NotSupportedException>(() => _mmu.MmioRead(0, 0x40));
        Assert.Throws<NotSupportedException>(() => _mmu.MmioWrite(0, STATUS, 1));
        Assert.Throws<NotSupportedException>(() => _mmu.MmioWrite(0, COMMAND, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => _mmu.MmioRead(2, STATUS));
    }

    [Fact]
    public void DeviceAccess_AcrossPages_TranslatesEachPage()
    {
        _mmu.Attach(_table.Root);
        Map(0x1000, _pageB, IommuProt.ReadWrite);
        Map(0x2000, _pageA, IommuProt.ReadWrite);

        Assert.True(_npu.TryWrite(new DeviceAddr(0x1FFE), "XYZW"u8));

        Assert.Equal("XY", ReadPhys(_pageB + 0xFFE, 2));
        Assert.Equal("ZW", ReadPhys(_pageA, 2));
        Assert.Equal(2, _mmu.IotlbMisses);
    }

    [Fact]
    public void DeviceAccess_Above4GiBIova_Faults()
    {
        Assert.False(_npu.TryRead(new DeviceAddr(1UL << 32), new byte[1], SecurityState.NonSecure, out var result));

        Assert.Equal(DeviceAccessResult.IommuFault, result);
    }

    [Fact]
    public void DeviceAccess_WhileStalled_IsNotModelled()
    {
        _mmu.Attach(_table.Root);
        _mmu.MmioWrite(COMMAND, CMD_ENABLE_STALL);

        Assert.Throws<NotSupportedException>(() => _npu.TryRead(new DeviceAddr(0x1000), new byte[1]));
    }

    [Fact]
    public void Iotlb_Conflict_EvictsAndWalksAgain()
    {
        _mmu.Attach(_table.Root);
        Map(0x1000, _pageA, IommuProt.Read);
        Map(0x1000 + (16 * 0x1000), _pageB, IommuProt.Read); // same line of a 16-entry direct-mapped IOTLB

        Read(0x1000);
        Read(0x11000);
        Read(0x1000);

        Assert.Equal(3, _mmu.IotlbMisses);
        Assert.Single(_mmu.IotlbEntries(0));
    }

    private void Map(ulong iova, PhysAddr phys, IommuProt prot) =>
        Assert.Equal(IommuMapResult.Success, _table.Map(new DeviceAddr(iova), phys, 0x1000, prot));

    private string Read(ulong iova)
    {
        var into = new byte[6];
        Assert.True(_npu.TryRead(new DeviceAddr(iova), into));
        return System.Text.Encoding.ASCII.GetString(into);
    }

    private string ReadPhys(PhysAddr at, int length = 6)
    {
        var into = new byte[length];
        _soc.Memory.Read(at, into);
        return System.Text.Encoding.ASCII.GetString(into);
    }
}
