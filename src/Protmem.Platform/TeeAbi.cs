using Protmem.Hardware;

namespace Protmem.Platform;

/// <summary>How the normal world reaches the TEE.</summary>
public enum TeeAbi
{
    /// <summary>OP-TEE's SMC ABI: <c>linaro,optee-tz</c> with <c>method = "smc"</c>.</summary>
    Smc = 0,

    /// <summary>Arm FF-A, OP-TEE as a secure partition: an <c>arm,ffa</c> node is present.</summary>
    Ffa = 1,
}
