using Protmem.Uapi;
using Protmem.Uapi.DmaBuf;
using Protmem.Uapi.DmaHeap;
using Protmem.Uapi.Tee;
using Protmem.Userspace;

namespace Protmem.Platform.Tests.Tee;

/// <summary>
/// A seeded multi-process workload over the raw ABI: each step, one process allocates from a heap,
/// closes a buffer, registers one with the TEE, opens a session (sdp_basic, or the secmem TA with any
/// login, forged ones included), invokes secmem commands, exports a sync file, exits and restarts, or
/// advances its own sdp_basic round trip (INJECT, then TRANSFORM, then DUMP and a byte check) by one
/// stage, so other processes' work falls between the stages. Same seed, same calls.
/// </summary>
internal sealed class TeeWorkload(Machine machine, int processes, int seed, string sdpHeap)
{
    private const uint SecmemZalloc = 0x10000;
    private const uint SecmemFree = 0x10001;
    private const ulong Chunk = 4096;
    private static readonly TeeUuid SdpBasic = TeeUuid.Parse("12345678-5b69-11e4-9dbb-101f74f00099");
    private static readonly TeeUuid Secmem = TeeUuid.Parse("4477588a-8476-11e2-ad15-e41f1390d676");

    private readonly Random _random = new(seed);
    private readonly Client?[] _clients = new Client?[processes];
    private int _spawned;
    private long _invokes;

    /// <summary>Round trips whose DUMP succeeded with bytes other than the transform of what was injected.</summary>
    public List<string> Mismatches { get; } = [];

    /// <summary>Round trips that completed with the right bytes.</summary>
    public int RoundTrips { get; private set; }

    /// <summary>Completed round trips with another process's TEE call between their INJECT and their DUMP.</summary>
    public int InterleavedRoundTrips { get; private set; }

    /// <summary>Sessions a user process got from the secmem TA (it must get none).</summary>
    public int SecmemSessions { get; private set; }

    /// <summary>Secmem open attempts refused (ACCESS_DENIED from the TA, or EPERM/EINVAL for a forged login).</summary>
    public int SecmemRefusals { get; private set; }

    public void Run(int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            var index = _random.Next(_clients.Length);
            var client = _clients[index] ??= Spawn();
            Step(index, client);
        }
    }

    /// <summary>Ends every process (the machine's Dispose does too; this keeps the workload's own view right).</summary>
    public void Finish()
    {
        for (var i = 0; i < _clients.Length; i++)
        {
            _clients[i]?.Sys.Close(_clients[i]!.Tee);
            _clients[i] = null;
        }
    }

    private Client Spawn()
    {
        var sys = machine.Spawn($"load{_spawned++}");
        var args = UserBuffer.Map(sys, 16 * 1024);
        var tee = sys.Open(TeeIoctl.DevicePath, Fcntl.O_RDWR);
        var shm = new TeeIoctlShmAllocData { ShmSize = 4 * Chunk };
        var shmFd = args.Ioctl(tee, TeeIoctl.TEE_IOC_SHM_ALLOC, ref shm);
        var ns = sys.Mmap(0, shm.ShmSize, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, shmFd, 0);
        if (tee < 0 || shmFd < 0 || ns < 0)
        {
            throw new InvalidOperationException($"workload process setup failed: tee {tee}, shm {shmFd}, mmap {ns}");
        }

        return new Client(sys, args, tee, shm.Id, (ulong)ns);
    }

    private void Step(int index, Client c)
    {
        switch (_random.Next(10))
        {
            case 0 or 1:
                Allocate(c, _random.Next(3) == 0 ? "system" : sdpHeap);
                break;
            case 2 when c.Buffers.Count > 0:
                c.Sys.Close(Take(c.Buffers));
                break;
            case 3 when c.Buffers.Count > 0:
                var byFd = new TeeIoctlShmRegisterFdData { Fd = c.Buffers[_random.Next(c.Buffers.Count)] };
                var fd = c.Args.Ioctl(c.Tee, TeeIoctl.TEE_IOC_SHM_REGISTER_FD, ref byFd);
                if (fd >= 0)
                {
                    c.Registered.Add((fd, byFd.Id, byFd.ShmSize));
                }

                break;
            case 4 when c.Registered.Count > 0 && c.Trip is null:
                c.Sys.Close(Take(c.Registered).Fd);
                break;
            case 5:
                OpenSecmem(c);
                break;
            case 6 when c.Session is { } session:
                Invoke(c, session, _random.Next(2) == 0 ? SecmemZalloc : SecmemFree, TeeIoctlParam.Value(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT, 4096, 0));
                break;
            case 7 when c.Buffers.Count > 0:
                var export = new DmaBufExportSyncFile { Flags = (uint)DmaBufIoctl.DMA_BUF_SYNC_RW };
                if (c.Args.Ioctl(c.Buffers[0], DmaBufIoctl.DMA_BUF_IOCTL_EXPORT_SYNC_FILE, ref export) == 0)
                {
                    var info = new SyncFileInfo();
                    c.Args.Ioctl(export.Fd, SyncFileIoctl.SYNC_IOC_FILE_INFO, ref info);
                    c.Sys.Close(export.Fd);
                }

                break;
            case 8 when _random.Next(8) == 0:
                c.Sys.Close(c.Tee);
                foreach (var b in c.Buffers)
                {
                    c.Sys.Close(b);
                }

                _clients[index] = null;
                break;
            default:
                RoundTripStage(c);
                break;
        }
    }

    private void Allocate(Client c, string heap)
    {
        var heapFd = c.Sys.Open(DmaHeapIoctl.DevicePrefix + heap, Fcntl.O_RDWR);
        var alloc = new DmaHeapAllocationData { Len = (ulong)_random.Next(1, 64) * Chunk, FdFlags = Fcntl.O_RDWR | Fcntl.O_CLOEXEC };
        if (heapFd >= 0 && c.Args.Ioctl(heapFd, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, ref alloc) == 0)
        {
            c.Buffers.Add((int)alloc.Fd);
        }

        c.Sys.Close(heapFd);
    }

    private void OpenSecmem(Client c)
    {
        uint[] logins = [TeeIoctl.TEE_IOCTL_LOGIN_PUBLIC, TeeIoctl.TEE_IOCTL_LOGIN_USER, TeeIoctl.TEE_IOCTL_LOGIN_REE_KERNEL, TeeIoctl.TEE_IOCTL_LOGIN_REE_KERNEL_MAX];
        var login = logins[_random.Next(logins.Length)];
        var result = OpenSession(c, Secmem, login, out var session, out var ret);
        if (result == 0 && ret == 0)
        {
            SecmemSessions++;
            c.Session = session;
        }
        else if (result is -Errno.EPERM || ret == TeecResult.TEEC_ERROR_ACCESS_DENIED)
        {
            SecmemRefusals++;
        }
    }

    /// <summary>One stage of this process's round trip on a registered SDP buffer: INJECT, TRANSFORM, then DUMP and check.</summary>
    private void RoundTripStage(Client c)
    {
        if (c.SdpSession is null)
        {
            if (OpenSession(c, SdpBasic, TeeIoctl.TEE_IOCTL_LOGIN_PUBLIC, out var s, out var ret) != 0 || ret != 0)
            {
                return;
            }

            c.SdpSession = s;
        }

        if (c.Trip is null)
        {
            if (c.Registered.Count == 0)
            {
                return;
            }

            var (_, id, size) = c.Registered[_random.Next(c.Registered.Count)];
            var length = (ulong)_random.Next(1, (int)Math.Min(size, Chunk));
            var data = new byte[length];
            _random.NextBytes(data);
            c.Trip = new RoundTrip(id, (ulong)_random.Next(0, (int)(size - length + 1)), data) { InvokesAtInject = _invokes };
        }

        var trip = c.Trip;
        var sdp = c.SdpSession.Value;
        uint result;
        switch (trip.Stage)
        {
            case 0:
                c.Sys.WriteMemory(c.NsBuffer, trip.Data);
                result = Invoke(c, sdp, 0, Memref(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, 0, trip.Length, c.NsShm), Memref(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, trip.Offset, trip.Length, trip.ShmId));
                break;
            case 1:
                result = Invoke(c, sdp, 1, Memref(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, trip.Offset, trip.Length, trip.ShmId));
                break;
            default:
                result = Invoke(c, sdp, 2, Memref(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, trip.Offset, trip.Length, trip.ShmId), Memref(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, 2 * Chunk, trip.Length, c.NsShm));
                if (result == 0)
                {
                    Check(c, trip);
                }

                break;
        }

        trip.Stage++;
        if (result != 0 || trip.Stage == 3)
        {
            c.Trip = null;
        }
    }

    private void Check(Client c, RoundTrip trip)
    {
        var dumped = new byte[trip.Length];
        c.Sys.ReadMemory(c.NsBuffer + (2 * Chunk), dumped);
        for (var i = 0; i < dumped.Length; i++)
        {
            var expected = unchecked((byte)-trip.Data[i]);
            if (dumped[i] != expected)
            {
                Mismatches.Add($"shm {trip.ShmId} +0x{trip.Offset:x}: byte {i} is 0x{dumped[i]:x2}, expected 0x{expected:x2} (injected 0x{trip.Data[i]:x2})");
                return;
            }
        }

        RoundTrips++;
        if (_invokes - trip.InvokesAtInject > 3)
        {
            InterleavedRoundTrips++;
        }
    }

    private static TeeIoctlParam Memref(ulong type, ulong offset, ulong size, int shm) => TeeIoctlParam.Memref(type, offset, size, shm);

    private static int OpenSession(Client c, TeeUuid uuid, uint login, out uint session, out uint ret)
    {
        c.Args.Put(TeeIoctlBufData.Size, new TeeIoctlOpenSessionArg { Uuid = uuid, ClntLogin = login });
        var buf = new TeeIoctlBufData { BufPtr = c.Args.AddressOf(TeeIoctlBufData.Size), BufLen = TeeIoctlOpenSessionArg.Size };
        var result = c.Args.Ioctl(c.Tee, TeeIoctl.TEE_IOC_OPEN_SESSION, ref buf);
        var answer = c.Args.Get<TeeIoctlOpenSessionArg>(TeeIoctlBufData.Size);
        (session, ret) = (answer.Session, answer.Ret);
        return result;
    }

    /// <summary>TEE_IOC_INVOKE: the TEE result, or 0xFFFF_FFFF when the ioctl itself failed.</summary>
    private uint Invoke(Client c, uint session, uint func, params TeeIoctlParam[] ps)
    {
        _invokes++;
        const ulong at = TeeIoctlBufData.Size;
        c.Args.Put(at, new TeeIoctlInvokeArg { Func = func, Session = session, NumParams = (uint)ps.Length });
        for (var i = 0; i < ps.Length; i++)
        {
            c.Args.Put(at + (ulong)TeeIoctlInvokeArg.Size + ((ulong)i * TeeIoctlParam.Size), ps[i]);
        }

        var buf = new TeeIoctlBufData { BufPtr = c.Args.AddressOf(at), BufLen = (ulong)TeeIoctlInvokeArg.ArgLength(ps.Length) };
        return c.Args.Ioctl(c.Tee, TeeIoctl.TEE_IOC_INVOKE, ref buf) == 0 ? c.Args.Get<TeeIoctlInvokeArg>(at).Ret : 0xFFFF_FFFF;
    }

    private T Take<T>(List<T> list)
    {
        var i = _random.Next(list.Count);
        var item = list[i];
        list.RemoveAt(i);
        return item;
    }

    private sealed class Client(ISyscalls sys, UserBuffer args, int tee, int nsShm, ulong nsBuffer)
    {
        public ISyscalls Sys { get; } = sys;

        public UserBuffer Args { get; } = args;

        public int Tee { get; } = tee;

        public int NsShm { get; } = nsShm;

        public ulong NsBuffer { get; } = nsBuffer;

        public List<int> Buffers { get; } = [];

        public List<(int Fd, int Id, ulong Size)> Registered { get; } = [];

        public uint? Session { get; set; }

        public uint? SdpSession { get; set; }

        public RoundTrip? Trip { get; set; }
    }

    private sealed class RoundTrip(int shmId, ulong offset, byte[] data)
    {
        public int ShmId { get; } = shmId;

        public ulong Offset { get; } = offset;

        public byte[] Data { get; } = data;

        public ulong Length => (ulong)Data.Length;

        public int Stage { get; set; }

        public long InvokesAtInject { get; init; }
    }
}
