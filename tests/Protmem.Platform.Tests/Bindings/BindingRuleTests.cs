using Protmem.Hardware;
using Protmem.Kernel.Tee;

namespace Protmem.Platform.Tests.Bindings;

/// <summary>Each binding's rules: placement, ids, warnings for what nothing binds, errors naming node and property.</summary>
public sealed class BindingRuleTests
{
    private static PhysRange Range(ulong start, ulong length) => new(new PhysAddr(start), length);

    [Fact]
    public void Bind_DynamicRegions_ArePlacedTopDownInNodeOrderAroundFixedOnes()
    {
        var board = BindingFixtures.Bind("""
            reserved-memory {
                #address-cells = <2>; #size-cells = <2>; ranges;
                first { size = <0x0 0x100000>; };
                fixed@7ff00000 { reg = <0x0 0x7ff00000 0x0 0x100000>; };
                second { size = <0x0 0x200000>; alignment = <0x0 0x400000>; alloc-ranges = <0x0 0x40000000 0x0 0x10000000>; };
            };
            """);

        Assert.Equal(Range(0x7fe0_0000, 0x10_0000), board.Region("first").Range);
        Assert.Equal(Range(0x7ff0_0000, 0x10_0000), board.Region("fixed@7ff00000").Range);
        Assert.Equal(Range(0x4fc0_0000, 0x20_0000), board.Region("second").Range);
        Assert.Equal(["first", "fixed@7ff00000", "second"], board.ReservedMemory.Select(r => r.Name));
    }

    [Fact]
    public void Bind_CmaRegion_IsAlignedToAPageblock()
    {
        var board = BindingFixtures.Bind("""
            reserved-memory {
                #address-cells = <2>; #size-cells = <2>; ranges;
                top { reg = <0x0 0x7ff80000 0x0 0x80000>; no-map; };
                cma { compatible = "shared-dma-pool"; reusable; size = <0x0 0x100000>; };
                plain { size = <0x0 0x100000>; };
            };
            """);

        Assert.Equal(Range(0x7fe0_0000, 0x10_0000), board.Region("cma").Range);
        Assert.Equal(Range(0x7fd0_0000, 0x10_0000), board.Region("plain").Range);
        Assert.Equal("cma", board.DefaultCmaRegion);
    }

    [Fact]
    public void Bind_RegionThatDoesNotFit_IsSkippedWithAWarning()
    {
        var board = BindingFixtures.Bind("""
            reserved-memory {
                #address-cells = <2>; #size-cells = <2>; ranges;
                huge { size = <0x1 0x0>; };
            };
            """);

        Assert.Empty(board.ReservedMemory);
        Assert.Contains(board.Warnings, w => w.StartsWith("/reserved-memory/huge:", StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_UnboundCompatible_IsAWarningAndSkipped()
    {
        var board = BindingFixtures.Bind("""uart@9000000 { compatible = "arm,pl011", "arm,primecell"; reg = <0x0 0x9000000 0x0 0x1000>; };""");

        Assert.Contains("/uart@9000000: compatible \"arm,pl011\", \"arm,primecell\" has no binding in Protmem; skipped", board.Warnings);
        Assert.Empty(board.Devices);
    }

    [Fact]
    public void Bind_DisabledNode_IsNeitherBoundNorWarned()
    {
        var board = BindingFixtures.Bind("""
            dec@1000 { compatible = "x,dec"; protmem,master-id = <3>; status = "disabled"; };
            uart@2000 { compatible = "arm,pl011"; status = "disabled"; };
            """);

        Assert.Empty(board.Soc.Masters);
        Assert.DoesNotContain(board.Warnings, w => w.Contains("uart", StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_MastersWithoutIds_GetTheLowestFreeIdsInTreeOrder()
    {
        var board = BindingFixtures.Bind("""
            rm: reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges; pool: pool { size = <0x0 0x100000>; }; };
            a@1 { compatible = "x,a"; memory-region = <&pool>; };
            b@2 { compatible = "x,b"; protmem,master-id = <1>; };
            c@3 { compatible = "x,c"; protmem,master-id = <3>; };
            d@4 { compatible = "x,d"; memory-region = <&pool>; };
            """);

        Assert.Equal([(2, "a"), (1, "b"), (3, "c"), (4, "d")], board.Soc.Masters.Select(m => (m.Id, m.Name)));
        Assert.Equal(["pool"], board.Device("a").MemoryRegions);
    }

    [Fact]
    public void Bind_MastersSharingABaseName_KeepTheirUnitAddress()
    {
        var board = BindingFixtures.Bind("""
            npu@1000 { compatible = "x,npu"; protmem,master-id = <1>; };
            npu@2000 { compatible = "x,npu"; protmem,master-id = <2>; };
            """);

        Assert.Equal(["npu@1000", "npu@2000"], board.Soc.Masters.Select(m => m.Name));
    }

    [Fact]
    public void Bind_IommuWithTwoRegEntries_HasTwoBanks()
    {
        var board = BindingFixtures.Bind("""
            mmu: iommu@fdab9000 { compatible = "rockchip,rk3588-iommu"; reg = <0x0 0xfdab9000 0x0 0x100>, <0x0 0xfdaba000 0x0 0x100>; #iommu-cells = <0>; };
            npu@fdab0000 { compatible = "rockchip,rk3588-rknn-core"; iommus = <&mmu>; };
            """);

        var iommu = Assert.Single(board.Soc.Iommus);
        Assert.Equal(("iommu", 2, "rockchip,rk3588-iommu"), (iommu.Name, iommu.BankCount, iommu.Compatible));
        Assert.Equal(["npu"], iommu.Masters);
    }

    [Fact]
    public void Bind_MasterBehindAnUnmodelledIommu_ReachesMemoryDirectlyWithAWarning()
    {
        var board = BindingFixtures.Bind("""
            smmu: iommu@2b400000 { compatible = "arm,mmu-500"; #iommu-cells = <1>; };
            dma@7ff00000 { compatible = "arm,pl330"; iommus = <&smmu 0x0>, <&smmu 0x1>; };
            """);

        Assert.Null(board.Device("dma").Iommu);
        Assert.Single(board.Warnings, w => w.Contains("is not modelled; the master reaches memory directly", StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_BootargsAndRootFlags_BecomeOptionsHazardAndCosts()
    {
        var board = BindingFixtures.Bind("""
            protmem,speculative-access-fatal;
            protmem,cost-firewall-reprogram = <12345>;
            chosen { bootargs = "console=ttyAMA0 protmem.design=restricted-heap protmem.unmap_direct_map=1 quiet"; };
            """);

        Assert.True(board.Soc.SpeculativeAccessToFirewalledPageIsFatal);
        Assert.Equal(12345.0, board.Soc.CostOverrides["FirewallReprogram"]);
        Assert.Equal(ProtectedMemoryDesign.RestrictedHeap, board.Design);
        Assert.True(board.UnmapDirectMapOnLend);
        Assert.Equal("ttyAMA0", board.KernelOptions["console"]);
        Assert.Equal("1", board.KernelOptions["quiet"]);
    }

    [Fact]
    public void Bind_RestrictedHeapRegion_IsKnownByItsCompatible()
    {
        var board = BindingFixtures.Bind("""
            reserved-memory {
                #address-cells = <2>; #size-cells = <2>; ranges;
                restricted@50000000 { compatible = "linaro,restricted-heap"; reg = <0x0 0x50000000 0x0 0x1000000>; no-map; };
            };
            """);

        var region = Assert.Single(board.RestrictedHeapRegions);
        Assert.Equal(Range(0x5000_0000, 0x100_0000), region.Range);
        Assert.DoesNotContain(board.Warnings, w => w.Contains("restricted", StringComparison.Ordinal));
    }
}
