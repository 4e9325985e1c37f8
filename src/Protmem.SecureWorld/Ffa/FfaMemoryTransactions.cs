using Protmem.Hardware;
using Protmem.SecureWorld.ProtectedMemory;

namespace Protmem.SecureWorld.Ffa;

/// <summary>
/// The SPMC's memory transactions by global handle, and the OP-TEE side of them.
/// 1. FFA_MEM_SHARE / FFA_MEM_LEND record a transaction (a share also becomes registered shared memory;
///    a lend is in transit: neither normal nor protected memory).
/// 2. ASSIGN_PROTMEM protects a lend for its use case; RELEASE_PROTMEM (paired) scrubs and unprotects it.
/// 3. FFA_MEM_RECLAIM (paired with 1) ends the transaction; refused while a lend is still assigned.
/// </summary>
internal sealed class FfaMemoryTransactions
{
    private readonly Dictionary<ulong, FfaTransaction> _byHandle = [];
    private readonly ProtectedMemoryManager _protmem;
    private readonly SharedMemoryRegistry _shm;
    private ulong _nextHandle = 1;

    public FfaMemoryTransactions(ProtectedMemoryManager protmem, SharedMemoryRegistry shm)
    {
        _protmem = protmem;
        _shm = shm;
    }

    public int Count => _byHandle.Count;

    /// <summary>Records an accepted transaction and returns its handle (bit 63 set: allocated by the SPMC).</summary>
    public ulong Add(bool isLend, ulong tag, IReadOnlyList<PhysRange> ranges, IReadOnlyList<ushort> receivers)
    {
        var handle = (1UL << 63) | _nextHandle++;
        _byHandle.Add(handle, new FfaTransaction(handle, isLend, tag, ranges, receivers));
        if (isLend)
        {
            _protmem.MarkInTransit(handle, ranges);
        }
        else
        {
            _shm.TryRegister(new SharedMemory(handle, ranges));
        }

        return handle;
    }

    public bool TryGet(ulong handle, out FfaTransaction transaction) => _byHandle.TryGetValue(handle, out transaction!);

    /// <summary>ASSIGN_PROTMEM: a TEE result (ITEM_NOT_FOUND, BUSY, BAD_PARAMETERS, OUT_OF_MEMORY or SUCCESS).</summary>
    public uint Assign(ulong handle, ulong useCase)
    {
        if (!_byHandle.TryGetValue(handle, out var lend) || !lend.IsLend)
        {
            return TeeResult.ITEM_NOT_FOUND;
        }

        if (lend.Assigned)
        {
            return TeeResult.BUSY;
        }

        if (useCase != lend.Tag || useCase > uint.MaxValue || lend.Ranges.Count != 1)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var result = _protmem.Protect(handle, (uint)useCase, lend.Ranges[0], transitHandle: handle);
        if (result == TeeResult.SUCCESS)
        {
            _protmem.ClearInTransit(handle);
            lend.Assigned = true;
        }

        return result;
    }

    /// <summary>RELEASE_PROTMEM: scrubs and unprotects an assigned lend; an FF-A error code (0 on success).</summary>
    public int Release(ulong handle)
    {
        if (!_byHandle.TryGetValue(handle, out var lend) || !lend.IsLend || !lend.Assigned)
        {
            return FfaAbi.FFA_RET_INVALID_PARAMETERS;
        }

        _protmem.Unprotect(handle);
        _protmem.MarkInTransit(handle, lend.Ranges);
        lend.Assigned = false;
        return 0;
    }

    /// <summary>FFA_MEM_RECLAIM: an FF-A error code (0 on success).</summary>
    public int Reclaim(ulong handle)
    {
        if (!_byHandle.TryGetValue(handle, out var transaction))
        {
            return FfaAbi.FFA_RET_INVALID_PARAMETERS;
        }

        if (transaction.Assigned)
        {
            return FfaAbi.FFA_RET_DENIED;
        }

        _byHandle.Remove(handle);
        if (transaction.IsLend)
        {
            _protmem.ClearInTransit(handle);
        }
        else
        {
            _shm.TryUnregister(handle);
        }

        return 0;
    }

    /// <summary>True when <paramref name="range"/> overlaps the memory of a live transaction.</summary>
    public bool Overlaps(PhysRange range) => _byHandle.Values.Any(t => t.Ranges.Any(r => r.Overlaps(range)));

    public void AssertInvariants()
    {
        foreach (var t in _byHandle.Values)
        {
            if (t.IsLend && t.Assigned != _protmem.IsProtected(t.Handle))
            {
                throw new InvalidOperationException($"secure-world invariant broken: an FF-A lend ({t.Handle:x}) is protected exactly when it is assigned");
            }

            if (!t.IsLend && !_shm.TryGet(t.Handle, out _))
            {
                throw new InvalidOperationException($"secure-world invariant broken: every FF-A share ({t.Handle:x}) is registered shared memory");
            }
        }
    }
}
