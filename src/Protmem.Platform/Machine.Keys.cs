using Protmem.SecureWorld.Ta;

namespace Protmem.Platform;

/// <summary>
/// The keys servers outside the board share with its secure world: a licence server's copy of the device's licence
/// key (to seal content keys for its secure-video TA) and a key server's copy of its provisioning key (to wrap keys
/// for its key-provisioning TA). Programs on the board never hold them; a scenario plays the server.
/// </summary>
public sealed partial class Machine
{
    /// <summary>The device's licence key, as the licence server knows it (docs/secure-world-abi.md §8).</summary>
    public static byte[] LicenceServerKey() => SecureVideoTaAbi.LicenseKey();

    /// <summary>The device's provisioning key, as the key server knows it (docs/secure-world-abi.md §8).</summary>
    public static byte[] KeyServerKey() => KeyProvisioningTaAbi.ProvisioningKey();
}
