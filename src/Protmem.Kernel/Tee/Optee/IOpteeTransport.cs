using Protmem.Hardware;

namespace Protmem.Kernel.Tee.Optee;

/// <summary>
/// How a message reaches the secure world: SMC (CALL_WITH_ARG with the arg's physical address) or FF-A
/// (a direct request naming shared memory). One narrow role per ABI.
/// </summary>
internal interface IOpteeTransport
{
    /// <summary>do_call_with_arg: false when the call itself failed (the message was not answered).</summary>
    bool CallWithArg(OpteeMessage message);

    /// <summary>Lends <paramref name="region"/> for <paramref name="useCase"/>: the TEE result and the handle memrefs name it by.</summary>
    uint Lend(uint useCase, PhysRange region, IReadOnlyList<uint> memoryAttributes, ulong cookie, out ulong handle);

    /// <summary>Takes a lent region back (paired with <see cref="Lend"/>): the TEE result.</summary>
    uint Reclaim(ulong handle);

    /// <summary>The message attribute of a memref into a lent region (RMEM over SMC, FMEM over FF-A) and its a/b/c words.</summary>
    OpteeMsgParam RegionMemref(ulong type, ulong handle, ulong offset, ulong size);
}
