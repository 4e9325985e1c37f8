using Protmem.Hardware.Time;

namespace Protmem.Hardware.Tests;

public sealed class SocTests
{
    [Fact]
    public void Constructor_BuildsEveryBlockOfTheDescription()
    {
        var soc = TestBoards.Build();

        Assert.Equal(["cpu", "dma", "gpu", "npu", "vpu"], soc.Masters.Keys.Order());
        Assert.Equal(["dma", "gpu", "npu", "vpu"], soc.Devices.Keys.Order());
        Assert.Same(soc.Iommu("npu-mmu"), soc.Device("npu").Iommu);
        Assert.Equal(2, soc.Iommu("npu-mmu").BankCount);
        Assert.True(soc.Cpu.Master.CanIssueSecure && soc.Cpu.Master.CanIssueNonSecure);
        Assert.Equal(8, soc.Firewall.RegionCount);
        Assert.Equal([soc.LinearMap], soc.AddressSpaces);
        Assert.Equal(0UL, soc.Clock.Now);
        Assert.Throws<KeyNotFoundException>(() => soc.Device("cpu"));
        soc.AssertInvariants();
    }

    [Fact]
    public void Constructor_CostOverrides_ReachTheBlocks()
    {
        var soc = new Soc(TestBoards.Description() with
        {
            CostOverrides = new Dictionary<string, double> { ["iommu-attach"] = 42, ["IommuMmioWrite"] = 0 },
        });
        var table = soc.CreateRkIommuPageTable(TestBoards.TablePool());
        var before = soc.Clock.Now;

        soc.Iommu("vpu-mmu").Attach(table.Root);

        Assert.Equal(42UL, soc.Clock.Now - before);
        Assert.Equal(42, soc.Costs.IommuAttach);
        Assert.Equal(CostModel.DefaultSmcRoundTrip, soc.Costs.SmcRoundTrip);
    }

    [Theory]
    [InlineData("unknown-iommu")]
    [InlineData("duplicate-name")]
    [InlineData("duplicate-id")]
    [InlineData("behind-two")]
    [InlineData("cpu-behind-iommu")]
    [InlineData("no-dram")]
    public void Constructor_InconsistentDescription_IsRefusedWithAMessage(string problem)
    {
        var d = TestBoards.Description();
        d = problem switch
        {
            "unknown-iommu" => d with { Iommus = [new IommuDescription("smmu", ["npu"], Compatible: "arm,smmu-v3")] },
            "duplicate-name" => d with { Masters = [.. d.Masters, new BusMasterDescription(9, "npu")] },
            "duplicate-id" => d with { Masters = [.. d.Masters, new BusMasterDescription(1, "isp")] },
            "behind-two" => d with { Iommus = [.. d.Iommus, new IommuDescription("extra", ["npu"])] },
            "cpu-behind-iommu" => d with { Iommus = [new IommuDescription("odd", ["cpu"])] },
            _ => d with { DramBanks = [] },
        };

        var error = Record.Exception(() => new Soc(d));

        Assert.True(error is ArgumentException or NotSupportedException, error?.ToString());
    }
}
