namespace Protmem.Hardware;

/// <summary>The security attribute a bus transaction carries (the AxPROT[1] bit of AMBA).</summary>
public enum SecurityState
{
    /// <summary>Normal world: the kernel, user programs, most devices.</summary>
    NonSecure = 0,

    /// <summary>Secure world: the firmware, or a device in a protected mode the firewall can tell apart.</summary>
    Secure = 1,
}
