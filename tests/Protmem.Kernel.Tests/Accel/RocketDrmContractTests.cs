using Protmem.Kernel.Tests.Gpu;
using Protmem.Uapi.Accel;

namespace Protmem.Kernel.Tests.Accel;

/// <summary>The DRM contract on the rocket NPU (/dev/accel/accel0).</summary>
public sealed class RocketDrmContractTests : DrmDriverContract
{
    protected override string NodePath => "/dev/accel/accel0";

    protected override string DriverName => RocketIoctl.DriverName;

    protected override KernelContext Boot() => RocketTestMachine.Boot();
}
