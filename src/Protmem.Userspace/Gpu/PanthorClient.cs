using System.Text;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Userspace.Gpu;

/// <summary>
/// A panthor GPU client speaking only the uapi, as Mesa's panvk does: opens the render node whose
/// DRM_IOCTL_VERSION name is "panthor", creates VMs, BOs and groups, binds BOs and PRIME imports into a VM,
/// and submits command streams. The Try* methods return the raw result (0 or -errno); the others throw
/// <see cref="ErrnoException"/>. Disposing closes the fd and unmaps the staging buffer.
/// </summary>
public sealed class PanthorClient : IDisposable
{
    private const ulong StagingSize = 64 * 1024;
    private const ulong ArgOffset = 0;
    private const ulong ArrayOffset = 1024;
    private const ulong NameOffset = 4096;
    private const ulong QueryOffset = 8192;

    private readonly ISyscalls _sys;
    private readonly UserBuffer _args;

    private PanthorClient(ISyscalls sys, UserBuffer args, int fd)
    {
        _sys = sys;
        _args = args;
        Fd = fd;
    }

    /// <summary>The render-node fd.</summary>
    public int Fd { get; }

    /// <summary>The first /dev/dri/renderD128..143 driven by panthor; throws <see cref="ErrnoException"/> (ENODEV) when none is.</summary>
    public static PanthorClient Open(ISyscalls sys)
    {
        ArgumentNullException.ThrowIfNull(sys);
        var args = UserBuffer.Map(sys, StagingSize);
        for (var i = 0; i < 16; i++)
        {
            var fd = sys.Open(DrmIoctl.RenderPrefix + (DrmIoctl.RenderMinorBase + i), Fcntl.O_RDWR);
            if (fd < 0)
            {
                continue;
            }

            if (IsPanthor(args, fd))
            {
                return new PanthorClient(sys, args, fd);
            }

            sys.Close(fd);
        }

        args.Dispose();
        throw new ErrnoException(-Errno.ENODEV, "open a panthor render node");
    }

    /// <summary>DEV_QUERY of the proposed PROTECTED_INFO: the features word, or -errno (EINVAL from a kernel without it).</summary>
    public long QueryProtectedFeatures()
    {
        var query = new DrmPanthorDevQuery { Type = PanthorIoctl.DRM_PANTHOR_DEV_QUERY_PROTECTED_INFO, QuerySize = DrmPanthorProtectedInfo.Size, Data = _args.AddressOf(QueryOffset) };
        var result = _args.Ioctl(Fd, PanthorIoctl.DRM_IOCTL_PANTHOR_DEV_QUERY, ref query, ArgOffset);
        return result < 0 ? result : _args.Get<DrmPanthorProtectedInfo>(QueryOffset).Features;
    }

    /// <summary>VM_CREATE with the default user VA range: the VM id.</summary>
    public uint CreateVm()
    {
        var args = new DrmPanthorVmCreate();
        ErrnoException.Check(_args.Ioctl(Fd, PanthorIoctl.DRM_IOCTL_PANTHOR_VM_CREATE, ref args, ArgOffset), "DRM_IOCTL_PANTHOR_VM_CREATE");
        return args.Id;
    }

    /// <summary>BO_CREATE: the handle and the page-aligned size.</summary>
    public (uint Handle, ulong Size) CreateBo(ulong size, uint flags = 0)
    {
        var args = new DrmPanthorBoCreate { BoSize = size, Flags = flags };
        ErrnoException.Check(_args.Ioctl(Fd, PanthorIoctl.DRM_IOCTL_PANTHOR_BO_CREATE, ref args, ArgOffset), "DRM_IOCTL_PANTHOR_BO_CREATE");
        return (args.Handle, args.BoSize);
    }

    /// <summary>BO_MMAP_OFFSET then mmap: the user address.</summary>
    public ulong MapBo(uint handle, ulong size)
    {
        var args = new DrmPanthorBoMmapOffset { Handle = handle };
        ErrnoException.Check(_args.Ioctl(Fd, PanthorIoctl.DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET, ref args, ArgOffset), "DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET");
        return (ulong)ErrnoException.Check(_sys.Mmap(0, size, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, Fd, (long)args.Offset), "mmap of a panthor BO");
    }

    /// <summary>PRIME_FD_TO_HANDLE of a dma-buf: the raw result and the handle.</summary>
    public int TryImport(int dmaBufFd, out uint handle)
    {
        var prime = new DrmPrimeHandle { Fd = dmaBufFd };
        var result = _args.Ioctl(Fd, DrmIoctl.DRM_IOCTL_PRIME_FD_TO_HANDLE, ref prime, ArgOffset);
        handle = result == 0 ? prime.Handle : 0;
        return result;
    }

    /// <summary>VM_BIND of one map operation: the raw result.</summary>
    public int TryBind(uint vm, uint handle, ulong va, ulong size, uint flags = PanthorIoctl.DRM_PANTHOR_VM_BIND_OP_TYPE_MAP)
    {
        _args.Put(ArrayOffset, new DrmPanthorVmBindOp { Flags = flags, BoHandle = handle, Va = va, OpSize = size });
        var args = new DrmPanthorVmBind { VmId = vm, Ops = DrmPanthorObjArray.Of(DrmPanthorVmBindOp.Size, 1, _args.AddressOf(ArrayOffset)) };
        return _args.Ioctl(Fd, PanthorIoctl.DRM_IOCTL_PANTHOR_VM_BIND, ref args, ArgOffset);
    }

    /// <summary>GROUP_CREATE of one queue: the raw result and the group handle.</summary>
    public int TryCreateGroup(uint vm, byte priority, uint flags, out uint group)
    {
        _args.Put(ArrayOffset, new DrmPanthorQueueCreate { RingbufSize = 16384 });
        var args = new DrmPanthorGroupCreate
        {
            Queues = DrmPanthorObjArray.Of(DrmPanthorQueueCreate.Size, 1, _args.AddressOf(ArrayOffset)),
            MaxComputeCores = 1,
            MaxFragmentCores = 1,
            MaxTilerCores = 1,
            Priority = priority,
            Flags = flags,
            ComputeCoreMask = 1,
            FragmentCoreMask = 1,
            TilerCoreMask = 1,
            VmId = vm,
        };
        var result = _args.Ioctl(Fd, PanthorIoctl.DRM_IOCTL_PANTHOR_GROUP_CREATE, ref args, ArgOffset);
        group = result == 0 ? args.GroupHandle : 0;
        return result;
    }

    /// <summary>GROUP_SUBMIT of one stream on queue 0: the raw result.</summary>
    public int TrySubmit(uint group, ulong streamVa, uint streamSize)
    {
        _args.Put(ArrayOffset, new DrmPanthorQueueSubmit { StreamAddr = streamVa, StreamSize = streamSize });
        var args = new DrmPanthorGroupSubmit { GroupHandle = group, QueueSubmits = DrmPanthorObjArray.Of(DrmPanthorQueueSubmit.Size, 1, _args.AddressOf(ArrayOffset)) };
        return _args.Ioctl(Fd, PanthorIoctl.DRM_IOCTL_PANTHOR_GROUP_SUBMIT, ref args, ArgOffset);
    }

    /// <summary>GROUP_GET_STATE: (state flags, fatal queues).</summary>
    public (uint State, uint FatalQueues) GroupState(uint group)
    {
        var args = new DrmPanthorGroupGetState { GroupHandle = group };
        ErrnoException.Check(_args.Ioctl(Fd, PanthorIoctl.DRM_IOCTL_PANTHOR_GROUP_GET_STATE, ref args, ArgOffset), "DRM_IOCTL_PANTHOR_GROUP_GET_STATE");
        return (args.State, args.FatalQueues);
    }

    /// <summary>The proposed ENABLE_FW_PROT_MODE with a GEM handle: the raw result.</summary>
    public int TryEnableFwProtMode(uint handle)
    {
        var args = new DrmPanthorEnableFwProtMode { Handle = handle };
        return _args.Ioctl(Fd, PanthorIoctl.DRM_IOCTL_PANTHOR_ENABLE_FW_PROT_MODE, ref args, ArgOffset);
    }

    /// <summary>Writes bytes through a BO's mapping.</summary>
    public void Write(ulong address, ReadOnlySpan<byte> bytes) => ErrnoException.Check(_sys.WriteMemory(address, bytes), "write to a panthor BO");

    /// <summary>Reads bytes through a BO's mapping.</summary>
    public void Read(ulong address, Span<byte> into) => ErrnoException.Check(_sys.ReadMemory(address, into), "read of a panthor BO");

    public void Dispose()
    {
        _sys.Close(Fd);
        _args.Dispose();
    }

    private static bool IsPanthor(UserBuffer args, int fd)
    {
        var name = PanthorIoctl.DriverName;
        args.Write(NameOffset, new byte[name.Length + 1]);
        var version = new DrmVersion { NameLen = (ulong)name.Length, Name = args.AddressOf(NameOffset) };
        if (args.Ioctl(fd, DrmIoctl.DRM_IOCTL_VERSION, ref version) != 0 || version.NameLen != (ulong)name.Length)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[name.Length];
        args.Read(NameOffset, bytes);
        return Encoding.ASCII.GetString(bytes) == name;
    }
}
