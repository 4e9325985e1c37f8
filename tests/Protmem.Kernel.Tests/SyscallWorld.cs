using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.DmaBuf;
using Protmem.Uapi.DmaHeap;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tests;

/// <summary>
/// Runs <see cref="SyscallOp"/> sequences against a kernel with three processes and checks, after
/// each call, that no other process's fds or mappings changed and that a read of an address the
/// process has no mapping for is EFAULT. Each process starts with a canary mapping of its own size
/// filled with its own marker byte, so another process reading there can be caught seeing it.
/// </summary>
internal sealed class SyscallWorld
{
    public const int ProcessCount = 3;

    private static readonly string[] Paths = ["/dev/dma_heap/system", "/dev/dma_heap/" + TestMachine.CmaName, "/dev/nothing", "/dev/dma_heap/", "", "/dev/dma_heap/system/x", TeeIoctl.DevicePath];

    private static readonly uint[] Requests =
    [
        DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, Ioctl._IOWR('H', 0, 16), Ioctl._IOWR('H', 0, 48), Ioctl._IOR('H', 0, 24), DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC | 1,
        DmaBufIoctl.DMA_BUF_IOCTL_SYNC, DmaBufIoctl.DMA_BUF_SET_NAME_A, DmaBufIoctl.DMA_BUF_SET_NAME_B,
        DmaBufIoctl.DMA_BUF_IOCTL_EXPORT_SYNC_FILE, DmaBufIoctl.DMA_BUF_IOCTL_IMPORT_SYNC_FILE, 0, 0xffff_ffff,
        SyncFileIoctl.SYNC_IOC_MERGE, SyncFileIoctl.SYNC_IOC_FILE_INFO, SyncFileIoctl.SYNC_IOC_SET_DEADLINE, 0x40103e04,
        TeeIoctl.TEE_IOC_VERSION, TeeIoctl.TEE_IOC_SHM_ALLOC, TeeIoctl.TEE_IOC_SHM_REGISTER, TeeIoctl.TEE_IOC_SHM_REGISTER_FD,
        TeeIoctl.TEE_IOC_OPEN_SESSION, TeeIoctl.TEE_IOC_INVOKE, TeeIoctl.TEE_IOC_CLOSE_SESSION, TeeIoctl.TEE_IOC_CANCEL,
    ];

    private static readonly int[] MmapFlags =
    [
        Mman.MAP_SHARED, Mman.MAP_PRIVATE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS,
        Mman.MAP_SHARED | Mman.MAP_FIXED, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED, 0, 0x100000 | Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS,
    ];

    private readonly UserProcess?[] _processes = new UserProcess?[ProcessCount];
    private readonly ulong[] _canaries = new ulong[ProcessCount];
    private int _spawned;

    public SyscallWorld(KernelContext kernel)
    {
        Kernel = kernel;
        for (var i = 0; i < ProcessCount; i++)
        {
            Spawn(i);
        }
    }

    public KernelContext Kernel { get; }

    public static string KindName(int kind) => kind switch
    {
        0 => "open",
        1 => "close",
        2 => "dup",
        3 => "alloc",
        4 => "ioctl",
        5 => "mmap",
        6 => "munmap",
        7 => "lseek",
        8 => "read",
        9 => "write",
        11 => "tee",
        12 => "sync",
        _ => "exit",
    };

    public static byte Marker(int index) => (byte)(0xA0 + index);

    /// <summary>Runs one call; throws (failing the property) when an isolation check fails.</summary>
    public void Run(SyscallOp op)
    {
        var index = op.Proc % ProcessCount;
        var p = _processes[index]!;
        var others = Enumerable.Range(0, ProcessCount).Where(i => i != index).Select(i => _processes[i]!).ToArray();
        var before = others.Select(o => (o.Files.Count, o.Memory.Vmas.MapCount)).ToArray();
        Dispatch(index, p, op);
        for (var i = 0; i < others.Length; i++)
        {
            if ((others[i].Files.Count, others[i].Memory.Vmas.MapCount) != before[i])
            {
                throw new InvalidOperationException($"{op} by {p} changed the fds or mappings of {others[i]}");
            }
        }
    }

    /// <summary>Checks that no process sees another's canary, then exits every process.</summary>
    public void Finish()
    {
        for (var reader = 0; reader < ProcessCount; reader++)
        {
            for (var owner = 0; owner < ProcessCount; owner++)
            {
                if (reader == owner)
                {
                    continue;
                }

                var page = new byte[4096];
                var p = _processes[reader]!;
                var result = p.ReadMemory(_canaries[owner], page);
                if (result == 0 && page.All(b => b == Marker(owner)) && Marker(owner) != Marker(reader))
                {
                    throw new InvalidOperationException($"{p} read the canary of process slot {owner}");
                }

                if (result != 0 && p.Memory.Vmas.CanAccess(_canaries[owner], 4096, write: false))
                {
                    throw new InvalidOperationException($"{p} could not read its own mapping at 0x{_canaries[owner]:x}");
                }
            }
        }

        foreach (var p in _processes)
        {
            p!.Exit();
        }
    }

    private void Spawn(int index)
    {
        var p = Kernel.Spawn($"fuzz{_spawned++}");
        _processes[index] = p;
        var length = (ulong)(index + 1) * 4096;
        var canary = p.Mmap(0, length, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        if (canary < 0 || p.WriteMemory((ulong)canary, Enumerable.Repeat(Marker(index), (int)length).ToArray()) != 0)
        {
            throw new InvalidOperationException($"the canary of {p} could not be set up");
        }

        _canaries[index] = (ulong)canary;
    }

    private ulong Address(int index, int kind, int pick, ulong random)
    {
        switch (kind & 3)
        {
            case 0:
            case 1:
                var owner = (kind & 3) == 0 ? _processes[index]! : _processes[(index + 1 + (pick & 1)) % ProcessCount]!;
                var vmas = owner.Memory.Vmas.Vmas;
                if (vmas.Count == 0)
                {
                    return random;
                }

                var vma = vmas[pick % vmas.Count];
                return vma.Start + (random % vma.Length);
            case 2:
                return random;
            default:
                return random & 0xffff;
        }
    }

    private void Dispatch(int index, UserProcess p, SyscallOp op)
    {
        var fd = (op.A % 12) - 1;
        switch (op.Kind)
        {
            case 0:
                p.Open(Paths[op.B % Paths.Length], op.C % 3 == 2 ? (int)op.D : op.C % 3 == 1 ? Fcntl.O_RDONLY | Fcntl.O_CLOEXEC : Fcntl.O_RDWR);
                break;
            case 1:
                p.Close(fd);
                break;
            case 2:
                p.Dup(fd);
                break;
            case 3:
                Alloc(index, p, fd, op);
                break;
            case 4:
                var request = (op.B % 3) == 0 ? (uint)op.E : Requests[op.C % Requests.Length];
                p.Ioctl(fd, request, Address(index, op.B >> 2, op.C, op.D));
                break;
            case 5:
                var length = (op.B % 5) switch { 0 => 4096UL, 1 => 8192UL, 2 => 1UL << 20, 3 => 0UL, _ => op.E % (64UL << 20) };
                var flags = (op.C % 9) == 8 ? (int)op.D : MmapFlags[op.C % MmapFlags.Length];
                var offset = (op.A % 3) switch { 0 => 0L, 1 => 4096L, _ => (long)op.E };
                p.Mmap((op.B & 8) != 0 ? Address(index, op.B >> 4, op.C, op.D) : 0, length, op.C & 7, flags, fd, offset);
                break;
            case 6:
                p.Munmap(Address(index, op.B, op.C, op.D), (op.C % 3) switch { 0 => 4096UL, 1 => op.E % (2UL << 20), _ => op.E });
                break;
            case 7:
                p.Lseek(fd, (op.B % 3) == 0 ? 0 : (long)op.D, op.C % 4);
                break;
            case 8:
                Read(index, p, op);
                break;
            case 9:
                var data = Enumerable.Repeat((byte)(0x10 + index), (int)(op.E % 9000)).ToArray();
                p.WriteMemory(Address(index, op.B, op.C, op.D), data);
                break;
            case 11:
                Tee(index, p, fd, op);
                break;
            case 12:
                Sync(index, p, fd, op);
                break;
            default:
                if ((op.B % 4) == 0)
                {
                    p.Exit();
                    Spawn(index);
                }

                break;
        }
    }

    private void Alloc(int index, UserProcess p, int fd, SyscallOp op)
    {
        var args = Address(index, op.B, op.C, op.D);
        var bytes = new byte[DmaHeapAllocationData.Size];
        new DmaHeapAllocationData
        {
            Len = (op.C % 4) switch { 0 => 4096, 1 => op.E % (3UL << 20), 2 => 1UL << 20, _ => op.E },
            Fd = (op.A % 7) == 0 ? (uint)op.E : 0,
            FdFlags = (op.B % 5) == 0 ? (uint)op.D : Fcntl.O_RDWR | Fcntl.O_CLOEXEC,
            HeapFlags = (op.C % 7) == 0 ? op.E : 0,
        }.Write(bytes);
        p.WriteMemory(args, bytes);
        p.Ioctl(fd, Requests[op.A % 3], args);
    }

    /// <summary>A TEE call that makes an fd: SHM_ALLOC (a shm fd), SHM_REGISTER of the process's memory, or SHM_REGISTER_FD of an fd.</summary>
    private void Tee(int index, UserProcess p, int fd, SyscallOp op)
    {
        var args = Address(index, op.B, op.C, op.D);
        var bytes = new byte[TeeIoctlShmRegisterData.Size];
        uint request;
        switch (op.C % 3)
        {
            case 0:
                new TeeIoctlShmAllocData { ShmSize = (op.A % 4) == 0 ? op.E : (ulong)(op.B % 5) * 4096, Flags = (op.A % 5) == 0 ? (uint)op.D : 0 }.Write(bytes);
                request = TeeIoctl.TEE_IOC_SHM_ALLOC;
                break;
            case 1:
                var at = Address(index, op.A, op.B, op.E);
                new TeeIoctlShmRegisterData { Addr = at, Length = (op.A % 3) == 0 ? op.E : (ulong)(op.B % 3) * 4096, Flags = (op.A % 5) == 0 ? (uint)op.D : 0 }.Write(bytes);
                request = TeeIoctl.TEE_IOC_SHM_REGISTER;
                break;
            default:
                new TeeIoctlShmRegisterFdData { Fd = (op.B % 4) - 1 + (op.A % 12), Flags = (op.A % 5) == 0 ? (uint)op.D : 0 }.Write(bytes);
                request = TeeIoctl.TEE_IOC_SHM_REGISTER_FD;
                break;
        }

        p.WriteMemory(args, bytes);
        p.Ioctl(fd, request, args);
    }

    /// <summary>A sync-file call: export one from an fd, merge two, or read its info (either call of the two-call protocol).</summary>
    private void Sync(int index, UserProcess p, int fd, SyscallOp op)
    {
        var args = Address(index, op.B, op.C, op.D);
        var bytes = new byte[SyncFileInfo.Size];
        uint request;
        switch (op.C % 3)
        {
            case 0:
                new DmaBufExportSyncFile { Flags = (uint)(op.A % 4) }.Write(bytes);
                request = DmaBufIoctl.DMA_BUF_IOCTL_EXPORT_SYNC_FILE;
                break;
            case 1:
                new SyncMergeData { Name = "m", Fd2 = (op.B % 12) - 1, Flags = (op.A % 7) == 0 ? 1u : 0 }.Write(bytes);
                request = SyncFileIoctl.SYNC_IOC_MERGE;
                break;
            default:
                new SyncFileInfo { NumFences = (uint)(op.B % 3), SyncFenceInfoPtr = Address(index, op.A, op.C, op.E) }.Write(bytes);
                request = SyncFileIoctl.SYNC_IOC_FILE_INFO;
                break;
        }

        p.WriteMemory(args, bytes);
        p.Ioctl(fd, request, args);
    }

    private void Read(int index, UserProcess p, SyscallOp op)
    {
        var addr = Address(index, op.B, op.C, op.D);
        var into = new byte[(int)(op.E % 9000)];
        var result = p.ReadMemory(addr, into);
        if (into.Length == 0)
        {
            return;
        }

        var mapped = p.Memory.Vmas.CanAccess(addr, (ulong)into.Length, write: false);
        if ((result == 0) != mapped)
        {
            throw new InvalidOperationException($"{p} read 0x{addr:x} (+{into.Length}): result {result}, but its own mappings say {(mapped ? "readable" : "not readable")}");
        }
    }
}
