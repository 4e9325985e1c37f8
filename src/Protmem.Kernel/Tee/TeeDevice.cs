using Protmem.Hardware;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tee;

/// <summary>
/// A TEE device (drivers/tee/tee_core.c): <c>/dev/teeN</c>, its contexts, its shm ids and its ioctls.
/// 1. A backend probes and registers the device (<see cref="Register"/>); the node appears.
/// 2. open(2) creates a <see cref="TeeContext"/>; its file's release closes the context's sessions.
/// 3. SHM_ALLOC, SHM_REGISTER and SHM_REGISTER_FD create shms with ids from the device's idr (≥ 1) and
///    give an fd; closing it (and unmapping) frees the shm.
/// 4. OPEN_SESSION and INVOKE validate every parameter (attr bits, shm id owned by the context, bounds)
///    and hand them to the backend; TEE results come back in the payload, not the return value.
/// 5. Protected heaps and TEE_IOC_RSTMEM_ALLOC allocate from the pools the backend registers
///    (<see cref="AddProtmemPool"/>).
/// Unknown ioctls are EINVAL, as tee_ioctl's default.
/// </summary>
public sealed partial class TeeDevice : IDeviceNode, IFileOperations
{
    private readonly KernelContext _kernel;
    private readonly ITeeDriver _driver;
    // Model: the idr's radix tree is a hash map; the bitmap below gives the lowest free id, which is all the order idr_alloc needs.
    private readonly Dictionary<int, TeeShm> _idr = [];
    // Which ids are taken, a bit per id (bit 0 of word 0 is id 0, never given): the lowest free one is found without walking the idr.
    private readonly List<ulong> _idBits = [1];
    private readonly Action<TeeShm> _releaseAllocated;
    // The ioctls' parameter arrays of 0 to 4 entries (TEEC_CONFIG_PAYLOAD_REF_COUNT), kept for reuse.
    private readonly TeeParam[]?[] _paramArrays = new TeeParam[]?[5];
    private readonly SortedDictionary<uint, TeeProtmemPool> _pools = [];
    private readonly List<TeeHeap> _heaps = [];

    internal TeeDevice(KernelContext kernel, string name, ITeeDriver driver, ProtectedMemoryDesign design)
    {
        _kernel = kernel;
        _driver = driver;
        Name = name;
        Design = design;
        BufferOps = new ProtectedBufferOps(kernel);
        _releaseAllocated = ReleaseAllocated;
        kernel.RegisterTeeShmExporter(new TeeHeapShmExporter(this));
    }

    /// <summary>The board's protected-memory design, which decides what this device offers and takes.</summary>
    public ProtectedMemoryDesign Design { get; }

    /// <summary>The device name, e.g. "tee0".</summary>
    public string Name { get; }

    /// <summary>The node's path.</summary>
    public string DevicePath => "/dev/" + Name;

    /// <summary>Whether TEE_IOC_RSTMEM_ALLOC is offered (the seed design).</summary>
    public bool RstmemAllocEnabled => Design == ProtectedMemoryDesign.TeeIoctl;

    /// <summary>Shms with an id, by id.</summary>
    public IReadOnlyDictionary<int, TeeShm> Shms => _idr;

    /// <summary>The protected-memory pools, by use case.</summary>
    public IReadOnlyDictionary<uint, TeeProtmemPool> ProtmemPools => _pools;

    /// <summary>The protected heaps registered for this device.</summary>
    public IReadOnlyList<TeeHeap> Heaps => _heaps;

    /// <summary>Raised after a lent region came back from the secure world (range, use case), before the kernel reuses it.</summary>
    public event Action<PhysRange, uint>? RegionReclaimed;

    /// <summary>Open contexts (files not yet released).</summary>
    public int OpenContexts { get; private set; }

    internal KernelContext Kernel => _kernel;

    /// <summary>The ops of every protected buffer this device's pools export (its heaps and RSTMEM).</summary>
    internal ProtectedBufferOps BufferOps { get; }

    internal void OnRegionReclaimed(PhysRange range, uint useCase) => RegionReclaimed?.Invoke(range, useCase);

    /// <summary>tee_device_register: the node appears; false when the path is taken.</summary>
    internal bool Register() => _kernel.DeviceNodes.TryRegister(DevicePath, this);

    /// <summary>
    /// Adds the pool of a use case and, when <paramref name="registerHeap"/>, its dma-heap
    /// (tee_device_register_dma_heap): 0, or -EINVAL (unknown use case), -EBUSY (already present), or the
    /// heap framework's error.
    /// </summary>
    internal int AddProtmemPool(TeeProtmemPool pool, bool registerHeap)
    {
        if (TeeHeap.NameOf(pool.UseCase) is null)
        {
            return -Errno.EINVAL;
        }

        if (_pools.ContainsKey(pool.UseCase))
        {
            return -Errno.EBUSY;
        }

        if (registerHeap)
        {
            var result = TeeHeap.Register(_kernel, this, pool, out var heap);
            if (result < 0)
            {
                return result;
            }

            _heaps.Add(heap!);
        }

        _pools.Add(pool.UseCase, pool);
        return 0;
    }

    int IDeviceNode.Open(UserProcess caller, int flags, out OpenFile? file)
    {
        var context = new TeeContext(this, caller);
        OpenContexts++;
        file = _kernel.CreateFile(this, context, flags);
        return 0;
    }

    /// <summary>tee_release: the backend closes the context's sessions; shms keep the context alive.</summary>
    public void Release(OpenFile file)
    {
        var context = (TeeContext)file.PrivateData!;
        context.Releasing = true;
        _driver.Release(context);
        context.Put();
        OpenContexts--;
    }

    /// <summary>tee_ioctl.</summary>
    public int Ioctl(UserProcess caller, OpenFile file, uint request, ulong arg)
    {
        var context = (TeeContext)file.PrivateData!;
        return request switch
        {
            TeeIoctl.TEE_IOC_VERSION => IoctlVersion(caller, arg),
            TeeIoctl.TEE_IOC_SHM_ALLOC => IoctlShmAlloc(caller, context, arg),
            TeeIoctl.TEE_IOC_SHM_REGISTER => IoctlShmRegister(caller, context, arg),
            TeeIoctl.TEE_IOC_SHM_REGISTER_FD => IoctlShmRegisterFd(caller, context, arg),
            TeeIoctl.TEE_IOC_OPEN_SESSION => IoctlOpenSession(caller, context, arg),
            TeeIoctl.TEE_IOC_INVOKE => IoctlInvoke(caller, context, arg),
            TeeIoctl.TEE_IOC_CANCEL => IoctlCancel(caller, context, arg),
            TeeIoctl.TEE_IOC_CLOSE_SESSION => IoctlCloseSession(caller, context, arg),
            TeeIoctl.TEE_IOC_RSTMEM_ALLOC when RstmemAllocEnabled => IoctlRstmemAlloc(caller, context, arg),
            _ => -Errno.EINVAL,
        };
    }

    /// <summary>tee_shm_get_from_id: a reference to the shm, only when <paramref name="context"/> created it.</summary>
    internal TeeShm? GetShm(TeeContext context, ulong id)
    {
        if (id > int.MaxValue || !_idr.TryGetValue((int)id, out var shm) || shm.Context != context)
        {
            return null;
        }

        return shm.Get();
    }

    /// <summary>Checks the idr, the pools and the contexts; throws naming the broken sentence.</summary>
    public void AssertInvariants()
    {
        foreach (var (id, shm) in _idr)
        {
            if (id < 1 || shm.Id != id || shm.RefCount <= 0)
            {
                throw new KernelOopsException($"invariant broken: every shm in {Name}'s idr has its own id ≥ 1 and holds references ({shm})");
            }

            if (shm.Context is null || shm.Context.Device != this)
            {
                throw new KernelOopsException($"invariant broken: every shm in {Name}'s idr belongs to a context of that device ({shm})");
            }
        }

        foreach (var pool in _pools.Values)
        {
            pool.AssertInvariants();
        }
    }

    public override string ToString() => DevicePath;

    private static int CopyIn<T>(UserProcess caller, ulong arg, out T value)
        where T : struct, IUapiStruct<T>
    {
        Span<byte> bytes = stackalloc byte[T.Layout.Size];
        value = default;
        if (caller.CopyFromUser(arg, bytes) < 0)
        {
            return -Errno.EFAULT;
        }

        value = T.Read(bytes);
        return 0;
    }

    private static int CopyOut<T>(UserProcess caller, ulong arg, in T value)
        where T : struct, IUapiStruct<T>
    {
        Span<byte> bytes = stackalloc byte[T.Layout.Size];
        value.Write(bytes);
        return caller.CopyToUser(arg, bytes) < 0 ? -Errno.EFAULT : 0;
    }

    private int IoctlVersion(UserProcess caller, ulong arg)
    {
        var version = _driver.Version;
        return CopyOut(caller, arg, version);
    }

    /// <summary>idr_alloc(&amp;teedev->idr, shm, 1, 0): the lowest free id ≥ 1.</summary>
    private int AllocateId(TeeShm shm)
    {
        var word = 0;
        while (word < _idBits.Count && _idBits[word] == ulong.MaxValue)
        {
            word++;
        }

        var id = word < _idBits.Count ? (word * 64) + System.Numerics.BitOperations.TrailingZeroCount(~_idBits[word]) : _idBits.Count * 64L;
        if (id >= int.MaxValue)
        {
            return -Errno.ENOSPC;
        }

        if (word == _idBits.Count)
        {
            _idBits.Add(0);
        }

        _idBits[word] |= 1UL << (int)(id % 64);
        shm.Id = (int)id;
        _idr.Add((int)id, shm);
        return (int)id;
    }

    private void RemoveId(TeeShm shm)
    {
        if (shm.Id > 0 && _idr.Remove(shm.Id))
        {
            _idBits[shm.Id / 64] &= ~(1UL << (shm.Id % 64));
        }
    }

    /// <summary>The release of a TEE_IOC_SHM_ALLOC shm: its id, its pages, its context reference.</summary>
    private void ReleaseAllocated(TeeShm shm)
    {
        RemoveId(shm);
        _kernel.Pages.FreePages(shm.Paddr, Optee.KernelPages.OrderOf(shm.Size));
        shm.Context!.Put();
    }

    /// <summary>tee_shm_get_fd: an fd whose file holds the caller's shm reference (paired with the file's release).</summary>
    private int InstallShmFd(UserProcess caller, TeeShm shm, int flags)
    {
        var file = _kernel.CreateFile(TeeShmFileOperations.Instance, shm.Get(), Fcntl.O_RDWR);
        var fd = caller.Files.InstallAtLowest(file, flags);
        if (fd < 0)
        {
            file.Put();
        }

        return fd;
    }

    private static bool IsPageAlignedLength(ulong length) => (length & HwConstants.PageMask) == 0;
}
