using Protmem.Hardware;
using Protmem.Platform.Boards;
using Protmem.Platform.Tests.DeviceTree;

namespace Protmem.Platform.Tests.Bindings;

/// <summary>The bindings on four real Linux trees: a description with clear warnings, never a crash.</summary>
public sealed class RealTreeBindingTests
{
    public static TheoryData<string> Boards => new(DtTestData.Boards);

    [Theory]
    [MemberData(nameof(Boards))]
    public void Load_RealTree_GivesADescriptionWithPathNamedWarnings(string board)
    {
        var description = PlatformCatalog.Load(DtTestData.Preprocessed(board));

        Assert.NotEmpty(description.Warnings);
        Assert.All(description.Warnings, w => Assert.StartsWith("/", w, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_Rk3588RockFiveB_LeavesMemoryToTheBootLoaderAndSkipsUnplaceableRegions()
    {
        var description = PlatformCatalog.Load(DtTestData.Preprocessed("rk3588-rock-5b"));

        Assert.Empty(description.SystemRam);
        Assert.Contains("/: no memory node describes RAM; the board cannot boot a kernel", description.Warnings);
        Assert.Contains(description.Warnings, w => w.StartsWith("/reserved-memory/shmem@10f000: [0x10f000, 0x110000) is not inside system RAM", StringComparison.Ordinal));
        Assert.Contains(description.Warnings, w => w.StartsWith("/reserved-memory/hdmi-receiver-cma: no free 0xa000000 bytes", StringComparison.Ordinal));
        Assert.Contains(description.Soc.Iommus, i => i.Compatible == "rockchip,rk3588-iommu" && i.Masters.Count > 0);
    }

    [Fact]
    public void Load_Mt8195Demo_FindsOpteeOverSmcAndItsReservedMemory()
    {
        var description = PlatformCatalog.Load(DtTestData.Preprocessed("mt8195-demo"));

        Assert.Equal(TeeAbi.Smc, description.Tee!.Abi);
        Assert.Equal("/firmware/optee", description.Tee.Path);
        var optee = description.Region("optee@43200000");
        Assert.True(optee.NoMap);
        Assert.Equal(optee.Range, description.Tee.SecureDram);
        Assert.Contains(description.Warnings, w => w.Contains("is taken as the secure DRAM", StringComparison.Ordinal));
        Assert.Equal(new PhysAddr(0x4000_0000), description.SystemRam[0].Start);
    }

    [Fact]
    public void Load_Juno_FindsBothMemoryBanksAndWarnsAboutTheSmmu()
    {
        var description = PlatformCatalog.Load(DtTestData.Preprocessed("juno"));

        Assert.Equal(2, description.SystemRam.Count);
        Assert.Contains(description.Warnings, w => w.Contains("(arm,mmu-401, arm,smmu-v1) is not modelled", StringComparison.Ordinal));
        Assert.Null(description.Tee);
    }
}
