using Protmem.Hardware;

namespace Protmem.SecureWorld;

/// <summary>Which conduit the normal world speaks to the firmware through.</summary>
public enum SecureWorldAbi
{
    /// <summary>OP-TEE's own SMC ABI (optee_smc.h).</summary>
    Smc = 0,

    /// <summary>Arm FF-A, with OP-TEE as a secure partition (optee_ffa.h); dynamic protected memory only.</summary>
    Ffa = 1,
}
