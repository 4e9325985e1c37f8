using Protmem.Hardware;
using Protmem.Hardware.Smc;
using Protmem.SecureWorld.Abi;
using Protmem.SecureWorld.ProtectedMemory;

namespace Protmem.SecureWorld.Ffa;

/// <summary>
/// OP-TEE as an FF-A secure partition, with the SPMC functions the normal world uses folded in.
/// 1. FFA_VERSION, FFA_ID_GET, FFA_FEATURES; FFA_RXTX_MAP registers the caller's TX/RX buffer pair
///    (paired with FFA_RXTX_UNMAP).
/// 2. FFA_MEM_SHARE / FFA_MEM_LEND read a transaction descriptor from the TX buffer and return a
///    64-bit handle; FFA_MEM_RECLAIM (paired) ends the transaction.
/// 3. FFA_MSG_SEND_DIRECT_REQ carries OP-TEE's commands in w3..w7: API/OS version, capabilities,
///    UNREGISTER_SHM, RELEASE_PROTMEM, and the yielding call whose optee_msg_arg lies in shared memory.
/// Every error is an FFA_ERROR (or an error code in w3 of a direct response); nothing throws.
/// </summary>
internal sealed class FfaEndpoint(Soc soc, SecureWorldConfig config, SecureCpuMemory memory, ProtectedMemoryManager protmem, FfaMemoryTransactions transactions, EntryStd entry)
{
    /// <summary>The normal world's endpoint id (a kernel without a hypervisor).</summary>
    public const ushort NormalWorldId = 0;

    private PhysAddr? _tx;
    private ulong _bufferSize;

    public void Handle(ref SmcRegisters r)
    {
        var function = r.A0 > uint.MaxValue ? 0u : (uint)r.A0;
        switch (function)
        {
            case FfaAbi.FFA_VERSION:
                r = new SmcRegisters((r.A1 & 0x8000_0000) == 0 && (r.A1 >> 16) == 1 ? FfaAbi.FFA_VERSION_1_1 : unchecked((uint)FfaAbi.FFA_RET_NOT_SUPPORTED));
                break;
            case FfaAbi.FFA_ID_GET:
                r = new SmcRegisters(FfaAbi.FFA_SUCCESS, 0, NormalWorldId);
                break;
            case FfaAbi.FFA_FEATURES:
                r = IsSupported((uint)r.A1) ? new SmcRegisters(FfaAbi.FFA_SUCCESS, 0, 0) : Error(FfaAbi.FFA_RET_NOT_SUPPORTED);
                break;
            case FfaAbi.FFA_RXTX_MAP or FfaAbi.FFA_FN64_RXTX_MAP:
                r = MapBuffers(r.A1, r.A2, r.A3 & 0x3F);
                break;
            case FfaAbi.FFA_RXTX_UNMAP:
                r = _tx is null ? Error(FfaAbi.FFA_RET_INVALID_PARAMETERS) : Success();
                _tx = null;
                break;
            case FfaAbi.FFA_MEM_LEND or FfaAbi.FFA_FN64_MEM_LEND:
                r = MemoryTransaction(isLend: true, r.A1, r.A2, r.A3, r.A4);
                break;
            case FfaAbi.FFA_MEM_SHARE or FfaAbi.FFA_FN64_MEM_SHARE:
                r = MemoryTransaction(isLend: false, r.A1, r.A2, r.A3, r.A4);
                break;
            case FfaAbi.FFA_MEM_RECLAIM:
                soc.Clock.Advance(soc.Costs.FfaReclaim);
                var reclaim = transactions.Reclaim(Handle(r.A1, r.A2));
                r = reclaim == 0 ? Success() : Error(reclaim);
                break;
            case FfaAbi.FFA_MSG_SEND_DIRECT_REQ or FfaAbi.FFA_FN64_MSG_SEND_DIRECT_REQ:
                r = DirectRequest(r, function == FfaAbi.FFA_MSG_SEND_DIRECT_REQ ? FfaAbi.FFA_MSG_SEND_DIRECT_RESP : FfaAbi.FFA_FN64_MSG_SEND_DIRECT_RESP);
                break;
            default:
                r = IsFfaFunction(function) ? Error(FfaAbi.FFA_RET_NOT_SUPPORTED) : new SmcRegisters(SmcRegisters.SmcccUnknownFunction & 0xFFFF_FFFF);
                break;
        }
    }

    /// <summary>FF-A owns function numbers 0x60–0xFF of the standard-service range, in both calling conventions.</summary>
    private static bool IsFfaFunction(uint function) => (function & 0xBFFF_FF00) == 0x8400_0000 && (function & 0xFF) >= 0x60;

    private static bool IsSupported(uint function) => function is FfaAbi.FFA_VERSION or FfaAbi.FFA_ID_GET or FfaAbi.FFA_FEATURES
        or FfaAbi.FFA_RXTX_MAP or FfaAbi.FFA_FN64_RXTX_MAP or FfaAbi.FFA_RXTX_UNMAP or FfaAbi.FFA_MEM_LEND or FfaAbi.FFA_FN64_MEM_LEND
        or FfaAbi.FFA_MEM_SHARE or FfaAbi.FFA_FN64_MEM_SHARE or FfaAbi.FFA_MEM_RECLAIM or FfaAbi.FFA_MSG_SEND_DIRECT_REQ or FfaAbi.FFA_FN64_MSG_SEND_DIRECT_REQ;

    private static SmcRegisters Success(ulong a2 = 0, ulong a3 = 0) => new(FfaAbi.FFA_SUCCESS, 0, a2, a3);

    private static SmcRegisters Error(int code) => new(FfaAbi.FFA_ERROR, 0, unchecked((uint)code));

    private static ulong Handle(ulong low, ulong high) => (low & 0xFFFF_FFFF) | ((high & 0xFFFF_FFFF) << 32);

    private SmcRegisters MapBuffers(ulong txAddress, ulong rxAddress, ulong pageCount)
    {
        if (_tx is not null)
        {
            return Error(FfaAbi.FFA_RET_DENIED);
        }

        var size = pageCount << HwConstants.PageShift;
        if (pageCount == 0 || (txAddress & HwConstants.PageMask) != 0 || (rxAddress & HwConstants.PageMask) != 0
            || txAddress > HwConstants.PhysAddressLimit - size || rxAddress > HwConstants.PhysAddressLimit - size)
        {
            return Error(FfaAbi.FFA_RET_INVALID_PARAMETERS);
        }

        var tx = new PhysRange(new PhysAddr(txAddress), size);
        var rx = new PhysRange(new PhysAddr(rxAddress), size);
        if (tx.Overlaps(rx) || protmem.Classify(tx) != MemoryKind.NonSecure || protmem.Classify(rx) != MemoryKind.NonSecure)
        {
            return Error(FfaAbi.FFA_RET_INVALID_PARAMETERS);
        }

        (_tx, _bufferSize) = (tx.Start, size);
        return Success();
    }

    /// <summary>FFA_MEM_LEND / FFA_MEM_SHARE: w1 total length, w2 fragment length, w3/w4 0 (the descriptor is in the TX buffer).</summary>
    private SmcRegisters MemoryTransaction(bool isLend, ulong totalLength, ulong fragmentLength, ulong address, ulong pageCount)
    {
        if (_tx is not { } tx)
        {
            return Error(FfaAbi.FFA_RET_DENIED);
        }

        if (address != 0 || pageCount != 0 || fragmentLength != totalLength)
        {
            return Error(FfaAbi.FFA_RET_NOT_SUPPORTED);
        }

        if (totalLength < FfaAbi.MemRegionSize || totalLength > _bufferSize)
        {
            return Error(FfaAbi.FFA_RET_INVALID_PARAMETERS);
        }

        soc.Clock.Advance(soc.Costs.FfaLend);
        var bytes = new byte[totalLength];
        if (!memory.TryRead(tx, bytes))
        {
            return Error(FfaAbi.FFA_RET_DENIED);
        }

        var descriptor = FfaMemoryDescriptor.Parse(bytes, out var error);
        if (descriptor is null)
        {
            return Error(error);
        }

        if (descriptor.Sender != NormalWorldId || !descriptor.Receivers.Any(e => e.Receiver == config.FfaPartitionId)
            || (isLend && !ReceiversAllowed(descriptor)))
        {
            return Error(FfaAbi.FFA_RET_INVALID_PARAMETERS);
        }

        if (descriptor.Ranges.Any(r => protmem.Classify(r) != MemoryKind.NonSecure || transactions.Overlaps(r)))
        {
            return Error(FfaAbi.FFA_RET_DENIED);
        }

        var handle = transactions.Add(isLend, descriptor.Tag, descriptor.Ranges, [.. descriptor.Receivers.Select(e => e.Receiver)]);
        return Success(handle & 0xFFFF_FFFF, handle >> 32);
    }

    /// <summary>A lend's receivers must be OP-TEE or bus masters of the use case the tag names (when it names one).</summary>
    private bool ReceiversAllowed(FfaMemoryDescriptor descriptor)
    {
        if (descriptor.Tag > uint.MaxValue || !protmem.TryGetUseCase((uint)descriptor.Tag, out var useCase))
        {
            return true;
        }

        var allowed = protmem.MemoryAttributes(useCase, config.FfaPartitionId).Select(a => (ushort)(a & 0xFFFF)).ToHashSet();
        return descriptor.Receivers.All(e => allowed.Contains(e.Receiver));
    }

    /// <summary>An OP-TEE command in w3..w7; the answer goes back as a direct response.</summary>
    private SmcRegisters DirectRequest(SmcRegisters r, uint response)
    {
        var sender = (ushort)((r.A1 >> 16) & 0xFFFF);
        var receiver = (ushort)(r.A1 & 0xFFFF);
        if (receiver != config.FfaPartitionId || sender != NormalWorldId)
        {
            return Error(FfaAbi.FFA_RET_INVALID_PARAMETERS);
        }

        var endpoints = ((ulong)config.FfaPartitionId << 16) | sender;
        var (w3, w4, w5, w6) = Command((uint)r.A3, r.A4, r.A5, r.A6);
        return new SmcRegisters(response, endpoints, 0, w3, w4, w5, w6, 0);
    }

    private (ulong W3, ulong W4, ulong W5, ulong W6) Command(uint command, ulong w4, ulong w5, ulong w6)
    {
        static ulong Code(int error) => unchecked((uint)error);
        switch (command)
        {
            case FfaAbi.OPTEE_FFA_GET_API_VERSION:
                return (FfaAbi.OPTEE_FFA_VERSION_MAJOR, FfaAbi.OPTEE_FFA_VERSION_MINOR, 0, 0);
            case FfaAbi.OPTEE_FFA_GET_OS_VERSION:
                return (OpteeSmc.OsRevisionMajor, OpteeSmc.OsRevisionMinor, 0, 0);
            case FfaAbi.OPTEE_FFA_EXCHANGE_CAPABILITIES:
                var caps = FfaAbi.OPTEE_FFA_SEC_CAP_ARG_OFFSET | (config.HasDynamicProtectedMemory ? FfaAbi.OPTEE_FFA_SEC_CAP_PROTMEM : 0);
                return (0, FfaAbi.RpcMaxParams, caps, 0);
            case FfaAbi.OPTEE_FFA_UNREGISTER_SHM:
                var handle = Handle(w4, w5);
                return (transactions.TryGet(handle, out var shared) && !shared.IsLend ? 0 : Code(FfaAbi.FFA_RET_INVALID_PARAMETERS), 0, 0, 0);
            case FfaAbi.OPTEE_FFA_RELEASE_PROTMEM:
                return (Code(transactions.Release(Handle(w4, w5))), 0, 0, 0);
            case FfaAbi.OPTEE_FFA_YIELDING_CALL_WITH_ARG:
                return (Code(YieldingCall(Handle(w4, w5), w6)), FfaAbi.OPTEE_FFA_YIELDING_CALL_RETURN_DONE, 0, 0);
            default:
                return (Code(FfaAbi.FFA_RET_INVALID_PARAMETERS), 0, 0, 0);
        }
    }

    /// <summary>OPTEE_FFA_YIELDING_CALL_WITH_ARG: the arg lies at <paramref name="offset"/> in the shared memory of <paramref name="handle"/>.</summary>
    private int YieldingCall(ulong handle, ulong offset)
    {
        if (!transactions.TryGet(handle, out var shared) || shared.IsLend)
        {
            return FfaAbi.FFA_RET_INVALID_PARAMETERS;
        }

        foreach (var range in shared.Ranges)
        {
            if (offset < range.Length)
            {
                if (range.Length - offset < OpteeMsg.ArgHeaderSize)
                {
                    return FfaAbi.FFA_RET_INVALID_PARAMETERS;
                }

                return entry.TryRun(range.Start + offset) ? 0 : FfaAbi.FFA_RET_INVALID_PARAMETERS;
            }

            offset -= range.Length;
        }

        return FfaAbi.FFA_RET_INVALID_PARAMETERS;
    }
}
