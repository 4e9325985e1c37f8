using Protmem.Hardware.Smc;

namespace Protmem.Kernel.Tee.Optee;

/// <summary>The FF-A ABI's transport (optee/ffa_abi.c).</summary>
internal static class OpteeFfaTransport
{
    public static IOpteeTransport? Probe(Kernel kernel, SecureMonitor monitor, KernelPages pages, out ulong caps, out string? failure) =>
        throw new NotSupportedException("the OP-TEE driver's FF-A ABI is not modelled yet: use the SMC ABI");
}
