using System.Buffers.Binary;
using Protmem.Hardware;
using Protmem.Hardware.Smc;

namespace Protmem.Kernel.Tee.Optee;

/// <summary>
/// The FF-A ABI's transport (optee/ffa_abi.c with the arm_ffa driver folded in).
/// 1. Probe: FFA_VERSION (v1.x), FFA_ID_GET, FFA_RXTX_MAP of a TX and an RX page, then OP-TEE's
///    GET_API_VERSION and EXCHANGE_CAPABILITIES as direct requests to its partition.
/// 2. One kernel page is shared once (FFA_MEM_SHARE) for message args; each call writes the arg there and
///    sends YIELDING_CALL_WITH_ARG (handle, offset 0).
/// 3. Lend: the region is described in TX (ffa_mem_region, one endpoint per memory attribute, one
///    constituent), FFA_MEM_LEND with the use case as tag, then the ASSIGN_PROTMEM message; reclaim is
///    RELEASE_PROTMEM then FFA_MEM_RECLAIM (paired).
/// Memrefs into a lent region travel as FMEM by global handle; other memrefs as TMEM by physical address,
/// which this secure world accepts over FF-A too (see docs/tee-kernel.md).
/// </summary>
internal sealed class OpteeFfaTransport : IOpteeTransport
{
    private const ulong FfaError = 0x8400_0060;
    private const ulong FfaSuccess = 0x8400_0061;
    private const ulong FfaVersion = 0x8400_0063;
    private const ulong FfaRxtxMap = 0x8400_0066;
    private const ulong FfaIdGet = 0x8400_0069;
    private const ulong FfaDirectReq = 0x8400_006F;
    private const ulong FfaDirectResp = 0x8400_0070;
    private const ulong FfaMemLend = 0x8400_0072;
    private const ulong FfaMemShare = 0x8400_0073;
    private const ulong FfaMemReclaim = 0x8400_0077;
    private const ulong Version11 = 0x0001_0001;
    private const ulong OpteeGetApiVersion = 0;
    private const ulong OpteeExchangeCapabilities = 2;
    private const ulong OpteeReleaseProtmem = 8;
    private const ulong OpteeYieldingCallWithArg = 0x8000_0000;
    private const byte MemRw = 2;

    private readonly SecureMonitor _monitor;
    private readonly KernelPages _pages;
    private readonly ushort _partition;
    private readonly PhysAddr _tx;
    private readonly PhysAddr _argPage;
    private readonly ulong _argHandle;

    private OpteeFfaTransport(SecureMonitor monitor, KernelPages pages, ushort partition, PhysAddr tx, PhysAddr argPage, ulong argHandle)
    {
        _monitor = monitor;
        _pages = pages;
        _partition = partition;
        _tx = tx;
        _argPage = argPage;
        _argHandle = argHandle;
    }

    /// <summary>The probe; null with the reason when no OP-TEE partition answers.</summary>
    public static IOpteeTransport? Probe(SecureMonitor monitor, KernelPages pages, ushort partition, out ulong caps, out string? failure)
    {
        caps = 0;
        var r = Call(monitor, new SmcRegisters(FfaVersion, Version11));
        if ((r.A0 >> 16) != 1 || (r.A0 & 0x8000_0000) != 0)
        {
            failure = "arm_ffa: no FF-A v1.x firmware";
            return null;
        }

        if (Call(monitor, new SmcRegisters(FfaIdGet)) is not { A0: FfaSuccess, A2: 0 })
        {
            failure = "arm_ffa: FFA_ID_GET did not name the normal world as endpoint 0";
            return null;
        }

        if (pages.Alloc() is not { } tx || pages.Alloc() is not { } rx)
        {
            failure = "arm_ffa: no memory for the RX/TX buffers";
            return null;
        }

        if (Call(monitor, new SmcRegisters(FfaRxtxMap, tx.Value, rx.Value, 1)).A0 != FfaSuccess)
        {
            failure = "arm_ffa: FFA_RXTX_MAP refused";
            return null;
        }

        var api = DirectRequest(monitor, partition, OpteeGetApiVersion);
        if (api.A0 != FfaDirectResp || api.A3 != 1)
        {
            failure = $"optee: no OP-TEE partition 0x{partition:x} answering API version 1";
            return null;
        }

        var exchange = DirectRequest(monitor, partition, OpteeExchangeCapabilities);
        if (exchange.A0 != FfaDirectResp || exchange.A3 != 0)
        {
            failure = "optee: capabilities exchange failed";
            return null;
        }

        caps = exchange.A5;
        if (pages.Alloc() is not { } argPage)
        {
            failure = "optee: no memory for the message page";
            return null;
        }

        var transport = new OpteeFfaTransport(monitor, pages, partition, tx, argPage, 0);
        var share = transport.Transfer(FfaMemShare, 0, [(ushort)partition], [new PhysRange(argPage, HwConstants.PageSize)], out var handle);
        if (share != FfaSuccess)
        {
            failure = "optee: FFA_MEM_SHARE of the message page refused";
            return null;
        }

        failure = null;
        return new OpteeFfaTransport(monitor, pages, partition, tx, argPage, handle);
    }

    public bool CallWithArg(OpteeMessage message)
    {
        var bytes = message.Size <= OpteeMessage.StackLimit ? stackalloc byte[message.Size] : new byte[message.Size];
        message.Encode(bytes);
        if (bytes.Length > (int)HwConstants.PageSize)
        {
            return false;
        }

        _pages.Write(_argPage, bytes);
        var r = DirectRequest(_monitor, _partition, OpteeYieldingCallWithArg, _argHandle & 0xFFFF_FFFF, _argHandle >> 32, 0);
        if (r.A0 != FfaDirectResp || r.A3 != 0)
        {
            return false;
        }

        _pages.Read(_argPage, bytes);
        message.DecodeAnswer(bytes);
        return true;
    }

    public uint Lend(uint useCase, PhysRange region, IReadOnlyList<uint> memoryAttributes, ulong cookie, out ulong handle)
    {
        var receivers = memoryAttributes.Select(a => (ushort)(a & 0xFFFF)).ToArray();
        if (Transfer(FfaMemLend, useCase, receivers, [region], out handle, memoryAttributes) != FfaSuccess)
        {
            return TeecResultCodes.OutOfMemory;
        }

        var assign = new OpteeMessage
        {
            Cmd = OpteeMsgAbi.CMD_ASSIGN_PROTMEM,
            Params = [new OpteeMsgParam(OpteeMsgAbi.ATTR_TYPE_VALUE_INPUT, handle, useCase)],
        };
        var ret = CallWithArg(assign) ? assign.Ret : OpteeMsgAbi.TEEC_ERROR_COMMUNICATION;
        if (ret != TeecResultCodes.Success)
        {
            Call(_monitor, new SmcRegisters(FfaMemReclaim, handle & 0xFFFF_FFFF, handle >> 32, 0));
        }

        return ret;
    }

    public uint Reclaim(ulong handle)
    {
        var release = DirectRequest(_monitor, _partition, OpteeReleaseProtmem, handle & 0xFFFF_FFFF, handle >> 32);
        if (release.A0 != FfaDirectResp || release.A3 != 0)
        {
            return OpteeMsgAbi.TEEC_ERROR_BAD_PARAMETERS;
        }

        return Call(_monitor, new SmcRegisters(FfaMemReclaim, handle & 0xFFFF_FFFF, handle >> 32, 0)).A0 == FfaSuccess
            ? TeecResultCodes.Success
            : OpteeMsgAbi.TEEC_ERROR_BAD_PARAMETERS;
    }

    public OpteeMsgParam RegionMemref(ulong type, ulong handle, ulong offset, ulong size) =>
        new(OpteeMsgAbi.ATTR_TYPE_RMEM_INPUT + (type - Uapi.Tee.TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT), offset & 0x0000_FFFF_FFFF_FFFF, size, handle);

    private static SmcRegisters Call(SecureMonitor monitor, SmcRegisters r)
    {
        monitor.Call(ref r);
        return r;
    }

    private static SmcRegisters DirectRequest(SecureMonitor monitor, ushort partition, ulong w3, ulong w4 = 0, ulong w5 = 0, ulong w6 = 0) =>
        Call(monitor, new SmcRegisters(FfaDirectReq, partition, 0, w3, w4, w5, w6));

    /// <summary>FFA_MEM_SHARE or FFA_MEM_LEND of <paramref name="ranges"/> with a v1.1 descriptor in TX: a0 and the handle.</summary>
    private ulong Transfer(ulong function, ulong tag, ushort[] receivers, PhysRange[] ranges, out ulong handle, IReadOnlyList<uint>? attributes = null)
    {
        const int header = 48;
        const int endpointSize = 16;
        var compositeOffset = header + (endpointSize * receivers.Length);
        var length = compositeOffset + 16 + (16 * ranges.Length);
        var d = new byte[length];
        BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan(16), tag);
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(24), endpointSize);
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(28), (uint)receivers.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(32), header);
        for (var i = 0; i < receivers.Length; i++)
        {
            var e = d.AsSpan(header + (i * endpointSize));
            BinaryPrimitives.WriteUInt16LittleEndian(e, receivers[i]);
            e[2] = attributes is null ? MemRw : (byte)(attributes[i] >> 16);
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], (uint)compositeOffset);
        }

        var pages = ranges.Aggregate(0UL, (sum, r) => sum + (r.Length >> HwConstants.PageShift));
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(compositeOffset), (uint)pages);
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(compositeOffset + 4), (uint)ranges.Length);
        for (var i = 0; i < ranges.Length; i++)
        {
            var c = d.AsSpan(compositeOffset + 16 + (16 * i));
            BinaryPrimitives.WriteUInt64LittleEndian(c, ranges[i].Start.Value);
            BinaryPrimitives.WriteUInt32LittleEndian(c[8..], (uint)(ranges[i].Length >> HwConstants.PageShift));
        }

        _pages.Write(_tx, d);
        var r = Call(_monitor, new SmcRegisters(function, (ulong)length, (ulong)length));
        handle = (r.A2 & 0xFFFF_FFFF) | ((r.A3 & 0xFFFF_FFFF) << 32);
        return r.A0 == FfaError ? FfaError : r.A0;
    }
}
