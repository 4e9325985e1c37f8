namespace Protmem.Platform.Tests.Bindings;

/// <summary>A malformed node of a known binding is a <see cref="BindingException"/> naming the node's path and the property.</summary>
public sealed class BindingErrorTests
{
    private const string Rm = "reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges; ";

    public static TheoryData<string, string, string> Malformed => new()
    {
        { Rm + "r { no-map; }; };", "/reserved-memory/r", "reg" },
        { Rm + "r { reg = <0x0 0x50000000 0x0 0x100000>; no-map; reusable; }; };", "/reserved-memory/r", "reusable" },
        { Rm + "r { size = <0x100000>; }; };", "/reserved-memory/r", "size" },
        { Rm + "r { size = <0x0 0x100000>; alignment = <0x0 0x3000>; }; };", "/reserved-memory/r", "alignment" },
        { Rm + "r { reg = <0x0 0x50000000 0x0 0x100000>; linux,cma-default; }; };", "/reserved-memory/r", "linux,cma-default" },
        { "reserved-memory { #address-cells = <1>; #size-cells = <2>; ranges; };", "/reserved-memory", "#address-cells" },
        { "iommu@1000 { compatible = \"rockchip,rk3568-iommu\"; reg = <0x0 0x1000 0x0 0x100>; #iommu-cells = <1>; };", "/iommu@1000", "#iommu-cells" },
        { "iommu@1000 { compatible = \"rockchip,rk3568-iommu\"; #iommu-cells = <0>; };", "/iommu@1000", "reg" },
        { "a { protmem,master-id = <0>; };", "/a", "protmem,master-id" },
        { "a { protmem,master-id = <5>; }; b { protmem,master-id = <5>; };", "/b", "protmem,master-id" },
        { "a { iommus = <0x77>; };", "/a", "iommus" },
        { "firmware { optee { compatible = \"linaro,optee-tz\"; }; };", "/firmware/optee", "method" },
        { "firmware { optee { compatible = \"linaro,optee-tz\"; method = \"hvc\"; }; };", "/firmware/optee", "method" },
        { "firmware { optee { compatible = \"linaro,optee-tz\"; method = \"smc\"; protmem,secure-dram = <0x0 0x40000000 0x0 0x100000>; }; };", "/firmware/optee", "protmem,secure-dram" },
        { "firmware { optee { compatible = \"linaro,optee-tz\"; method = \"smc\"; uc { protmem,use-case = <0>; }; }; };", "/firmware/optee/uc", "protmem,use-case" },
        { "tzc { compatible = \"arm,tzc-400\"; protmem,firewall-regions = <0>; };", "/tzc", "protmem,firewall-regions" },
        { "protmem,cost-coffee = <1>;", "/", "protmem,cost-coffee" },
        { "chosen { bootargs = \"protmem.design=magic\"; };", "/chosen", "bootargs" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Bind_MalformedKnownNode_ThrowsNamingNodeAndProperty(string body, string path, string property)
    {
        var error = BindingFixtures.BindError(body);

        Assert.Equal(path, error.NodePath);
        Assert.Equal(property, error.Property);
        Assert.StartsWith($"{path}: property '{property}': ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_StaticCarveoutOverFfa_IsRefused()
    {
        var error = BindingFixtures.BindError("""
            reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges; optee@40000000 { reg = <0x0 0x40000000 0x0 0x1000000>; no-map; }; };
            firmware { ffa { compatible = "arm,ffa"; protmem,secure-dram = <0x0 0x40000000 0x0 0x1000000>; protmem,static-protmem = <0x0 0x40c00000 0x0 0x400000>; }; };
            """);

        Assert.Equal(("/firmware/ffa", "protmem,static-protmem"), (error.NodePath, error.Property));
    }

    [Theory]
    [InlineData("gpu_fw: g@50000000 { reg = <0x0 0x50000000 0x0 0x100000>; };", "protmem,secure-master;", "protmem,secure-carveout")]
    [InlineData("gpu_fw: g@50000000 { reg = <0x0 0x50000000 0x0 0x100000>; no-map; };", "", "protmem,secure-carveout-masters")]
    public void Bind_SecureCarveoutNotNoMapOrForANonSecureMaster_IsRefused(string region, string gpuFlag, string property)
    {
        var error = BindingFixtures.BindError($$"""
            reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges; optee@40000000 { reg = <0x0 0x40000000 0x0 0x1000000>; no-map; }; {{region}} };
            gpu: gpu@fb000000 { reg = <0x0 0xfb000000 0x0 0x1000>; protmem,master-id = <1>; {{gpuFlag}} };
            firmware { ffa { compatible = "arm,ffa"; protmem,secure-dram = <0x0 0x40000000 0x0 0x1000000>; protmem,secure-carveout = <&gpu_fw>; protmem,secure-carveout-masters = <&gpu>; }; };
            """);

        Assert.Equal(("/firmware/ffa", property), (error.NodePath, error.Property));
    }
}
