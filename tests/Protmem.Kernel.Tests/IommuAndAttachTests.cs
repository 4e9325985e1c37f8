using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Iommu;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Iommu.Rockchip;
using Protmem.Uapi;
using KDmaBuf = Protmem.Kernel.DmaBufs.DmaBuf;

namespace Protmem.Kernel.Tests;

/// <summary>The IOMMU API and dma-buf attach/map: device addresses that really reach the buffer's bytes.</summary>
public class IommuAndAttachTests
{
    [Theory]
    [InlineData("system", "gpu0")]
    [InlineData("system", "dma0")]
    [InlineData(TestMachine.CmaName, "gpu0")]
    [InlineData(TestMachine.CmaName, "dma0")]
    public void MapAttachment_DeviceReadsWhatTheCpuWrote(string heapName, string deviceName)
    {
        var kernel = TestMachine.Boot();
        var before = kernel.Snapshot();
        var p = kernel.Spawn("app");
        var args = TestMachine.MapArgs(p);
        var fd = TestMachine.Alloc(p, TestMachine.OpenHeap(p, heapName), args, (2 << 20) + 8192);
        var size = (ulong)p.Lseek(fd, 0, Seek.SEEK_END);
        var map = (ulong)p.Mmap(0, size, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, fd, 0);
        var pattern = new byte[size];
        new Random(7).NextBytes(pattern);
        Assert.Equal(0, p.WriteMemory(map, pattern));

        Assert.True(p.Files.TryGet<KDmaBuf>(fd, out _, out var buffer));
        var device = kernel.Devices[deviceName];
        Assert.Equal(0, buffer.Attach(device, DmaDataDirection.Bidirectional, out var attachment));
        Assert.Equal(0, buffer.MapAttachment(attachment!, DmaDataDirection.Bidirectional, out var table));
        Assert.Equal(size, table!.TotalLength);

        // A device behind an IOMMU sees one contiguous range; without one, each chunk at its physical address.
        var seen = new byte[size];
        ulong offset = 0;
        foreach (var entry in table.Entries)
        {
            Assert.True(device.Master!.TryRead(entry.DmaAddress, seen.AsSpan((int)offset, (int)entry.Length)));
            offset += entry.Length;
        }

        Assert.Equal(pattern, seen);
        if (device.Iommu is not null)
        {
            Assert.True(table.DmaAddressOf(0).Value < RkIommuPageTable.IovaLimit);
            Assert.NotEqual(table.Entries[0].Phys.Value, table.DmaAddressOf(0).Value);
        }
        else
        {
            Assert.Equal(table.Entries[0].Phys.Value, table.DmaAddressOf(0).Value);
        }

        // The device writes; the process sees it through its mapping.
        Assert.True(device.Master!.TryWrite(table.DmaAddressOf(size - 5), "hello"u8));
        var back = new byte[5];
        Assert.Equal(0, p.ReadMemory(map + size - 5, back));
        Assert.Equal("hello"u8.ToArray(), back);

        var iova = table.DmaAddressOf(0);
        buffer.Detach(attachment!);
        if (device.Iommu is not null)
        {
            Assert.False(device.Master.TryRead(iova, new byte[4], SecurityState.NonSecure, out var result));
            Assert.Equal(DeviceAccessResult.IommuFault, result);
        }

        p.Exit();
        Assert.Equal(before.WithoutIommuTables(), kernel.Snapshot().WithoutIommuTables());
        kernel.AssertInvariants();
    }

    [Fact]
    public void Attach_HoldsAReference_ReleasedOnDetach()
    {
        var kernel = TestMachine.Boot();
        using var p = kernel.Spawn("app");
        var args = TestMachine.MapArgs(p);
        var fd = TestMachine.Alloc(p, TestMachine.OpenHeap(p, "system"), args, 4096);
        Assert.True(p.Files.TryGet<KDmaBuf>(fd, out _, out var buffer));
        Assert.Equal(0, buffer.Attach(kernel.Devices["gpu0"], DmaDataDirection.ToDevice, out var attachment));
        Assert.Equal(0, buffer.MapAttachment(attachment!, DmaDataDirection.ToDevice, out _));
        Assert.Equal(0, p.Close(fd));
        Assert.False(buffer.IsReleased);
        buffer.Detach(attachment!);
        Assert.True(buffer.IsReleased);
    }

    [Fact]
    public void MapToDevice_IsReadOnlyForTheDevice()
    {
        var kernel = TestMachine.Boot();
        using var p = kernel.Spawn("app");
        var args = TestMachine.MapArgs(p);
        var fd = TestMachine.Alloc(p, TestMachine.OpenHeap(p, "system"), args, 4096);
        Assert.True(p.Files.TryGet<KDmaBuf>(fd, out _, out var buffer));
        var gpu = kernel.Devices["gpu0"];
        Assert.Equal(0, buffer.Attach(gpu, DmaDataDirection.ToDevice, out var attachment));
        Assert.Equal(0, buffer.MapAttachment(attachment!, DmaDataDirection.ToDevice, out var table));
        Assert.True(gpu.Master!.TryRead(table!.DmaAddressOf(0), new byte[8]));
        Assert.False(gpu.Master.TryWrite(table.DmaAddressOf(0), new byte[8]));
        buffer.Detach(attachment!);
    }

    [Fact]
    public void DomainMap_OverMappedIova_ReturnsEaddrinuseAndKeepsTheOldMapping()
    {
        var kernel = TestMachine.Boot();
        var before = kernel.Snapshot();
        var domain = kernel.Iommu.PagingDomainAlloc(kernel.Devices["gpu0"])!;
        var page = new PhysAddr(TestMachine.DramBase);
        var iova = new DeviceAddr(0x10_0000);
        Assert.Equal(0, domain.Map(iova, page, 8192, IommuProt.ReadWrite));
        Assert.Equal(-Errno.EADDRINUSE, domain.Map(iova + 4096, page + 0x10000, 8192, IommuProt.Read));
        Assert.Equal(page + 4096, domain.IovaToPhys(iova + 4096));
        Assert.Null(domain.IovaToPhys(iova + 8192));
        Assert.Equal(-Errno.EINVAL, domain.Map(iova + 1, page, 4096, IommuProt.Read));
        Assert.Equal(8192UL, domain.Unmap(iova, 8192));
        kernel.Iommu.DomainFree(domain);
        Assert.Equal(before, kernel.Snapshot());
    }

    [Fact]
    public void AttachDevice_ToOwnDomain_TranslatesThroughIt_DetachRestoresDefault()
    {
        var kernel = TestMachine.Boot(out var soc);
        var gpu = kernel.Devices["gpu0"];
        var defaultDomain = kernel.Iommu.GetDomainForDevice(gpu);
        Assert.NotNull(defaultDomain);
        var domain = kernel.Iommu.PagingDomainAlloc(gpu)!;
        Assert.Equal(0, kernel.Iommu.AttachDevice(domain, gpu));
        Assert.Equal(gpu.Master!.Iommu!.AttachedDirectory, ((RkIommuDomain)domain.Ops).Root);
        var page = new PhysAddr(TestMachine.DramBase + 0x20_0000);
        soc.Memory.Write(page, "dev"u8);
        Assert.Equal(0, domain.Map(new DeviceAddr(0x4000_0000), page, 4096, IommuProt.Read));
        var got = new byte[3];
        Assert.True(gpu.Master!.TryRead(new DeviceAddr(0x4000_0000), got));
        Assert.Equal("dev"u8.ToArray(), got);
        Assert.Equal(-Errno.ENODEV, kernel.Iommu.AttachDevice(domain, kernel.Devices["dma0"]));
        kernel.Iommu.DetachDevice(domain, gpu);
        Assert.Same(defaultDomain, kernel.Iommu.GetDomainForDevice(gpu));
        Assert.False(gpu.Master.TryRead(new DeviceAddr(0x4000_0000), got));
        domain.Unmap(new DeviceAddr(0x4000_0000), 4096);
        kernel.Iommu.DomainFree(domain);
        kernel.AssertInvariants();
    }

    [Fact]
    public void Unmap_ZapsEveryPage_SoNoStaleTranslationSurvives()
    {
        var kernel = TestMachine.Boot();
        var gpu = kernel.Devices["gpu0"];
        var domain = kernel.Iommu.GetDomainForDevice(gpu)!;
        var page = new PhysAddr(TestMachine.DramBase + 0x30_0000);
        var iova = new DeviceAddr(0x8000_0000);
        Assert.Equal(0, domain.Map(iova, page, 4 * 4096, IommuProt.ReadWrite));
        for (ulong i = 0; i < 4; i++)
        {
            Assert.True(gpu.Master!.TryRead(iova + (i * 4096), new byte[4]));
        }

        Assert.NotEmpty(gpu.Master!.Iommu!.IotlbEntries(0));
        Assert.Equal(4UL * 4096, domain.Unmap(iova, 4 * 4096));
        for (ulong i = 0; i < 4; i++)
        {
            Assert.False(gpu.Master!.TryRead(iova + (i * 4096), new byte[4]));
        }
    }

    [Fact]
    public void Vmap_MapsTheBufferInTheKernel_VunmapRemovesIt()
    {
        var kernel = TestMachine.Boot();
        using var p = kernel.Spawn("app");
        var args = TestMachine.MapArgs(p);
        var fd = TestMachine.Alloc(p, TestMachine.OpenHeap(p, "system"), args, 3 * 4096);
        Assert.True(p.Files.TryGet<KDmaBuf>(fd, out _, out var buffer));
        Assert.Equal(0, buffer.Vmap(out var va));
        Assert.Equal(0, buffer.Vmap(out var again));
        Assert.Equal(va, again);
        Assert.True(kernel.Hardware.Cpu.TryWrite(kernel.Hardware.LinearMap, va + 8190, "vm"u8));
        var map = (ulong)p.Mmap(0, 3 * 4096, Mman.PROT_READ, Mman.MAP_SHARED, fd, 0);
        var got = new byte[2];
        Assert.Equal(0, p.ReadMemory(map + 8190, got));
        Assert.Equal("vm"u8.ToArray(), got);
        buffer.Vunmap(va);
        buffer.Vunmap(va);
        Assert.False(kernel.Hardware.Cpu.TryRead(kernel.Hardware.LinearMap, va, got));
    }

    [Fact]
    public void DirectMap_NoMapRegionRemovedAtBoot_DriversRemoveAndRestore()
    {
        var kernel = TestMachine.Boot(out var soc);
        Assert.False(kernel.DirectMap.IsMapped(new PhysAddr(TestMachine.CarveoutBase)));
        Assert.True(kernel.DirectMap.IsMapped(new PhysAddr(TestMachine.CmaBase)));
        var range = new PhysRange(new PhysAddr(TestMachine.CmaBase), 1 << 20);
        kernel.DirectMap.RemoveRange(range);
        Assert.False(kernel.DirectMap.IsMapped(range.Start + 4096));
        Assert.DoesNotContain(soc.Oracle.ReachableBy(soc.LinearMap, SecurityState.NonSecure, AccessDirection.Read), r => r.Overlaps(range));
        kernel.DirectMap.RestoreRange(range);
        Assert.True(kernel.DirectMap.IsMapped(range.Start + 4096));
        Assert.False(kernel.DirectMap.IsMapped(new PhysAddr(TestMachine.CarveoutBase)));
        Assert.Throws<KernelOopsException>(() => kernel.DirectMap.RestoreRange(range));
    }
}
