using Protmem.Hardware.Iommu;

namespace Protmem.Hardware.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void DeviceRead_ThroughAttachedTable_ReturnsBytesTheCpuWrote()
    {
        var soc = TestBoards.Build();
        var pool = TestBoards.TablePool();
        var table = soc.CreateRkIommuPageTable(pool);
        var buffer = TestBoards.Dram(0x10_0000);
        Assert.True(soc.Cpu.TryWrite(soc.LinearMap, soc.LinearMap.VirtualOf(buffer), "hello"u8, SecurityState.NonSecure));
        Assert.Equal(IommuMapResult.Success, table.Map(new DeviceAddr(0x1000), buffer, 0x2000, IommuProt.Read));
        soc.Iommu("npu-mmu").Attach(table.Root);

        var into = new byte[5];
        Assert.True(soc.Device("npu").TryRead(new DeviceAddr(0x1000), into));
        Assert.Equal("hello"u8.ToArray(), into);
    }
}
