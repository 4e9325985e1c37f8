using Protmem.Hardware;
using Protmem.Hardware.Iommu;
using Protmem.Kernel.Iommu;
using Protmem.Uapi;

namespace Protmem.Kernel.Tests.Iommu;

/// <summary>The format contract on the Rockchip v1 table (32-bit physical addresses), walked by a <c>rockchip,iommu</c>.</summary>
public sealed class RkIommuV1FormatTests : IommuFormatContract
{
    protected override IoPgtableFmt Format => IoPgtableFmt.RkIommuV1;

    protected override string IommuCompatible => "rockchip,iommu";

    protected override int Oas => 32;

    protected override int AlreadyMappedErrno => -Errno.EADDRINUSE;

    [Fact]
    public void MapPages_OfAPageAbove4GiB_ReturnsErangeOnABoardThatHasIt()
    {
        var kernel = IommuTestBoard.Boot(IommuCompatible, out _, highBank: true);
        var cfg = new IoPgtableCfg { PgsizeBitmap = ulong.MaxValue, Ias = 32, Oas = Oas, Tlb = new RecordingFlushOps() };
        var table = IoPgtable.AllocIoPgtableOps(Format, cfg, kernel.Hardware, kernel.Pages)!;
        Assert.True(cfg.Ttbr.Value < IommuTestBoard.HighBase);
        Assert.Equal(-Errno.ERANGE, table.MapPages(0x1000_0000, new PhysAddr(IommuTestBoard.HighBase), 4096, 1, IommuProt.Read, out _));
        Assert.Null(table.IovaToPhys(new DeviceAddr(0x1000_0000)));
    }
}
