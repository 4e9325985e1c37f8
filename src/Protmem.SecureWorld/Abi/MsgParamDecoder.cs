using System.Buffers.Binary;
using Protmem.Hardware;
using Protmem.SecureWorld.ProtectedMemory;
using Protmem.SecureWorld.Ta;

namespace Protmem.SecureWorld.Abi;

/// <summary>
/// Turns optee_msg_param memory references into TA memrefs and back (entry_std.c copy_in_params /
/// copy_out_param): TMEM by physical address (contiguous, or a NONCONTIG page list), RMEM by the cookie
/// of registered shared memory or of a protected region, FMEM (FF-A) by global handle. Every failure
/// is false (the caller answers BAD_PARAMETERS); nothing throws for what the normal world wrote.
/// </summary>
internal sealed class MsgParamDecoder(SecureWorldAbi abi, SecureCpuMemory memory, ProtectedMemoryManager protmem, SharedMemoryRegistry shm)
{
    /// <summary>OPTEE_MSG_FMEM_INVALID_GLOBAL_ID: an FF-A null memref.</summary>
    public const ulong FmemInvalidGlobalId = ulong.MaxValue;

    /// <summary>The largest non-contiguous buffer accepted (its page list is read page by page).</summary>
    public const ulong MaxNoncontigSize = 256UL * 1024 * 1024;

    // The four TA parameters of the last call, cleared, for the next one (a call's array is its own until returned).
    private TaParam[]? _spare;

    /// <summary>Decodes parameters [first, end) into GlobalPlatform types and TA parameters; paired with <see cref="Return"/>.</summary>
    public bool TryDecode(OpteeMsgParam[] ps, int first, out uint types, out TaParam[] parameters)
    {
        types = 0;
        parameters = _spare ?? new TaParam[4];
        _spare = null;
        var count = ps.Length - first;
        if (count > 4)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            var p = ps[first + i];
            if (p.IsMeta || (p.Attr & ~(OpteeMsg.ATTR_TYPE_MASK | OpteeMsg.ATTR_NONCONTIG | (OpteeMsg.ATTR_CACHE_MASK << OpteeMsg.ATTR_CACHE_SHIFT))) != 0)
            {
                return false;
            }

            uint type;
            switch (p.Type)
            {
                case OpteeMsg.ATTR_TYPE_NONE:
                    type = TeeParamType.NONE;
                    break;
                case OpteeMsg.ATTR_TYPE_VALUE_INPUT or OpteeMsg.ATTR_TYPE_VALUE_OUTPUT or OpteeMsg.ATTR_TYPE_VALUE_INOUT:
                    type = (uint)p.Type;
                    parameters[i].A = (uint)p.A;
                    parameters[i].B = (uint)p.B;
                    break;
                case OpteeMsg.ATTR_TYPE_TMEM_INPUT or OpteeMsg.ATTR_TYPE_TMEM_OUTPUT or OpteeMsg.ATTR_TYPE_TMEM_INOUT:
                    type = TeeParamType.MEMREF_INPUT + (uint)(p.Type - OpteeMsg.ATTR_TYPE_TMEM_INPUT);
                    parameters[i].Memref = Tmem(p);
                    break;
                case OpteeMsg.ATTR_TYPE_RMEM_INPUT or OpteeMsg.ATTR_TYPE_RMEM_OUTPUT or OpteeMsg.ATTR_TYPE_RMEM_INOUT:
                    type = TeeParamType.MEMREF_INPUT + (uint)(p.Type - OpteeMsg.ATTR_TYPE_RMEM_INPUT);
                    parameters[i].Memref = Rmem(p);
                    break;
                default:
                    return false;
            }

            if (TeeParamType.IsMemref(type) && parameters[i].Memref is null)
            {
                return false;
            }

            types |= type << (4 * i);
        }

        return true;
    }

    /// <summary>Copies what the TA produced back into the message: values of OUTPUT/INOUT, memref sizes.</summary>
    public static void Encode(OpteeMsgParam[] ps, int first, uint types, TaParam[] parameters)
    {
        for (var i = 0; i < ps.Length - first && i < 4; i++)
        {
            switch (TeeParamType.Get(types, i))
            {
                case TeeParamType.VALUE_OUTPUT or TeeParamType.VALUE_INOUT:
                    ps[first + i].A = parameters[i].A;
                    ps[first + i].B = parameters[i].B;
                    ps[first + i].C = 0;
                    break;
                case TeeParamType.MEMREF_OUTPUT or TeeParamType.MEMREF_INOUT:
                    ps[first + i].B = parameters[i].Memref!.Size;
                    break;
            }
        }
    }

    /// <summary>A TMEM memref: PA and size (buf_ptr 0: a null memref), non-secure or protected memory only.</summary>
    public TaMemref? Tmem(in OpteeMsgParam p)
    {
        var (bufPtr, size) = (p.A, p.B);
        if ((p.Attr & OpteeMsg.ATTR_NONCONTIG) != 0)
        {
            return Noncontig(bufPtr, size);
        }

        if (bufPtr == 0)
        {
            return TaMemref.Null(size);
        }

        if (size == 0)
        {
            return new TaMemref([], 0, MemoryKind.NonSecure);
        }

        if (size > HwConstants.PhysAddressLimit || bufPtr > HwConstants.PhysAddressLimit - size)
        {
            return null;
        }

        var range = new PhysRange(new PhysAddr(bufPtr), size);
        var kind = protmem.Classify(range);
        return kind is MemoryKind.NonSecure or MemoryKind.Protected ? new TaMemref(range, size, kind) : null;
    }

    /// <summary>
    /// Gives back the array <see cref="TryDecode"/> handed out, once the call is over. Model: OP-TEE's
    /// tee_ta_param lives on the thread's stack; here one array is kept and reused, cleared.
    /// </summary>
    public void Return(TaParam[] parameters)
    {
        Array.Clear(parameters);
        _spare = parameters;
    }

    /// <summary>An RMEM (SMC) or FMEM (FF-A) memref: offset and size inside registered or protected memory.</summary>
    public TaMemref? Rmem(in OpteeMsgParam p)
    {
        var (cookie, size) = (p.C, p.B);
        var offset = p.A;
        if (abi == SecureWorldAbi.Ffa)
        {
            if (cookie == FmemInvalidGlobalId)
            {
                return TaMemref.Null(size);
            }

            var offsLow = p.A & 0xFFFF_FFFF;
            var offsHigh = (p.A >> 32) & 0xFFFF;
            var internalOffs = p.A >> 48;
            offset = (offsLow | (offsHigh << 32)) + internalOffs;
        }

        if (shm.TryGet(cookie, out var registered))
        {
            var ranges = registered.Ranges;
            var total = 0UL;
            for (var i = 0; i < ranges.Count; i++)
            {
                total += ranges[i].Length;
            }

            return offset > total || size > total - offset ? null : new TaMemref(Slice(ranges, offset, size), size, MemoryKind.NonSecure);
        }

        if (!protmem.TryGetRegion(cookie, out var region))
        {
            return null;
        }

        // A protected region is one range, so its slice is one range too, or none for size 0 (no list: this runs per memref).
        var length = region.Range.Length;
        if (offset > length || size > length - offset)
        {
            return null;
        }

        return size == 0
            ? new TaMemref([], 0, MemoryKind.Protected)
            : new TaMemref(new PhysRange(region.Range.Start + offset, size), size, MemoryKind.Protected);
    }

    /// <summary>The pages of a NONCONTIG buffer: buf_ptr = PA of the first page list | offset in the first page.</summary>
    public IReadOnlyList<PhysRange>? PageList(ulong bufPtr, ulong size)
    {
        if (size == 0 || size > MaxNoncontigSize)
        {
            return null;
        }

        var offset = bufPtr & HwConstants.PageMask;
        var pageCount = (offset + size + HwConstants.PageMask) >> HwConstants.PageShift;
        var listPage = new PhysAddr(bufPtr & ~HwConstants.PageMask);
        const int entriesPerList = (OpteeMsg.NoncontigPageSize / 8) - 1;
        var list = new byte[OpteeMsg.NoncontigPageSize];
        var pages = new List<PhysRange>();
        while ((ulong)pages.Count < pageCount)
        {
            var listRange = new PhysRange(listPage, HwConstants.PageSize);
            if (protmem.Classify(listRange) != MemoryKind.NonSecure || !memory.TryRead(listPage, list))
            {
                return null;
            }

            for (var i = 0; i < entriesPerList && (ulong)pages.Count < pageCount; i++)
            {
                var page = BinaryPrimitives.ReadUInt64LittleEndian(list.AsSpan(i * 8));
                if ((page & HwConstants.PageMask) != 0 || page > HwConstants.PhysAddressLimit - HwConstants.PageSize)
                {
                    return null;
                }

                pages.Add(new PhysRange(new PhysAddr(page), HwConstants.PageSize));
            }

            listPage = new PhysAddr(BinaryPrimitives.ReadUInt64LittleEndian(list.AsSpan(entriesPerList * 8)));
            if (!listPage.IsPageAligned)
            {
                return null;
            }
        }

        var slice = Slice(pages, offset, size);
        return slice.All(r => protmem.Classify(r) == MemoryKind.NonSecure) ? slice : null;
    }

    private TaMemref? Noncontig(ulong bufPtr, ulong size) =>
        PageList(bufPtr, size) is { } ranges ? new TaMemref(ranges, size, MemoryKind.NonSecure) : null;

    /// <summary>[offset, +size) of the concatenation of <paramref name="ranges"/>, adjacent pieces merged.</summary>
    private static List<PhysRange> Slice(IReadOnlyList<PhysRange> ranges, ulong offset, ulong size)
    {
        var result = new List<PhysRange>();
        foreach (var r in ranges)
        {
            if (size == 0)
            {
                break;
            }

            if (offset >= r.Length)
            {
                offset -= r.Length;
                continue;
            }

            var piece = new PhysRange(r.Start + offset, Math.Min(r.Length - offset, size));
            if (result.Count > 0 && result[^1].End == piece.Start)
            {
                result[^1] = new PhysRange(result[^1].Start, result[^1].Length + piece.Length);
            }
            else
            {
                result.Add(piece);
            }

            size -= piece.Length;
            offset = 0;
        }

        return result;
    }
}
