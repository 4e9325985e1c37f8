using System.Buffers.Binary;
using Protmem.Hardware;

namespace Protmem.SecureWorld.Ta;

/// <summary>
/// The MediaTek-style secure-memory TA: the secure world owns a carveout and hands out zeroed blocks
/// of it by handle (SECMEM_ZALLOC), takes them back scrubbed (SECMEM_FREE) and describes a block's
/// physical pages (RETRIEVE_SG, entries <c>{ u64 pa; u32 length; } __packed</c>).
/// Zalloc is paired with free; blocks outlive sessions (the kernel's heap owns them by handle).
/// It serves the normal-world kernel only: a session whose client did not log in as
/// TEE_LOGIN_REE_KERNEL (a user process through /dev/tee0, or another TA) is refused at open with
/// ACCESS_DENIED, as OP-TEE's kernel-only services do; otherwise a program could allocate and free
/// blocks behind the kernel heap's back.
/// </summary>
internal sealed class MtkSecmemTa : ITrustedApplication
{
    public const uint SECMEM_ZALLOC = 0x10000;
    public const uint SECMEM_FREE = 0x10001;
    public const uint SECMEM_RETRIEVE_SG = 0x10002;

    /// <summary>MTK_SECURE_MEMORY_TYPE_CM_TZ: the static carveout.</summary>
    public const uint MemTypeCmTz = 1;

    /// <summary>MTK_SECURE_MEMORY_TYPE_CM_CMA: a CMA region handed over by the kernel (not modelled).</summary>
    public const uint MemTypeCmCma = 2;

    /// <summary>sizeof(struct mtk_tee_scatterlist).</summary>
    public const int SgEntrySize = 12;

    private readonly SecmemAllocator _allocator;
    private readonly SecureCpuMemory _memory;
    private readonly Dictionary<uint, PhysRange> _blocks = [];
    private uint _nextHandle = 1;

    public MtkSecmemTa(PhysRange carveout, SecureCpuMemory memory)
    {
        _allocator = new SecmemAllocator(carveout);
        _memory = memory;
    }

    public TeeUuid Uuid => TrustedApplicationIds.MtkSecmem;

    public bool IsPseudo => false;

    public int BlockCount => _blocks.Count;

    /// <summary>The blocks handed out, by handle.</summary>
    public IReadOnlyDictionary<uint, PhysRange> Blocks => _blocks;

    public uint OpenSession(TaSession session, uint paramTypes, TaParam[] parameters) =>
        session.Client is { IsTa: false, Login: TaClient.LoginReeKernel } ? TeeResult.SUCCESS : TeeResult.ACCESS_DENIED;

    public void CloseSession(TaSession session)
    {
    }

    public uint Invoke(TaSession session, uint command, uint paramTypes, TaParam[] parameters) => command switch
    {
        SECMEM_ZALLOC => Zalloc(paramTypes, parameters),
        SECMEM_FREE => Free(paramTypes, parameters),
        SECMEM_RETRIEVE_SG => RetrieveSg(paramTypes, parameters),
        _ => TeeResult.BAD_PARAMETERS,
    };

    public void AssertInvariants()
    {
        if (!_allocator.MatchesAllocations(_blocks.Values))
        {
            throw new InvalidOperationException("secure-world invariant broken: every secmem page in use belongs to exactly one live handle");
        }
    }

    private uint Zalloc(uint types, TaParam[] p)
    {
        if (!IsValue(types, 0, input: true) || !IsValue(types, 1, input: true) || !IsValue(types, 2, input: false) || !IsValue(types, 3, input: false))
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var (size, alignment, memType) = (p[0].A, p[0].B == 0 ? (uint)HwConstants.PageSize : p[0].B, p[1].A);
        if (memType == MemTypeCmCma)
        {
            return TeeResult.NOT_SUPPORTED;
        }

        if (memType != MemTypeCmTz || size == 0)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        if (_allocator.Allocate(size, alignment) is not { } block)
        {
            return (alignment & (alignment - 1)) != 0 ? TeeResult.BAD_PARAMETERS : TeeResult.OUT_OF_MEMORY;
        }

        if (!_memory.TryZero(block))
        {
            _allocator.Free(block);
            return TeeResult.SECURITY;
        }

        var handle = NextHandle();
        _blocks.Add(handle, block);
        p[2].A = 1;
        p[2].B = unchecked((uint)block.Start.Value);
        p[3].A = handle;
        return TeeResult.SUCCESS;
    }

    private uint Free(uint types, TaParam[] p)
    {
        if (!IsValue(types, 0, input: true) || !_blocks.Remove(p[0].A, out var block))
        {
            return TeeResult.BAD_PARAMETERS;
        }

        if (!_memory.TryZero(block))
        {
            throw new InvalidOperationException($"the secure world could not scrub secmem block {block}");
        }

        _allocator.Free(block);
        return TeeResult.SUCCESS;
    }

    private uint RetrieveSg(uint types, TaParam[] p)
    {
        if (!IsValue(types, 0, input: true) || TeeParamType.Get(types, 1) is not (TeeParamType.MEMREF_OUTPUT or TeeParamType.MEMREF_INOUT))
        {
            return TeeResult.BAD_PARAMETERS;
        }

        if (!_blocks.TryGetValue(p[0].A, out var block))
        {
            return TeeResult.ITEM_NOT_FOUND;
        }

        var output = p[1].Memref!;
        var needed = (ulong)SgEntrySize;
        if (output.Size < needed || output.IsNull)
        {
            output.Size = needed;
            return TeeResult.SHORT_BUFFER;
        }

        if (TeeCore.CheckMemoryAccessRights(TeeMemoryAccess.WRITE | TeeMemoryAccess.NONSECURE, output) != TeeResult.SUCCESS)
        {
            return TeeResult.ACCESS_DENIED;
        }

        Span<byte> entry = stackalloc byte[SgEntrySize];
        BinaryPrimitives.WriteUInt64LittleEndian(entry, block.Start.Value);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], (uint)block.Length);
        if (!output.TryWrite(_memory, 0, entry))
        {
            return TeeResult.ACCESS_DENIED;
        }

        output.Size = needed;
        return TeeResult.SUCCESS;
    }

    private static bool IsValue(uint types, int index, bool input) => TeeParamType.Get(types, index) switch
    {
        TeeParamType.VALUE_INOUT => true,
        TeeParamType.VALUE_INPUT => input,
        TeeParamType.VALUE_OUTPUT => !input,
        _ => false,
    };

    private uint NextHandle()
    {
        while (_nextHandle == 0 || _blocks.ContainsKey(_nextHandle))
        {
            _nextHandle++;
        }

        return _nextHandle++;
    }
}
