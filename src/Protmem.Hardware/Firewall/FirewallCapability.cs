namespace Protmem.Hardware.Firewall;

/// <summary>
/// The right to program the firewall. The SoC issues exactly one, at boot, to the secure firmware
/// (<see cref="Soc.TakeSecureFirmwareCapability"/>); it cannot be constructed elsewhere.
/// </summary>
public sealed class FirewallCapability
{
    internal FirewallCapability(Tzc400Firewall firewall) => Firewall = firewall;

    internal Tzc400Firewall Firewall { get; }
}
