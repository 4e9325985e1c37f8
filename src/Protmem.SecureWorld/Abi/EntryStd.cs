using System.Buffers.Binary;
using Protmem.Hardware;
using Protmem.SecureWorld.Ffa;
using Protmem.SecureWorld.ProtectedMemory;
using Protmem.SecureWorld.Ta;

namespace Protmem.SecureWorld.Abi;

/// <summary>
/// The yielding-call entry (entry_std.c): one <c>struct optee_msg_arg</c> in normal-world memory.
/// 1. The header is read as the secure CPU; the arg must lie wholly in non-secure memory, else EBADADDR.
/// 2. The command runs (sessions, shared memory, protected memory); its TEE result and origin go in
///    ret / ret_origin, outputs in the parameters.
/// 3. The whole struct is written back to the same place.
/// </summary>
internal sealed class EntryStd(
    SecureWorldAbi abi,
    SecureCpuMemory memory,
    ProtectedMemoryManager protmem,
    SharedMemoryRegistry shm,
    FfaMemoryTransactions ffa,
    TeeCore core,
    ushort ffaPartitionId)
{
    private readonly MsgParamDecoder _decoder = new(abi, memory, protmem, shm);

    /// <summary>Args of up to this many bytes (eight parameters) are read onto the stack.</summary>
    private const int StackArgLimit = 288;

    /// <summary>The header and the four parameters a TEEC call carries: read in one go when all of it is readable.</summary>
    private static readonly int FirstRead = OpteeMsg.GetArgSize(4);

    // The arg and parameter arrays (by count, up to the stack limit's eight) of the last call, for the next one.
    private readonly OpteeMsgParam[]?[] _spareParams = new OpteeMsgParam[]?[((StackArgLimit - OpteeMsg.ArgHeaderSize) / OpteeMsg.ParamSize) + 1];
    private OpteeMsgArg? _spareArg;

    /// <summary>Runs the message at <paramref name="address"/>; false when it cannot be read or written (EBADADDR).</summary>
    public bool TryRun(PhysAddr address)
    {
        // Model: entry_std.c maps the header, then the whole arg. Here the header and four parameters are
        // read at once when all of them lie in non-secure memory (the bytes past a shorter arg are read and
        // ignored); otherwise the header alone comes first, as there. Either way the whole arg must be readable.
        Span<byte> stack = stackalloc byte[StackArgLimit];
        var read = Readable(address, (ulong)FirstRead) && memory.TryRead(address, stack[..FirstRead]) ? FirstRead : 0;
        if (read == 0)
        {
            if (!Readable(address, OpteeMsg.ArgHeaderSize) || !memory.TryRead(address, stack[..OpteeMsg.ArgHeaderSize]))
            {
                return false;
            }

            read = OpteeMsg.ArgHeaderSize;
        }

        var numParams = OpteeMsgArg.ReadNumParams(stack);
        if (numParams > OpteeMsg.MaxParams)
        {
            return false;
        }

        var size = OpteeMsg.GetArgSize((int)numParams);
        var bytes = size <= StackArgLimit ? stack[..size] : new byte[size];
        if (size > read)
        {
            stack[..OpteeMsg.ArgHeaderSize].CopyTo(bytes);
            if (!Readable(address, (ulong)size) || !memory.TryRead(address + (ulong)OpteeMsg.ArgHeaderSize, bytes[OpteeMsg.ArgHeaderSize..]))
            {
                return false;
            }
        }

        // Model: entry_std.c works on the arg where it lies (mapped); here it is decoded into an arg kept from
        // the last call, taken for this one (a call made while it is out gets its own).
        var count = (int)numParams;
        var arg = _spareArg ?? new OpteeMsgArg();
        _spareArg = null;
        var parameters = count < _spareParams.Length ? _spareParams[count] ?? new OpteeMsgParam[count] : new OpteeMsgParam[count];
        if (count < _spareParams.Length)
        {
            _spareParams[count] = null;
        }

        arg.Load(bytes, parameters);
        Dispatch(arg);
        arg.Encode(bytes);
        if (count < _spareParams.Length)
        {
            _spareParams[count] = parameters;
        }

        _spareArg = arg;
        return memory.TryWrite(address, bytes);
    }

    private bool Readable(PhysAddr address, ulong length) =>
        address.Value <= HwConstants.PhysAddressLimit - length && protmem.Classify(new PhysRange(address, length)) == MemoryKind.NonSecure;

    private void Dispatch(OpteeMsgArg arg)
    {
        var smc = abi == SecureWorldAbi.Smc;
        switch (arg.Cmd)
        {
            case OpteeMsg.CMD_OPEN_SESSION:
                OpenSession(arg);
                break;
            case OpteeMsg.CMD_INVOKE_COMMAND:
                Invoke(arg);
                break;
            case OpteeMsg.CMD_CLOSE_SESSION:
                CloseSession(arg);
                break;
            case OpteeMsg.CMD_CANCEL:
                arg.Answer(core.FindSession(arg.Session, clientIsTa: false) is null ? TeeResult.BAD_PARAMETERS : TeeResult.SUCCESS, TeeOrigin.TEE);
                break;
            case OpteeMsg.CMD_REGISTER_SHM when smc:
                arg.Answer(RegisterShm(arg), TeeOrigin.TEE);
                break;
            case OpteeMsg.CMD_UNREGISTER_SHM when smc:
                arg.Answer(UnregisterShm(arg), TeeOrigin.TEE);
                break;
            case OpteeMsg.CMD_LEND_PROTMEM when smc && protmem.UseCases.Any():
                arg.Answer(LendProtmem(arg), TeeOrigin.TEE);
                break;
            case OpteeMsg.CMD_RECLAIM_PROTMEM when smc && protmem.UseCases.Any():
                arg.Answer(ReclaimProtmem(arg), TeeOrigin.TEE);
                break;
            case OpteeMsg.CMD_GET_PROTMEM_CONFIG when protmem.UseCases.Any():
                arg.Answer(GetProtmemConfig(arg), TeeOrigin.TEE);
                break;
            case OpteeMsg.CMD_ASSIGN_PROTMEM when !smc && protmem.UseCases.Any():
                arg.Answer(AssignProtmem(arg), TeeOrigin.TEE);
                break;
            default:
                arg.Answer(TeeResult.NOT_IMPLEMENTED, TeeOrigin.TEE);
                break;
        }
    }

    private void OpenSession(OpteeMsgArg arg)
    {
        var ps = arg.Params;
        if (ps.Length < 2 || ps[0].Attr != (OpteeMsg.ATTR_META | OpteeMsg.ATTR_TYPE_VALUE_INPUT) || ps[1].Attr != (OpteeMsg.ATTR_META | OpteeMsg.ATTR_TYPE_VALUE_INPUT))
        {
            arg.Answer(TeeResult.BAD_PARAMETERS, TeeOrigin.TEE);
            return;
        }

        if (!_decoder.TryDecode(ps, 2, out var types, out var parameters))
        {
            _decoder.Return(parameters);
            arg.Answer(TeeResult.BAD_PARAMETERS, TeeOrigin.TEE);
            return;
        }

        var client = new TaClient(IsTa: false, Uuid(ps[1]), (uint)ps[1].C);
        var (result, origin) = core.OpenSession(Uuid(ps[0]), client, types, parameters, out var session);
        MsgParamDecoder.Encode(ps, 2, types, parameters);
        _decoder.Return(parameters);
        arg.Session = session?.Id ?? 0;
        arg.Answer(result, origin);
    }

    private void Invoke(OpteeMsgArg arg)
    {
        if (core.FindSession(arg.Session, clientIsTa: false) is not { } session)
        {
            arg.Answer(TeeResult.BAD_PARAMETERS, TeeOrigin.TEE);
            return;
        }

        if (!_decoder.TryDecode(arg.Params, 0, out var types, out var parameters))
        {
            _decoder.Return(parameters);
            arg.Answer(TeeResult.BAD_PARAMETERS, TeeOrigin.TEE);
            return;
        }

        var (result, origin) = core.Invoke(session, arg.Func, types, parameters);
        MsgParamDecoder.Encode(arg.Params, 0, types, parameters);
        _decoder.Return(parameters);
        arg.Answer(result, origin);
    }

    private void CloseSession(OpteeMsgArg arg)
    {
        if (core.FindSession(arg.Session, clientIsTa: false) is not { } session)
        {
            arg.Answer(TeeResult.BAD_PARAMETERS, TeeOrigin.TEE);
            return;
        }

        core.CloseSession(session);
        arg.Answer(TeeResult.SUCCESS, TeeOrigin.TEE);
    }

    /// <summary>REGISTER_SHM: one TMEM param (NONCONTIG page list or contiguous), shm_ref = the cookie.</summary>
    private uint RegisterShm(OpteeMsgArg arg)
    {
        if (arg.Params.Length != 1 || arg.Params[0].Type is not (OpteeMsg.ATTR_TYPE_TMEM_INPUT or OpteeMsg.ATTR_TYPE_TMEM_OUTPUT or OpteeMsg.ATTR_TYPE_TMEM_INOUT))
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var p = arg.Params[0];
        if (shm.TryGet(p.C, out _) || protmem.IsProtected(p.C))
        {
            return TeeResult.BAD_PARAMETERS;
        }

        IReadOnlyList<PhysRange>? ranges = (p.Attr & OpteeMsg.ATTR_NONCONTIG) != 0
            ? _decoder.PageList(p.A, p.B)
            : _decoder.Tmem(p) is { IsNull: false, Kind: MemoryKind.NonSecure } m && m.Capacity > 0 ? m.Segments : null;
        return ranges is not null && shm.TryRegister(new SharedMemory(p.C, ranges)) ? TeeResult.SUCCESS : TeeResult.BAD_PARAMETERS;
    }

    private uint UnregisterShm(OpteeMsgArg arg) =>
        arg.Params.Length == 1 && arg.Params[0].Attr == OpteeMsg.ATTR_TYPE_RMEM_INPUT && shm.TryUnregister(arg.Params[0].C)
            ? TeeResult.SUCCESS
            : TeeResult.BAD_PARAMETERS;

    /// <summary>LEND_PROTMEM: [0] VALUE_INPUT a = use case; [1] TMEM_INPUT buf_ptr = PA, size, shm_ref = cookie.</summary>
    private uint LendProtmem(OpteeMsgArg arg)
    {
        var ps = arg.Params;
        if (ps.Length != 2 || ps[0].Attr != OpteeMsg.ATTR_TYPE_VALUE_INPUT || ps[1].Attr != OpteeMsg.ATTR_TYPE_TMEM_INPUT)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var (pa, size, cookie) = (ps[1].A, ps[1].B, ps[1].C);
        if (ps[0].A > uint.MaxValue || size == 0 || size > HwConstants.PhysAddressLimit || pa > HwConstants.PhysAddressLimit - size || shm.TryGet(cookie, out _))
        {
            return TeeResult.BAD_PARAMETERS;
        }

        return protmem.Protect(cookie, (uint)ps[0].A, new PhysRange(new PhysAddr(pa), size));
    }

    /// <summary>RECLAIM_PROTMEM: [0] RMEM_INPUT shm_ref = the cookie given at lend.</summary>
    private uint ReclaimProtmem(OpteeMsgArg arg) =>
        arg.Params.Length == 1 && arg.Params[0].Attr == OpteeMsg.ATTR_TYPE_RMEM_INPUT
            ? protmem.Unprotect(arg.Params[0].C)
            : TeeResult.BAD_PARAMETERS;

    /// <summary>ASSIGN_PROTMEM (FF-A): [0] VALUE_INPUT a = FF-A global handle, b = use case.</summary>
    private uint AssignProtmem(OpteeMsgArg arg) =>
        arg.Params.Length == 1 && arg.Params[0].Attr == OpteeMsg.ATTR_TYPE_VALUE_INPUT
            ? ffa.Assign(arg.Params[0].A, arg.Params[0].B)
            : TeeResult.BAD_PARAMETERS;

    /// <summary>
    /// GET_PROTMEM_CONFIG: [0] VALUE_INOUT a = use case, out a min size, b alignment, c PA width;
    /// [1] memref OUTPUT receiving u32 attributes; too small: SHORT_BUFFER with the needed size.
    /// </summary>
    private uint GetProtmemConfig(OpteeMsgArg arg)
    {
        var ps = arg.Params;
        if (ps.Length != 2 || ps[0].Attr != OpteeMsg.ATTR_TYPE_VALUE_INOUT
            || ps[1].Type is not (OpteeMsg.ATTR_TYPE_TMEM_OUTPUT or OpteeMsg.ATTR_TYPE_RMEM_OUTPUT)
            || ps[0].A >= int.MaxValue || !protmem.TryGetUseCase((uint)ps[0].A, out var useCase))
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var output = ps[1].Type == OpteeMsg.ATTR_TYPE_TMEM_OUTPUT ? _decoder.Tmem(ps[1]) : _decoder.Rmem(ps[1]);
        if (output is null)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var attrs = protmem.MemoryAttributes(useCase, abi == SecureWorldAbi.Ffa ? ffaPartitionId : null);
        var needed = (ulong)attrs.Length * 4;
        ps[0].A = useCase.MinSize;
        ps[0].B = useCase.Alignment;
        ps[0].C = 64;
        if (output.Size < needed || output.Capacity < needed)
        {
            ps[1].B = needed;
            return TeeResult.SHORT_BUFFER;
        }

        if (output.Kind != MemoryKind.NonSecure)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var bytes = new byte[needed];
        for (var i = 0; i < attrs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), attrs[i]);
        }

        if (!output.TryWrite(memory, 0, bytes))
        {
            return TeeResult.BAD_PARAMETERS;
        }

        ps[1].B = needed;
        return TeeResult.SUCCESS;
    }

    /// <summary>The UUID in a META value param: the 16 octets as they lie in value.a and value.b.</summary>
    private static TeeUuid Uuid(in OpteeMsgParam p)
    {
        Span<byte> octets = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(octets, p.A);
        BinaryPrimitives.WriteUInt64LittleEndian(octets[8..], p.B);
        return TeeUuid.FromOctets(octets);
    }
}
