using Protmem.Hardware;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;

namespace Protmem.Kernel.Tee;

/// <summary>
/// Shared memory known to the TEE (<c>struct tee_shm</c>): an id from the device's idr (≥ 1, or -1 for
/// kernel-internal ones), its size and flags, what backs it, and an explicit reference count.
/// 1. Created by an ioctl (or a pool) with one reference; user-visible ones get an id and an fd.
/// 2. Memrefs take a reference for the call (<see cref="Get"/>), paired with <see cref="Put"/>.
/// 3. The last <see cref="Put"/> runs the release: the id leaves the idr, the memory goes back, the
///    dma-buf reference (if any) is dropped.
/// </summary>
public sealed class TeeShm
{
    private readonly Action<TeeShm> _release;
    private IReadOnlyList<PhysRange>? _pages;
    private PhysRange? _contiguous;

    internal TeeShm(TeeContext? context, TeeShmKind kind, ulong size, uint flags, Action<TeeShm> release)
    {
        Context = context;
        Kind = kind;
        Size = size;
        Flags = flags;
        _release = release;
        RefCount = 1;
    }

    /// <summary>The context that created it (null for a pool's region).</summary>
    public TeeContext? Context { get; }

    public TeeShmKind Kind { get; }

    /// <summary>The id user space names it by, or -1.</summary>
    public int Id { get; internal set; } = -1;

    /// <summary>Bytes.</summary>
    public ulong Size { get; }

    /// <summary>The kernel's TEE_SHM_* flags, reported to user space.</summary>
    public uint Flags { get; internal set; }

    /// <summary>Physical pages, for allocated, dma-buf, region and restricted shms (contiguous: one range).</summary>
    public IReadOnlyList<PhysRange> Pages
    {
        get => _pages ??= _contiguous is { } range ? [range] : [];
        internal set
        {
            _pages = value;
            _contiguous = null;
        }
    }

    /// <summary>The first user address of a user-registered shm.</summary>
    public ulong UserAddress { get; internal set; }

    /// <summary>The owning process of a user-registered shm.</summary>
    public UserProcess? Owner { get; internal set; }

    /// <summary>The registered dma-buf (kind DmaBuf or Restricted).</summary>
    public DmaBuf? Buffer { get; internal set; }

    /// <summary>For a dynamic-pool buffer: the lent region memrefs are rewritten to, and the offset inside it.</summary>
    public TeeShm? Parent { get; internal set; }

    /// <summary>Offset of this buffer inside <see cref="Parent"/>.</summary>
    public ulong ParentOffset { get; internal set; }

    /// <summary>The secure world's handle of a region it knows (the SMC cookie or the FF-A global handle).</summary>
    public ulong SecureWorldHandle { get; internal set; }

    /// <summary>References held.</summary>
    public int RefCount { get; private set; }

    /// <summary>The physical address of byte 0 (contiguous shms).</summary>
    public PhysAddr Paddr => _contiguous is { } range ? range.Start
        : Pages.Count > 0 ? Pages[0].Start : throw new KernelOopsException($"{this} has no physical pages");

    /// <summary>Sets <see cref="Pages"/> to one contiguous range (the list is built only if asked for: shms are made per call).</summary>
    internal void SetContiguousPages(PhysRange range)
    {
        _pages = null;
        _contiguous = range;
    }

    /// <summary>tee_shm_get; paired with <see cref="Put"/>.</summary>
    public TeeShm Get()
    {
        if (RefCount <= 0)
        {
            throw new KernelOopsException($"tee_shm_get on released {this}");
        }

        RefCount++;
        return this;
    }

    /// <summary>tee_shm_put: the last reference releases it.</summary>
    public void Put()
    {
        if (RefCount <= 0)
        {
            throw new KernelOopsException($"tee_shm_put on released {this} (a reference was dropped twice)");
        }

        if (--RefCount == 0)
        {
            _release(this);
        }
    }

    public override string ToString() => $"tee_shm({Kind}, id {Id}, 0x{Size:x} bytes)";
}
