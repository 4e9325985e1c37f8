using Protmem.Hardware;
using Protmem.Kernel.DmaBufs;

namespace Protmem.Kernel.Tee;

/// <summary>A protected buffer of a TEE pool: its pool, its range and the range's offset inside the pool's memory.</summary>
public sealed class TeeHeapBuffer : IProtectedBuffer
{
    internal TeeHeapBuffer(TeeDevice device, TeeProtmemPool pool, PhysRange range, ulong offset)
    {
        Device = device;
        Pool = pool;
        Range = range;
        Offset = offset;
    }

    public TeeDevice Device { get; }

    public TeeProtmemPool Pool { get; }

    /// <summary>The physical range (one sg entry).</summary>
    public PhysRange Range { get; }

    /// <summary>Offset of <see cref="Range"/> inside the pool's memory (a dynamic pool: inside the lent region).</summary>
    public ulong Offset { get; }

    /// <summary>The pool's use case.</summary>
    public uint UseCase => Pool.UseCase;

    /// <summary>The one range.</summary>
    public IReadOnlyList<PhysRange> Ranges => [Range];

    /// <summary>The shm TEE_IOC_RSTMEM_ALLOC created with this buffer (released with it), or null.</summary>
    internal TeeShm? OwnedShm { get; set; }

    /// <summary>tee_heap_buf_free: the range goes back to the pool (which may reclaim a lent region); an RSTMEM shm goes with it.</summary>
    public void Release()
    {
        Pool.Free(Range);
        OwnedShm?.Put();
    }
}
