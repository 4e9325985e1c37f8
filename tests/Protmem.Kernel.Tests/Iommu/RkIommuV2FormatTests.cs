using Protmem.Hardware;
using Protmem.Hardware.Iommu;
using Protmem.Kernel.Iommu;
using Protmem.Uapi;

namespace Protmem.Kernel.Tests.Iommu;

/// <summary>The format contract on the Rockchip v2 table (40-bit physical addresses), walked by a <c>rockchip,rk3568-iommu</c>.</summary>
public sealed class RkIommuV2FormatTests : IommuFormatContract
{
    protected override IoPgtableFmt Format => IoPgtableFmt.RkIommuV2;

    protected override string IommuCompatible => "rockchip,rk3568-iommu";

    protected override int Oas => 40;

    protected override int AlreadyMappedErrno => -Errno.EADDRINUSE;

    [Fact]
    public void HardwareWalk_OfAPageAbove4GiB_DecodesTheHighAddressBits()
    {
        var kernel = IommuTestBoard.Boot(IommuCompatible, out var soc, highBank: true);
        var cfg = new IoPgtableCfg { PgsizeBitmap = ulong.MaxValue, Ias = 32, Oas = Oas, Tlb = new RecordingFlushOps() };
        var table = IoPgtable.AllocIoPgtableOps(Format, cfg, kernel.Hardware, kernel.Pages)!;
        var high = new PhysAddr(IommuTestBoard.HighBase + 0x5000);
        soc.Memory.Write(high, "above-4g"u8);
        Assert.Equal(0, table.MapPages(0x1000_0000, high, 4096, 1, IommuProt.Read, out _));
        Assert.True(soc.Iommu("mmu").Attach(cfg.Ttbr));
        var got = new byte[8];
        Assert.True(kernel.Devices["dev0"].Master!.TryRead(new DeviceAddr(0x1000_0000), got));
        Assert.Equal("above-4g"u8.ToArray(), got);
        Assert.Equal(high, table.IovaToPhys(new DeviceAddr(0x1000_0000)));
    }
}
