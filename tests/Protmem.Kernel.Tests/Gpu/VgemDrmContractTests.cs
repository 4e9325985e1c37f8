using Protmem.Kernel.Gpu.Drm.Vgem;

namespace Protmem.Kernel.Tests.Gpu;

/// <summary>The DRM contract on vgem (/dev/dri/card0 of the test machine).</summary>
public sealed class VgemDrmContractTests : DrmDriverContract
{
    protected override string NodePath => "/dev/dri/card0";

    protected override string DriverName => VgemDriver.DriverName;

    protected override KernelContext Boot() => TestMachine.Boot();

    [Fact]
    public void Register_Vgem_HasCardAndRenderNodes()
    {
        var kernel = TestMachine.Boot();
        Assert.True(kernel.DeviceNodes.Exists("/dev/dri/card0"));
        Assert.True(kernel.DeviceNodes.Exists("/dev/dri/renderD128"));
    }
}
