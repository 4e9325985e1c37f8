namespace Protmem.Kernel.Base;

/// <summary>A driver's per-device state that can check itself (its <c>DriverData</c>); the kernel's invariant check runs it for every bound device.</summary>
public interface IDeviceInvariants
{
    /// <summary>Throws <see cref="Core.KernelOopsException"/> naming the broken invariant.</summary>
    void AssertInvariants();
}
