namespace Protmem.Kernel.Tee;

/// <summary>The conduit the OP-TEE driver speaks to the secure world through.</summary>
public enum OpteeAbi
{
    /// <summary>OP-TEE's own SMC ABI (optee_smc.h).</summary>
    Smc = 0,

    /// <summary>Arm FF-A with OP-TEE as a secure partition (optee_ffa.h).</summary>
    Ffa = 1,
}
