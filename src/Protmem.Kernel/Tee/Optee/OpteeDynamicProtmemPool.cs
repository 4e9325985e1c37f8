using Protmem.Hardware;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;
using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tee.Optee;

/// <summary>
/// A dynamic protected-memory pool (drivers/tee/optee/protmem.c) for one use case.
/// 1. Nothing is lent at probe; the secure world said how large a region must be (min size) and which
///    endpoints may reach it (memory attributes).
/// 2. The first allocation takes a whole region from CMA, (optionally) removes it from the kernel's
///    linear map, lends it (SMC LEND_PROTMEM, or FF-A MEM_LEND + ASSIGN_PROTMEM) and puts a gen_pool
///    over it.
/// 3. Buffers are ranges of the region; memrefs into them are rewritten to the region plus offset.
/// 4. The last free reclaims the region (paired with the lend): the secure world scrubs and unfirewalls
///    it, the linear map is restored, the pages go back to CMA.
/// </summary>
internal sealed class OpteeDynamicProtmemPool : TeeProtmemPool
{
    private readonly OpteeDriver _driver;
    private readonly ulong _regionSize;
    private readonly IReadOnlyList<uint> _attributes;
    private GenPool? _pool;
    private TeeShm? _region;
    private bool _directMapRemoved;
    private CmaArea? _area;
    private int _outstanding;

    public OpteeDynamicProtmemPool(OpteeDriver driver, uint useCase, ulong regionSize, IReadOnlyList<uint> attributes)
    {
        _driver = driver;
        UseCase = useCase;
        _regionSize = regionSize;
        _attributes = attributes;
    }

    public override uint UseCase { get; }

    /// <summary>The lent region while one is lent.</summary>
    public TeeShm? Region => _region;

    /// <summary>Regions lent so far, and reclaimed so far (every lend is paired with a reclaim).</summary>
    public int Lends { get; private set; }

    public int Reclaims { get; private set; }

    public override ulong Available => _pool?.Avail ?? _regionSize;

    public override ulong Capacity => _regionSize;

    /// <summary>A device whose master is one of the endpoints GET_PROTMEM_CONFIG named (the attribute's low 16 bits).</summary>
    public override bool Admits(PlatformDevice device) =>
        device.Master is { } master && _attributes.Any(a => (a & 0xFFFF) == (uint)master.Master.Id);

    public override int Outstanding => _outstanding;

    public override int Alloc(ulong size, out PhysRange range, out ulong offset)
    {
        range = default;
        offset = 0;
        if (size > _regionSize)
        {
            return -Errno.ENOMEM;
        }

        if (_region is null)
        {
            var result = Lend();
            if (result < 0)
            {
                return result;
            }
        }

        if (!_pool!.TryAlloc(size, out var addr))
        {
            if (_outstanding == 0)
            {
                ReclaimRegion();
            }

            return -Errno.ENOMEM;
        }

        range = new PhysRange(new PhysAddr(addr), size);
        offset = addr - _region!.Paddr.Value;
        _outstanding++;
        return 0;
    }

    public override void Free(PhysRange range)
    {
        _pool!.Free(range.Start.Value, range.Length);
        if (--_outstanding == 0)
        {
            ReclaimRegion();
        }
    }

    public override int UpdateShm(PhysRange range, ulong offset, TeeShm shm, out TeeShm? parent)
    {
        parent = _region ?? throw new KernelOopsException("update_shm of a dynamic pool with no lent region");
        shm.Pages = [range];
        return 0;
    }

    public override void Destroy()
    {
        if (_outstanding != 0)
        {
            throw new KernelOopsException($"the dynamic protected pool of use case {UseCase} is destroyed with {_outstanding} buffers outstanding");
        }
    }

    public override void AssertInvariants()
    {
        if ((_region is null) != (_outstanding == 0))
        {
            throw new KernelOopsException($"invariant broken: use case {UseCase}'s region is lent exactly while a buffer is allocated from it");
        }

        if (Lends - Reclaims != (_region is null ? 0 : 1))
        {
            throw new KernelOopsException($"invariant broken: every lend of use case {UseCase} is paired with a reclaim");
        }

        _pool?.AssertInvariants();
    }

    /// <summary>init_dyn_protmem: CMA pages, out of the linear map (if configured), lent.</summary>
    private int Lend()
    {
        var kernel = _driver.Kernel;
        var cma = _driver.Config.LendRegion is { } name ? kernel.Pages.CmaAreas.GetValueOrDefault(name) : kernel.Pages.DefaultCma;
        if (cma is null)
        {
            return -Errno.ENOMEM;
        }

        var pages = _regionSize >> HwConstants.PageShift;
        var align = Math.Min(KernelPages.OrderOf(_regionSize), CmaArea.ConfigCmaAlignment);
        if (pages > cma.Range.Count || !kernel.Pages.TryCmaAlloc(cma, pages, align, zero: true, out var phys))
        {
            return -Errno.ENOMEM;
        }

        var range = new PhysRange(phys, _regionSize);
        _area = cma;
        _directMapRemoved = _driver.Config.RemoveLentMemoryFromDirectMap;
        if (_directMapRemoved)
        {
            kernel.DirectMap.RemoveRange(range);
        }

        var ret = _driver.Transport.Lend(UseCase, range, _attributes, _driver.NextCookie(), out var handle);
        if (ret != TeecResultCodes.Success)
        {
            RestoreAndRelease(range);
            return ret == TeecResultCodes.OutOfMemory ? -Errno.ENOMEM : -Errno.EINVAL;
        }

        Lends++;
        _region = new TeeShm(null, TeeShmKind.LentRegion, _regionSize, TeeIoctl.TEE_SHM_DYNAMIC, _ => { })
        {
            Pages = [range],
            SecureWorldHandle = handle,
        };
        _pool = new GenPool(HwConstants.PageShift);
        _pool.AddChunk(phys.Value, _regionSize);
        return 0;
    }

    /// <summary>release_dyn_protmem: reclaim (the secure world scrubs and unfirewalls), linear map back, CMA back.</summary>
    private void ReclaimRegion()
    {
        var region = _region!;
        var ret = _driver.Transport.Reclaim(region.SecureWorldHandle);
        if (ret != TeecResultCodes.Success)
        {
            throw new KernelOopsException($"the secure world refused to give back region {region.Pages[0]} of use case {UseCase} (0x{ret:x})");
        }

        Reclaims++;
        _driver.Device.OnRegionReclaimed(region.Pages[0], UseCase);
        RestoreAndRelease(region.Pages[0]);
        region.Put();
        _region = null;
        _pool = null;
    }

    private void RestoreAndRelease(PhysRange range)
    {
        var kernel = _driver.Kernel;
        if (_directMapRemoved)
        {
            kernel.DirectMap.RestoreRange(range);
            _directMapRemoved = false;
        }

        kernel.Pages.CmaRelease(_area!, range.Start, range.Length >> HwConstants.PageShift);
    }
}
