using Protmem.Hardware;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Kernel.Tee;

/// <summary>
/// The static protected-memory pool (tee_protmem_static_pool_alloc): a gen_pool over a carveout the
/// secure world already firewalled (OP-TEE's SDP memory, reported by GET_PROTMEM_CONFIG). The kernel never
/// maps or touches the memory; it only hands out ranges.
/// </summary>
internal sealed class TeeStaticProtmemPool : TeeProtmemPool
{
    private readonly GenPool _pool = new(HwConstants.PageShift);
    private int _outstanding;
    private IReadOnlyList<string> _admitted = [];

    private TeeStaticProtmemPool(uint useCase, PhysRange carveout)
    {
        UseCase = useCase;
        Carveout = carveout;
        _pool.AddChunk(carveout.Start.Value, carveout.Length);
    }

    public PhysRange Carveout { get; }

    public override uint UseCase { get; }

    public override ulong Available => _pool.Avail;

    public override bool Admits(PlatformDevice device) => device.Master is not null && _admitted.Contains(device.Name);

    public override ulong Capacity => _pool.Size;

    public override int Outstanding => _outstanding;

    /// <summary>0 and the pool, or -EINVAL for an unaligned carveout or one that is not DRAM (pfn_valid).</summary>
    public static int Create(KernelContext kernel, uint useCase, PhysRange carveout, out TeeStaticProtmemPool? pool)
    {
        pool = null;
        if (carveout.IsEmpty || !carveout.IsPageAligned || !kernel.Hardware.DramRanges.Any(bank => bank.Contains(carveout)))
        {
            return -Errno.EINVAL;
        }

        pool = new TeeStaticProtmemPool(useCase, carveout) { _admitted = kernel.Config.Tee?.StaticProtmemDevices ?? [] };
        return 0;
    }

    public override int Alloc(ulong size, out PhysRange range, out ulong offset)
    {
        range = default;
        offset = 0;
        if (!_pool.TryAlloc(size, out var addr))
        {
            return -Errno.ENOMEM;
        }

        range = new PhysRange(new PhysAddr(addr), size);
        offset = addr - Carveout.Start.Value;
        _outstanding++;
        return 0;
    }

    public override void Free(PhysRange range)
    {
        _pool.Free(range.Start.Value, range.Length);
        _outstanding--;
    }

    public override int UpdateShm(PhysRange range, ulong offset, TeeShm shm, out TeeShm? parent)
    {
        shm.Pages = [new PhysRange(Carveout.Start + offset, range.Length)];
        parent = null;
        return 0;
    }

    public override void Destroy()
    {
        if (_outstanding != 0)
        {
            throw new KernelOopsException($"the static protected pool is destroyed with {_outstanding} buffers outstanding");
        }
    }

    public override void AssertInvariants()
    {
        _pool.AssertInvariants();
        if (_outstanding == 0 && _pool.Avail != _pool.Size)
        {
            throw new KernelOopsException("invariant broken: a static protected pool with no buffer outstanding is full");
        }
    }
}
