using System.Text.RegularExpressions;
using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>Facts about the real trees that bindings rely on, read through the public lookups.</summary>
public sealed partial class RealTreeFactsTests(RealTreesFixture trees) : IClassFixture<RealTreesFixture>
{
    public static TheoryData<string> Boards => new(DtTestData.Boards);

    [Theory]
    [MemberData(nameof(Boards))]
    public void Source_PhandleCount_SameAsPhandlePropertiesInDtcOutput(string board)
    {
        var canonical = File.ReadAllText(DtTestData.Canonical(board));

        var expected = PhandleProperty().Count(canonical);

        Assert.Equal(expected, trees.Source(board).Nodes.Count(n => n.Phandle is not null));
        Assert.True(expected > 30);
    }

    [Fact]
    public void Espressobin_DeletedNodeAndProperty_Absent()
    {
        var tree = trees.Source("armada-3720-espressobin-ultra");

        Assert.Null(tree.FindNode("/regulator"));
        Assert.Null(tree.FindByLabel("vcc_sd_reg1"));
        Assert.False(tree.FindByLabel("sdhci1")!.HasProperty("vqmmc-supply"));
        Assert.DoesNotContain(tree.FindByLabel("mdio")!.Children, c => c.Name == "ethernet-switch@1");
        Assert.NotNull(tree.ResolveAlias("ethernet1"));
    }

    [Fact]
    public void Mt8195_OpteeFirmwareAndCarveout_Found()
    {
        var tree = trees.Source("mt8195-demo");

        Assert.True(tree.GetNode("/firmware/optee").IsCompatible("linaro,optee-tz"));
        var carveout = tree.GetNode("/reserved-memory/optee@43200000");
        Assert.Equal([new DtRegEntry(0x43200000, 0xc00000)], carveout.GetReg());
        Assert.True(carveout.HasProperty("no-map"));
        Assert.Same(carveout, tree.FindByLabel("optee_reserved"));
    }

    [Fact]
    public void Rk3588_ScmiSharedMemory_ResolvedThroughPhandle()
    {
        var tree = trees.Source("rk3588-rock-5b");

        var scmi = tree.GetNode("/firmware/scmi");
        var shmem = tree.GetByPhandle(scmi.GetProperty("shmem").AsUInt32());

        Assert.True(scmi.IsCompatible("arm,scmi-smc"));
        Assert.True(shmem.IsCompatible("arm,scmi-shmem"));
        Assert.Equal("/reserved-memory/shmem@10f000", shmem.Path);
        Assert.Equal([new DtRegEntry(0x10f000, 0x100)], shmem.GetReg());
    }

    [Fact]
    public void Rk3588_OmitIfNoRefNodes_MostDropped()
    {
        var source = File.ReadAllText(DtTestData.Preprocessed("rk3588-rock-5b"));
        var tree = trees.Source("rk3588-rock-5b");
        var omittable = OmittableNode().Matches(source).Select(m => m.Groups[1].Value).ToHashSet();

        var kept = tree.Nodes.Count(n => n.Labels.Any(omittable.Contains));

        Assert.Equal(611, OmitKeyword().Count(source));
        Assert.InRange(kept, 1, omittable.Count / 2);
    }

    [Fact]
    public void Juno_SerialAlias_ResolvesToPl011()
    {
        var tree = trees.Source("juno");

        Assert.Equal("/serial@7ff80000", tree.ResolveAlias("serial0")?.Path);
        Assert.Equal(["arm,pl011", "arm,primecell"], tree.GetNode("serial0").Compatible);
    }

    [GeneratedRegex(@"\bphandle = <")]
    private static partial Regex PhandleProperty();

    [GeneratedRegex(@"/omit-if-no-ref/\s+(\w+):")]
    private static partial Regex OmittableNode();

    [GeneratedRegex(@"/omit-if-no-ref/")]
    private static partial Regex OmitKeyword();
}
