using Protmem.Hardware;
using Protmem.Hardware.Iommu;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Iommu.Rockchip;
using Protmem.Uapi;

namespace Protmem.Kernel.Tests.Iommu;

/// <summary>The IOMMU core with the Rockchip driver: probe and default domains, attach/detach, iommu_map's checks and the driver's zap policy.</summary>
public class IommuCoreTests
{
    [Theory]
    [InlineData("rockchip,iommu", IoPgtableFmt.RkIommuV1)]
    [InlineData("rockchip,rk3568-iommu", IoPgtableFmt.RkIommuV2)]
    public void Boot_DeviceBehindAnIommu_GetsADefaultDmaDomainOfTheMatchedFormat_Attached(string compatible, IoPgtableFmt format)
    {
        var kernel = IommuTestBoard.Boot(compatible, out var soc);
        var dev = kernel.Devices["dev0"];
        Assert.IsType<RkIommuDriver>(kernel.Devices["mmu"].Driver);
        Assert.Equal("mmu", dev.Iommu!.Name);
        var domain = kernel.Iommu.GetDomainForDevice(dev)!;
        Assert.Equal(IommuDomainType.Dma, domain.Type);
        Assert.Same(domain, dev.IommuGroup!.DefaultDomain);
        Assert.Equal(format, ((RkIommuDomain)domain.Ops).Format);
        Assert.Equal(((RkIommuDomain)domain.Ops).Root, soc.Iommu("mmu").AttachedDirectory);
        Assert.Equal(RkIommuIoPgtable.PgsizeBitmap, domain.PgsizeBitmap);
        Assert.Null(kernel.Devices["raw0"].Iommu);
        Assert.Null(kernel.Iommu.GetDomainForDevice(kernel.Devices["raw0"]));
        Assert.False(kernel.Iommu.DeviceCapable(dev, IommuCap.CacheCoherency));
        kernel.AssertInvariants();
    }

    [Fact]
    public void PagingDomainAlloc_DeviceWithoutIommu_ReturnsEnodev()
    {
        var kernel = IommuTestBoard.Boot("rockchip,rk3568-iommu", out _);
        Assert.Equal(-Errno.ENODEV, kernel.Iommu.PagingDomainAlloc(kernel.Devices["raw0"], out var domain));
        Assert.Null(domain);
    }

    [Fact]
    public void AttachDevice_WhileAttachedToAnotherOwnDomain_ReturnsEbusy_DetachThenAttachWorks()
    {
        var kernel = IommuTestBoard.Boot("rockchip,rk3568-iommu", out var soc);
        var dev = kernel.Devices["dev0"];
        var a = kernel.Iommu.PagingDomainAlloc(dev)!;
        var b = kernel.Iommu.PagingDomainAlloc(dev)!;
        Assert.Equal(IommuDomainType.Unmanaged, a.Type);
        Assert.Equal(0, kernel.Iommu.AttachDevice(a, dev));
        var attaches = soc.Iommu("mmu").AttachCount;
        Assert.Equal(0, kernel.Iommu.AttachDevice(a, dev));
        Assert.Equal(attaches, soc.Iommu("mmu").AttachCount);
        Assert.Equal(-Errno.EBUSY, kernel.Iommu.AttachDevice(b, dev));
        Assert.Same(a, kernel.Iommu.GetDomainForDevice(dev));
        kernel.Iommu.DetachDevice(a, dev);
        Assert.Equal(0, kernel.Iommu.AttachDevice(b, dev));
        Assert.Equal(((RkIommuDomain)b.Ops).Root, soc.Iommu("mmu").AttachedDirectory);
        Assert.Throws<Core.KernelOopsException>(() => kernel.Iommu.DetachDevice(a, dev));
        Assert.Throws<Core.KernelOopsException>(() => kernel.Iommu.DomainFree(b));
        kernel.Iommu.DetachDevice(b, dev);
        kernel.Iommu.DomainFree(a);
        kernel.Iommu.DomainFree(b);
        Assert.Throws<ObjectDisposedException>(() => kernel.Iommu.AttachDevice(a, dev));
        kernel.AssertInvariants();
    }

    [Fact]
    public void Map_ChecksAlignmentAgainstTheSmallestPage_AndZeroSizeMapsNothing()
    {
        var kernel = IommuTestBoard.Boot("rockchip,rk3568-iommu", out _);
        var domain = kernel.Iommu.PagingDomainAlloc(kernel.Devices["dev0"])!;
        var phys = new PhysAddr(IommuTestBoard.DramBase);
        Assert.Equal(-Errno.EINVAL, domain.Map(new DeviceAddr(0x10_0800), phys, 4096, IommuProt.Read));
        Assert.Equal(-Errno.EINVAL, domain.Map(new DeviceAddr(0x10_0000), phys + 0x10, 4096, IommuProt.Read));
        Assert.Equal(-Errno.EINVAL, domain.Map(new DeviceAddr(0x10_0000), phys, 4095, IommuProt.Read));
        Assert.Equal(0, domain.Map(new DeviceAddr(0x10_0000), phys, 0, IommuProt.Read));
        Assert.Equal(-Errno.ERANGE, domain.Map(new DeviceAddr(0xFFFF_F000), phys, 0x2000, IommuProt.Read));
        Assert.Null(domain.IovaToPhys(new DeviceAddr(0xFFFF_F000)));
        Assert.Equal(0UL, domain.Unmap(new DeviceAddr(0x10_0800), 4096));
        kernel.Iommu.DomainFree(domain);
    }

    [Fact]
    public void Map_OfARangeSplitIntoPageSizes_ZapsFirstAndLastLineOfEachPiece_UnmapZapsEveryPage()
    {
        var kernel = IommuTestBoard.Boot("rockchip,rk3568-iommu", out var soc);
        var dev = kernel.Devices["dev0"];
        var iommu = soc.Iommu("mmu");
        var domain = kernel.GetDefaultDomain(dev);

        // 0x1000 at 0x40_1000, then 0x2000 at 0x40_2000, then 0x4000 at 0x40_4000: three pieces of iommu_pgsize.
        var before = iommu.ZapLineWrites;
        Assert.Equal(0, domain.Map(new DeviceAddr(0x40_1000), new PhysAddr(IommuTestBoard.DramBase + 0x1000), 0x7000, IommuProt.ReadWrite));
        Assert.Equal(1 + 2 + 2, iommu.ZapLineWrites - before);

        before = iommu.ZapLineWrites;
        Assert.Equal(0x7000UL, domain.Unmap(new DeviceAddr(0x40_1000), 0x7000));
        Assert.Equal(7, iommu.ZapLineWrites - before);
    }

    [Fact]
    public void Unmap_ZapsTheLineADeviceCached_SoItsNextAccessFaults()
    {
        var kernel = IommuTestBoard.Boot("rockchip,iommu", out var soc);
        var dev = kernel.Devices["dev0"];
        var domain = kernel.GetDefaultDomain(dev);
        var iova = new DeviceAddr(0x8000_0000);
        Assert.Equal(0, domain.Map(iova, new PhysAddr(IommuTestBoard.DramBase + 0x30_0000), 4096, IommuProt.Read));
        Assert.True(dev.Master!.TryRead(iova, new byte[4]));
        Assert.Contains(soc.Iommu("mmu").IotlbEntries(0), e => e.Iova == iova);
        Assert.Equal(4096UL, domain.Unmap(iova, 4096));
        Assert.DoesNotContain(soc.Iommu("mmu").IotlbEntries(0), e => e.Iova == iova);
        Assert.False(dev.Master.TryRead(iova, new byte[4]));
    }

    [Fact]
    public void FlushIotlbAll_DropsEveryCachedTranslationOfTheAttachedInstance()
    {
        var kernel = IommuTestBoard.Boot("rockchip,rk3568-iommu", out var soc);
        var dev = kernel.Devices["dev0"];
        var domain = kernel.GetDefaultDomain(dev);
        Assert.Equal(0, domain.Map(new DeviceAddr(0x8000_0000), new PhysAddr(IommuTestBoard.DramBase), 4096, IommuProt.Read));
        Assert.True(dev.Master!.TryRead(new DeviceAddr(0x8000_0000), new byte[4]));
        Assert.NotEmpty(soc.Iommu("mmu").IotlbEntries(0));
        domain.FlushIotlbAll();
        Assert.Empty(soc.Iommu("mmu").IotlbEntries(0));
    }
}
