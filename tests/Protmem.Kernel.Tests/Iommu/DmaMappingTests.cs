using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Kernel.Dma;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Iommu;
using Protmem.Uapi;

namespace Protmem.Kernel.Tests.Iommu;

/// <summary>The DMA API: through the default DMA domain behind an IOMMU (either format), physical addresses without one.</summary>
public class DmaMappingTests
{
    [Theory]
    [InlineData("rockchip,iommu")]
    [InlineData("rockchip,rk3568-iommu")]
    public void MapSgtable_BehindAnIommu_OneContiguousIovaRangeTheDeviceReads_UnmapFaultsAndFreesTheIova(string compatible)
    {
        var kernel = IommuTestBoard.Boot(compatible, out var soc);
        var dev = kernel.Devices["dev0"];
        var domain = kernel.GetDefaultDomain(dev);
        var iovaBefore = domain.IovaAvailable;
        var a = new PhysAddr(IommuTestBoard.DramBase + 0x10_0000);
        var b = new PhysAddr(IommuTestBoard.DramBase + 0x30_0000);
        soc.Memory.Write(a + 0x1FFE, "ab"u8);
        soc.Memory.Write(b, "cd"u8);
        var table = new SgTable([new PhysRange(a, 0x2000), new PhysRange(b, 0x1000)]);
        Assert.Equal(0, kernel.Dma.MapSgtable(dev, table, DmaDataDirection.ToDevice));
        Assert.Equal(1, kernel.Dma.LiveMappings);
        Assert.Equal(table.Entries[0].DmaAddress + 0x2000, table.Entries[1].DmaAddress);
        var got = new byte[4];
        Assert.True(dev.Master!.TryRead(table.DmaAddressOf(0x1FFE), got));
        Assert.Equal("abcd"u8.ToArray(), got);
        Assert.False(dev.Master.TryWrite(table.DmaAddressOf(0), "x"u8));
        Assert.Equal(iovaBefore - 0x3000, domain.IovaAvailable);

        var iova = table.DmaAddressOf(0);
        kernel.Dma.UnmapSgtable(dev, table, DmaDataDirection.ToDevice);
        Assert.False(dev.Master.TryRead(iova, got, SecurityState.NonSecure, out var result));
        Assert.Equal(DeviceAccessResult.IommuFault, result);
        Assert.Equal(iovaBefore, domain.IovaAvailable);
        Assert.Equal(0, kernel.Dma.LiveMappings);
        kernel.AssertInvariants();
    }

    [Fact]
    public void MapSgtable_WithoutAnIommu_DeviceAddressesArePhysical()
    {
        var kernel = IommuTestBoard.Boot("rockchip,rk3568-iommu", out _);
        var raw = kernel.Devices["raw0"];
        var table = new SgTable([new PhysRange(new PhysAddr(IommuTestBoard.DramBase + 0x5000), 0x1000)]);
        Assert.Equal(0, kernel.Dma.MapSgtable(raw, table, DmaDataDirection.Bidirectional));
        Assert.Equal(IommuTestBoard.DramBase + 0x5000, table.DmaAddressOf(0).Value);
        kernel.Dma.UnmapSgtable(raw, table, DmaDataDirection.Bidirectional);
        Assert.False(table.IsDmaMapped);
    }

    [Fact]
    public void MapSgtable_BadInput_ReturnsLinuxErrno()
    {
        var kernel = IommuTestBoard.Boot("rockchip,rk3568-iommu", out _);
        var dev = kernel.Devices["dev0"];
        var table = new SgTable([new PhysRange(new PhysAddr(IommuTestBoard.DramBase), 0x1000)]);
        Assert.Equal(-Errno.EINVAL, kernel.Dma.MapSgtable(dev, table, (DmaDataDirection)3));
        Assert.Equal(-Errno.EIO, kernel.Dma.MapSgtable(dev, new SgTable([]), DmaDataDirection.ToDevice));
        Assert.False(table.IsDmaMapped);

        // More than the 4 GiB aperture holds: no IOVA range.
        var huge = new SgTable([.. Enumerable.Range(0, 5).Select(_ => new PhysRange(new PhysAddr(IommuTestBoard.DramBase), 1UL << 30))]);
        Assert.Equal(-Errno.ENOMEM, kernel.Dma.MapSgtable(dev, huge, DmaDataDirection.ToDevice));
        Assert.Equal(0, kernel.Dma.LiveMappings);
    }

    [Fact]
    public void MapPage_WithAnOffset_DeviceReadsFromThatOffset_UnmapPageFaults()
    {
        var kernel = IommuTestBoard.Boot("rockchip,rk3568-iommu", out var soc);
        var dev = kernel.Devices["dev0"];
        var page = new PhysAddr(IommuTestBoard.DramBase + 0x7000);
        soc.Memory.Write(page + 0xFFC, "span"u8);
        var address = kernel.Dma.MapPage(dev, page, 0xFFC, 4, DmaDataDirection.ToDevice);
        Assert.Equal(0, DmaMapping.MappingError(address));
        Assert.Equal(0xFFCUL, address.Value & 0xFFF);
        var got = new byte[4];
        Assert.True(dev.Master!.TryRead(address, got));
        Assert.Equal("span"u8.ToArray(), got);
        kernel.Dma.UnmapPage(dev, address, 4, DmaDataDirection.ToDevice);
        Assert.False(dev.Master.TryRead(address, got));
        Assert.Equal(-Errno.ENOMEM, DmaMapping.MappingError(kernel.Dma.MapPage(dev, page, 0, 0, DmaDataDirection.ToDevice)));
        Assert.Equal(0, kernel.Dma.LiveMappings);
    }

    [Fact]
    public void MapSgtable_WhileTheGroupIsOnADriverDomain_MapsInTheDefaultDomain()
    {
        var kernel = IommuTestBoard.Boot("rockchip,rk3568-iommu", out _);
        var dev = kernel.Devices["dev0"];
        var own = kernel.Iommu.PagingDomainAlloc(dev)!;
        Assert.Equal(0, kernel.Iommu.AttachDevice(own, dev));
        var table = new SgTable([new PhysRange(new PhysAddr(IommuTestBoard.DramBase), 0x1000)]);
        Assert.Equal(0, kernel.Dma.MapSgtable(dev, table, DmaDataDirection.ToDevice));
        Assert.Equal(new PhysAddr(IommuTestBoard.DramBase), kernel.GetDefaultDomain(dev).IovaToPhys(table.DmaAddressOf(0)));
        Assert.Null(own.IovaToPhys(table.DmaAddressOf(0)));
        kernel.Dma.UnmapSgtable(dev, table, DmaDataDirection.ToDevice);
        kernel.Iommu.DetachDevice(own, dev);
        kernel.Iommu.DomainFree(own);
        kernel.AssertInvariants();
    }
}
