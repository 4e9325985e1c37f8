using Protmem.Kernel.Base;
using Protmem.Uapi;

namespace Protmem.Kernel.Tee.Optee;

/// <summary>
/// The OP-TEE driver as a platform driver (optee_driver with its <c>linaro,optee-tz</c> match): probe
/// speaks to the secure world over the board's ABI and registers /dev/tee0 and its protected heaps;
/// remove unregisters /dev/tee0.
/// </summary>
internal sealed class OpteePlatformDriver(KernelContext kernel) : IPlatformDriver
{
    /// <summary>The firmware node's compatible.</summary>
    public const string CompatibleString = "linaro,optee-tz";

    public string Name => "optee";

    public IReadOnlyList<string> Compatible { get; } = [CompatibleString];

    /// <summary>module_platform_driver(optee_driver).</summary>
    public static int ModuleInit(KernelContext kernel) => kernel.Drivers.Register(new OpteePlatformDriver(kernel));

    /// <summary>optee_probe: 0 with /dev/tee0, or -ENODEV when the secure world does not answer as OP-TEE (the reason in <see cref="KernelContext.TeeProbeFailure"/>).</summary>
    public int Probe(PlatformDevice device)
    {
        if (kernel.Hardware.SecureMonitor is not { } monitor || kernel.Config.Tee is not { } tee)
        {
            kernel.TeeProbeFailure = "no SMC conduit or no TEE options";
            return -Errno.ENODEV;
        }

        var driver = OpteeDriver.Probe(kernel, monitor, tee, out var failure);
        kernel.TeeProbeFailure = failure;
        if (driver is null)
        {
            return -Errno.ENODEV;
        }

        kernel.Optee = driver;
        kernel.ProtmemSysfs.AddTee(driver.Device);
        device.DriverData = driver;
        return 0;
    }

    /// <summary>optee_remove: the device node goes (tee_device_unregister); the driver object stays readable for post-mortem checks.</summary>
    public void Remove(PlatformDevice device)
    {
        if (device.DriverData is OpteeDriver driver)
        {
            kernel.DeviceNodes.Unregister(driver.Device.DevicePath);
        }
    }
}
