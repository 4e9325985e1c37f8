using Protmem.Platform.Bindings;
using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Tests.Media;

/// <summary>The VOP node's binding: the display controller the SoC builds, its protected windows, and a malformed <c>protmem,protected-planes</c>.</summary>
public sealed class DisplayBindingTests
{
    [Fact]
    public void Bind_Rk3588_OneDisplayOnTheVopWithWindowZeroProtected()
    {
        var display = Assert.Single(Protmem.Platform.Boards.PlatformCatalog.Load("rk3588").Soc.Displays);
        Assert.Equal(("vop", 8), (display.Master, display.PlaneCount));
        Assert.Equal([0], display.ProtectedPlanes);
    }

    [Theory]
    [InlineData("<8>")]
    [InlineData("<1 1>")]
    public void Bind_ProtectedPlanesNotDistinctWindows_IsAnErrorNamingTheProperty(string value)
    {
        var error = Assert.Throws<BindingException>(() => Bind($$"""vop@fdd90000 { compatible = "rockchip,rk3588-vop"; reg = <0x0 0xfdd90000 0x0 0x4200>; protmem,master-id = <6>; protmem,protected-planes = {{value}}; };"""));
        Assert.Equal(("/vop@fdd90000", "protmem,protected-planes"), (error.NodePath, error.Property));
    }

    [Fact]
    public void Bind_VopWithoutProtectedPlanes_NoWindowShowsProtectedContent()
    {
        var board = Bind("""vop@fdd90000 { compatible = "rockchip,rk3588-vop"; reg = <0x0 0xfdd90000 0x0 0x4200>; protmem,master-id = <6>; };""");
        Assert.Empty(Assert.Single(board.Soc.Displays).ProtectedPlanes);
    }

    private static PlatformDescription Bind(string node) => PlatformBinder.Bind(DtsReader.Parse($$"""
        /dts-v1/;
        / {
            #address-cells = <2>;
            #size-cells = <2>;
            memory@40000000 {
                device_type = "memory";
                reg = <0x0 0x40000000 0x0 0x40000000>;
            };
            {{node}}
        };
        """, "test.dts"), "test");
}
