using Protmem.Hardware;
using Protmem.Hardware.Smc;

namespace Protmem.Kernel.Tee.Optee;

/// <summary>
/// The SMC ABI's transport (optee/smc_abi.c): each message in a kernel page passed by physical address in
/// a1/a2 of OPTEE_SMC_CALL_WITH_ARG; protected memory lent with LEND_PROTMEM (use case, PA, size, cookie)
/// and taken back with RECLAIM_PROTMEM (cookie).
/// </summary>
internal sealed class OpteeSmcTransport(SecureMonitor monitor, KernelPages pages) : IOpteeTransport
{
    /// <summary>The driver's message-arg cache.</summary>
    public OpteeShmArgCache ArgCache { get; } = new(pages);

    public bool CallWithArg(OpteeMessage message)
    {
        var bytes = message.Size <= OpteeMessage.StackLimit ? stackalloc byte[message.Size] : new byte[message.Size];
        message.Encode(bytes);
        var cached = ArgCache.Get(bytes.Length);
        // Model: an arg larger than a cache slot (more than MAX_ARG_PARAM_COUNT parameters, which Linux
        // refuses with -EINVAL) gets pages of its own for the call.
        var order = KernelPages.OrderOf((ulong)bytes.Length);
        if ((cached ?? pages.Alloc(order)) is not { } arg)
        {
            return false;
        }

        try
        {
            pages.Write(arg, bytes);
            var registers = new SmcRegisters(OpteeSmcAbi.CALL_WITH_ARG, arg.Value >> 32, arg.Value & 0xFFFF_FFFF);
            monitor.Call(ref registers);
            if (registers.A0 != OpteeSmcAbi.RETURN_OK)
            {
                return false;
            }

            pages.Read(arg, bytes);
            message.DecodeAnswer(bytes);
            return true;
        }
        finally
        {
            if (cached is not null)
            {
                ArgCache.Free(arg);
            }
            else
            {
                pages.Free(arg, order);
            }
        }
    }

    public uint Lend(uint useCase, PhysRange region, IReadOnlyList<uint> memoryAttributes, ulong cookie, out ulong handle)
    {
        handle = cookie;
        var message = new OpteeMessage
        {
            Cmd = OpteeMsgAbi.CMD_LEND_PROTMEM,
            Params =
            [
                new OpteeMsgParam(OpteeMsgAbi.ATTR_TYPE_VALUE_INPUT, useCase),
                new OpteeMsgParam(OpteeMsgAbi.ATTR_TYPE_TMEM_INPUT, region.Start.Value, region.Length, cookie),
            ],
        };
        return CallWithArg(message) ? message.Ret : OpteeMsgAbi.TEEC_ERROR_COMMUNICATION;
    }

    public uint Reclaim(ulong handle)
    {
        var message = new OpteeMessage
        {
            Cmd = OpteeMsgAbi.CMD_RECLAIM_PROTMEM,
            Params = [new OpteeMsgParam(OpteeMsgAbi.ATTR_TYPE_RMEM_INPUT, 0, 0, handle)],
        };
        return CallWithArg(message) ? message.Ret : OpteeMsgAbi.TEEC_ERROR_COMMUNICATION;
    }

    public OpteeMsgParam RegionMemref(ulong type, ulong handle, ulong offset, ulong size) =>
        new(OpteeMsgAbi.ATTR_TYPE_RMEM_INPUT + (type - Uapi.Tee.TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT), offset, size, handle);
}
