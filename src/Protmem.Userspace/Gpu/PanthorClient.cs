using System.Buffers.Binary;
using System.Text;
using Protmem.Uapi;
using Protmem.Uapi.DmaBuf;
using Protmem.Uapi.Drm;

namespace Protmem.Userspace.Gpu;

/// <summary>
/// A panthor GPU client speaking only the uapi, as Mesa's panvk does: opens the render node whose
/// DRM_IOCTL_VERSION name is "panthor", creates VMs, BOs and groups, binds BOs and PRIME imports into a VM,
/// submits command streams with their sync operations, and drives DRM sync objects (create, wait, signal, reset,
/// share as a syncobj fd or a sync_file). The Try* methods return the raw result (0 or -errno); the others throw
/// <see cref="ErrnoException"/>. Disposing closes the fd and unmaps the staging buffer.
/// </summary>
public sealed class PanthorClient : IDisposable
{
    private const ulong StagingSize = 64 * 1024;
    private const ulong ArgOffset = 0;
    private const ulong ArrayOffset = 1024;
    private const ulong SyncOffset = 2048;
    private const ulong HandlesOffset = 3072;
    private const int MaxSyncs = (int)(HandlesOffset - SyncOffset) / DrmPanthorSyncOp.Size;
    private const int MaxHandles = (int)(NameOffset - HandlesOffset) / 4;
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

    /// <summary>
    /// GROUP_SUBMIT of one stream on queue 0 with sync operations (<see cref="WaitOn"/>, <see cref="SignalTo"/>):
    /// the raw result.
    /// </summary>
    public int TrySubmit(uint group, ulong streamVa, uint streamSize, params DrmPanthorSyncOp[] syncs)
    {
        ArgumentNullException.ThrowIfNull(syncs);
        if (syncs.Length > MaxSyncs)
        {
            throw new ArgumentOutOfRangeException(nameof(syncs), $"at most {MaxSyncs} sync operations fit the staging buffer");
        }

        for (var i = 0; i < syncs.Length; i++)
        {
            _args.Put(SyncOffset + (ulong)(i * DrmPanthorSyncOp.Size), syncs[i]);
        }

        var syncArray = syncs.Length == 0 ? default : DrmPanthorObjArray.Of(DrmPanthorSyncOp.Size, (uint)syncs.Length, _args.AddressOf(SyncOffset));
        _args.Put(ArrayOffset, new DrmPanthorQueueSubmit { StreamAddr = streamVa, StreamSize = streamSize, Syncs = syncArray });
        var args = new DrmPanthorGroupSubmit { GroupHandle = group, QueueSubmits = DrmPanthorObjArray.Of(DrmPanthorQueueSubmit.Size, 1, _args.AddressOf(ArrayOffset)) };
        return _args.Ioctl(Fd, PanthorIoctl.DRM_IOCTL_PANTHOR_GROUP_SUBMIT, ref args, ArgOffset);
    }

    /// <summary>A WAIT sync operation on a binary syncobj: the job runs once its fence signals.</summary>
    public static DrmPanthorSyncOp WaitOn(uint syncobj) => new() { Flags = PanthorIoctl.DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ, Handle = syncobj };

    /// <summary>A SIGNAL sync operation on a binary syncobj: it gets the job's done fence.</summary>
    public static DrmPanthorSyncOp SignalTo(uint syncobj) =>
        new() { Flags = PanthorIoctl.DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ | PanthorIoctl.DRM_PANTHOR_SYNC_OP_SIGNAL, Handle = syncobj };

    /// <summary>GET_CAP of DRM_CAP_SYNCOBJ: the value, or -errno.</summary>
    public long SyncobjCapability()
    {
        var cap = new DrmGetCap { Capability = DrmIoctl.DRM_CAP_SYNCOBJ };
        var result = _args.Ioctl(Fd, DrmIoctl.DRM_IOCTL_GET_CAP, ref cap, ArgOffset);
        return result < 0 ? result : (long)cap.Value;
    }

    /// <summary>SYNCOBJ_CREATE (DRM_SYNCOBJ_CREATE_SIGNALED when <paramref name="signaled"/>): the handle.</summary>
    public uint CreateSyncobj(bool signaled = false)
    {
        ErrnoException.Check(TryCreateSyncobj(signaled ? DrmSyncobjIoctl.DRM_SYNCOBJ_CREATE_SIGNALED : 0, out var handle), "DRM_IOCTL_SYNCOBJ_CREATE");
        return handle;
    }

    /// <summary>SYNCOBJ_CREATE with <paramref name="flags"/>: the raw result and the handle.</summary>
    public int TryCreateSyncobj(uint flags, out uint handle)
    {
        var args = new DrmSyncobjCreate { Flags = flags };
        var result = _args.Ioctl(Fd, DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_CREATE, ref args, ArgOffset);
        handle = result == 0 ? args.Handle : 0;
        return result;
    }

    /// <summary>SYNCOBJ_DESTROY: the raw result.</summary>
    public int TryDestroySyncobj(uint handle)
    {
        var args = new DrmSyncobjDestroy { Handle = handle };
        return _args.Ioctl(Fd, DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_DESTROY, ref args, ArgOffset);
    }

    /// <summary>
    /// SYNCOBJ_WAIT on <paramref name="handles"/> until the absolute deadline <paramref name="timeoutNsec"/> (the
    /// machine's monotonic clock; <see cref="long.MaxValue"/> waits as long as anything can signal): the raw
    /// result (-ETIME on time-out) and the first signaled index.
    /// </summary>
    public int TryWaitSyncobjs(uint[] handles, long timeoutNsec, uint flags, out uint firstSignaled)
    {
        var args = new DrmSyncobjWait { Handles = PutHandles(handles), CountHandles = (uint)handles.Length, TimeoutNsec = timeoutNsec, Flags = flags };
        var result = _args.Ioctl(Fd, DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_WAIT, ref args, ArgOffset);
        firstSignaled = result == 0 ? args.FirstSignaled : 0;
        return result;
    }

    /// <summary>SYNCOBJ_RESET of <paramref name="handles"/>: the raw result.</summary>
    public int TryResetSyncobjs(params uint[] handles)
    {
        var args = new DrmSyncobjArray { Handles = PutHandles(handles), CountHandles = (uint)handles.Length };
        return _args.Ioctl(Fd, DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_RESET, ref args, ArgOffset);
    }

    /// <summary>SYNCOBJ_SIGNAL of <paramref name="handles"/>: the raw result.</summary>
    public int TrySignalSyncobjs(params uint[] handles)
    {
        var args = new DrmSyncobjArray { Handles = PutHandles(handles), CountHandles = (uint)handles.Length };
        return _args.Ioctl(Fd, DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_SIGNAL, ref args, ArgOffset);
    }

    /// <summary>SYNCOBJ_HANDLE_TO_FD: a syncobj fd, or with <paramref name="exportSyncFile"/> a sync_file of its fence. The raw result and the fd.</summary>
    public int TrySyncobjToFd(uint handle, bool exportSyncFile, out int fd)
    {
        var args = new DrmSyncobjHandle { Handle = handle, Flags = exportSyncFile ? DrmSyncobjIoctl.DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE : 0 };
        var result = _args.Ioctl(Fd, DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, ref args, ArgOffset);
        fd = result == 0 ? args.Fd : -1;
        return result;
    }

    /// <summary>SYNCOBJ_FD_TO_HANDLE of a syncobj fd: the raw result and the new handle.</summary>
    public int TryFdToSyncobj(int fd, out uint handle)
    {
        var args = new DrmSyncobjHandle { Fd = fd };
        var result = _args.Ioctl(Fd, DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, ref args, ArgOffset);
        handle = result == 0 ? args.Handle : 0;
        return result;
    }

    /// <summary>SYNCOBJ_FD_TO_HANDLE with IMPORT_SYNC_FILE: the sync_file's fence replaces <paramref name="handle"/>'s. The raw result.</summary>
    public int TryImportSyncFile(uint handle, int syncFileFd)
    {
        var args = new DrmSyncobjHandle { Handle = handle, Fd = syncFileFd, Flags = DrmSyncobjIoctl.DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE };
        return _args.Ioctl(Fd, DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, ref args, ArgOffset);
    }

    /// <summary>
    /// The status of a syncobj's fence as a program reads it: HANDLE_TO_FD with EXPORT_SYNC_FILE, then
    /// SYNC_IOC_FILE_INFO (0 pending, 1 signaled, or the fence's -errno, such as -EIO from a killed group), or the
    /// export's -errno.
    /// </summary>
    public int FenceStatus(uint syncobj)
    {
        var result = TrySyncobjToFd(syncobj, exportSyncFile: true, out var fd);
        if (result < 0)
        {
            return result;
        }

        var info = new SyncFileInfo();
        result = _args.Ioctl(fd, SyncFileIoctl.SYNC_IOC_FILE_INFO, ref info, ArgOffset);
        _sys.Close(fd);
        return result < 0 ? result : info.Status;
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

    private ulong PutHandles(uint[] handles)
    {
        ArgumentNullException.ThrowIfNull(handles);
        if (handles.Length > MaxHandles)
        {
            throw new ArgumentOutOfRangeException(nameof(handles), $"at most {MaxHandles} handles fit the staging buffer");
        }

        var bytes = new byte[handles.Length * 4];
        for (var i = 0; i < handles.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), handles[i]);
        }

        _args.Write(HandlesOffset, bytes);
        return _args.AddressOf(HandlesOffset);
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
