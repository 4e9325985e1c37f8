using Protmem.Hardware;
using Protmem.Platform.Boards;

namespace Protmem.Platform.Tests.Bindings;

/// <summary>The shipped boards bind to the descriptions their .dts files promise.</summary>
public sealed class ShippedBoardBindingTests
{
    private static PhysRange Range(ulong start, ulong length) => new(new PhysAddr(start), length);

    [Fact]
    public void Load_QemuVirt_HasOpteeQemuMemoryMap()
    {
        var board = PlatformCatalog.Load("qemu-virt");

        Assert.Equal([Range(0x4000_0000, 0x4000_0000)], board.SystemRam);
        Assert.Equal([Range(0x0e00_0000, 0x0100_0000)], board.SecureRam);
        Assert.Equal(TeeAbi.Smc, board.Tee!.Abi);
        Assert.Equal(Range(0x0e10_0000, 0x00f0_0000), board.Tee.SecureDram);
        Assert.Equal(Range(0x0ec0_0000, 0x0040_0000), board.Tee.StaticCarveout);
        Assert.Equal(board.Tee.SecureDram!.Value.End, board.Tee.StaticCarveout!.Value.End);
        Assert.Equal(["video-decoder", "display"], board.Tee.StaticCarveoutMasters);
    }

    [Fact]
    public void Load_QemuVirt_PlacesCmaAtTopOfRam()
    {
        var cma = PlatformCatalog.Load("qemu-virt").Region("linux,cma");

        Assert.Equal(Range(0x7c00_0000, 0x0400_0000), cma.Range);
        Assert.True(cma.IsCma && cma.IsCmaDefault && cma.IsDynamic);
    }

    [Fact]
    public void Load_QemuVirt_HasTwoDirectMastersAndNoWarnings()
    {
        var board = PlatformCatalog.Load("qemu-virt");

        Assert.Equal([(1, "video-decoder"), (2, "display")], board.Soc.Masters.Select(m => (m.Id, m.Name)));
        Assert.Empty(board.Soc.Iommus);
        Assert.Empty(board.Warnings);
        Assert.False(board.Soc.SpeculativeAccessToFirewalledPageIsFatal);
        Assert.Equal(8, board.Soc.FirewallRegionCount);
    }

    [Fact]
    public void Load_Rk3588_HasSixteenGibInTwoBanks()
    {
        var board = PlatformCatalog.Load("rk3588");

        Assert.Equal([Range(0, 0xf000_0000), Range(0x1_0000_0000, 0x3_1000_0000)], board.SystemRam);
        Assert.Equal(16UL << 30, PhysRanges.TotalLength(board.SystemRam));
        Assert.True(board.Soc.SpeculativeAccessToFirewalledPageIsFatal);
        Assert.Empty(board.Warnings);
    }

    [Fact]
    public void Load_Rk3588_PlacesCmaAreasTopDownWithinAllocRanges()
    {
        var board = PlatformCatalog.Load("rk3588");

        Assert.Equal(Range(0xe800_0000, 0x0800_0000), board.Region("linux,cma").Range);
        Assert.Equal(Range(0x4_0000_0000, 0x1000_0000), board.Region("protected-memory").Range);
        Assert.Equal("linux,cma", board.DefaultCmaRegion);
        Assert.True(board.Region("optee@8400000").NoMap);
    }

    [Fact]
    public void Load_Rk3588_PutsEachNpuCoreBehindItsOwnIommu()
    {
        var board = PlatformCatalog.Load("rk3588");

        var npuIommus = board.Soc.Iommus.Where(i => i.Masters.Any(m => m.StartsWith("npu@", StringComparison.Ordinal))).ToList();
        Assert.Equal(3, npuIommus.Count);
        Assert.All(npuIommus, i => Assert.Single(i.Masters));
        Assert.Equal(2, board.Soc.Iommus.Single(i => i.Masters.Contains("npu@fdab0000")).BankCount);
        Assert.Equal(1, board.Soc.Iommus.Single(i => i.Masters.Contains("npu@fdac0000")).BankCount);
        // Two video-codec nodes (decoder and encoder): each device is named with its unit address.
        Assert.Equal("iommu@fdc38700", board.Device("video-codec@fdc38000").Iommu);
        Assert.Equal("iommu@fdbb0800", board.Device("video-codec@fdbb0000").Iommu);
        Assert.Equal(["video-codec@fdbb0000"], board.Soc.VideoEncoders);
        Assert.Null(board.Device("crypto").Iommu);
    }

    [Fact]
    public void Load_Rk3588_DescribesFfaUseCasesAndTheProtectedGpu()
    {
        var board = PlatformCatalog.Load("rk3588");

        Assert.Equal(TeeAbi.Ffa, board.Tee!.Abi);
        Assert.Null(board.Tee.StaticCarveout);
        Assert.Equal("protected-memory", board.Tee.MemoryRegion);
        Assert.Equal([(1u, "secure-video"), (2u, "trusted-ui"), (3u, "secure-video-record"), (4u, "crypto-key")], board.Tee.UseCases.Select(u => (u.UseCase, u.Name)));
        Assert.Equal(["camera", "video-codec@fdbb0000"], board.Tee.UseCases.Single(u => u.UseCase == 3).Masters);
        Assert.Equal(["crypto"], board.Tee.UseCases.Single(u => u.UseCase == 4).Masters);
        Assert.Equal(["crypto"], board.Soc.CryptoEngines);
        Assert.Equal(["video-codec@fdc38000", "vop", "gpu"], board.Tee.UseCases[0].Masters);
        Assert.True(board.Soc.Masters.Single(m => m.Name == "gpu").CanIssueSecure);
        Assert.Equal("protected,secure-video", board.Device("gpu").ProtectedHeapName);
    }

    [Fact]
    public void Platforms_ListsEveryShippedBoardWithADescription()
    {
        Assert.Equal(["qemu-virt", "qemu-virt-ffa", "qemu-virt-mtk", "qemu-virt-linaro", "qemu-virt-rstmem", "rk3588", "rk3588-gpu-carveout"], PlatformCatalog.Platforms.Select(p => p.Name));
        Assert.All(PlatformCatalog.Platforms, p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
        Assert.Equal(PlatformCatalog.DefaultName, PlatformCatalog.Platforms[0].Name);
    }
}
