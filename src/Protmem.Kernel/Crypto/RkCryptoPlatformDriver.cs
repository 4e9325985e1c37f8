using Protmem.Kernel.Base;

namespace Protmem.Kernel.Crypto;

/// <summary>
/// The crypto engine's <c>struct platform_driver</c> ("rk-crypto", matching <c>rockchip,rk3588-crypto</c>):
/// probe registers /dev/rk-crypto for the engine, remove unregisters it.
/// </summary>
internal sealed class RkCryptoPlatformDriver(KernelContext kernel) : IPlatformDriver
{
    public string Name => "rk-crypto";

    public IReadOnlyList<string> Compatible { get; } = [RkCryptoDevice.Compatible];

    /// <summary>module_platform_driver(rk_crypto_driver).</summary>
    public static int ModuleInit(KernelContext kernel) => kernel.Drivers.Register(new RkCryptoPlatformDriver(kernel));

    /// <summary>rk_crypto_probe: 0 with the device node registered; -ENODEV without an engine behind the node; -EBUSY when the node is taken.</summary>
    public int Probe(PlatformDevice device)
    {
        var result = RkCryptoDevice.Probe(kernel, device, out var crypto);
        if (result == 0)
        {
            device.DriverData = crypto;
        }

        return result;
    }

    /// <summary>rk_crypto_remove: the node goes; open files keep their keys until closed.</summary>
    public void Remove(PlatformDevice device)
    {
        if (device.DriverData is RkCryptoDevice crypto)
        {
            crypto.Unregister();
        }
    }
}
