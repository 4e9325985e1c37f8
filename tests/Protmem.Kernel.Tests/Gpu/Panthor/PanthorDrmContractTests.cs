using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Tests.Gpu.Panthor;

/// <summary>The DRM contract on the panthor GPU's render node.</summary>
public sealed class PanthorDrmContractTests : DrmDriverContract
{
    protected override string NodePath => PanthorTestMachine.Boot().RenderNode();

    protected override string DriverName => PanthorIoctl.DriverName;

    protected override KernelContext Boot() => PanthorTestMachine.Boot();
}
