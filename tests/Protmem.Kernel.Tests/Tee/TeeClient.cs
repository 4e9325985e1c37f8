using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.DmaHeap;
using Protmem.Uapi.Tee;
using Protmem.Userspace;

namespace Protmem.Kernel.Tests.Tee;

/// <summary>A user process speaking the raw TEE ABI (no libteec): ioctls staged in its own memory.</summary>
internal sealed class TeeClient : IDisposable
{
    public static readonly TeeUuid SdpBasicTa = TeeUuid.Parse("12345678-5b69-11e4-9dbb-101f74f00099");
    public const uint CmdInject = 0;
    public const uint CmdTransform = 1;
    public const uint CmdDump = 2;

    private readonly UserBuffer _args;

    public TeeClient(KernelContext kernel, string name = "client")
    {
        Process = kernel.Spawn(name);
        _args = UserBuffer.Map(Process, 4096);
        TeeFd = Process.Open(TeeIoctl.DevicePath, Fcntl.O_RDWR);
        Assert.True(TeeFd >= 0, $"open /dev/tee0: {Errno.Describe(-TeeFd)}");
    }

    public UserProcess Process { get; }

    public int TeeFd { get; }

    public ulong ArgsAddress => _args.Address;

    /// <summary>DMA_HEAP_IOCTL_ALLOC on /dev/dma_heap/<paramref name="heap"/>: the dma-buf fd or -errno.</summary>
    public int AllocFromHeap(string heap, ulong size)
    {
        var heapFd = Process.Open(DmaHeapIoctl.DevicePrefix + heap, Fcntl.O_RDWR);
        Assert.True(heapFd >= 0, $"open heap {heap}: {Errno.Describe(-heapFd)}");
        var data = new DmaHeapAllocationData { Len = size, FdFlags = Fcntl.O_RDWR | Fcntl.O_CLOEXEC };
        var result = _args.Ioctl(heapFd, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, ref data, 2048);
        Process.Close(heapFd);
        return result < 0 ? result : (int)data.Fd;
    }

    public int RegisterFd(long fd, out TeeIoctlShmRegisterFdData data, uint flags = 0)
    {
        data = new TeeIoctlShmRegisterFdData { Fd = fd, Flags = flags };
        return _args.Ioctl(TeeFd, TeeIoctl.TEE_IOC_SHM_REGISTER_FD, ref data, 2048);
    }

    public int ShmAlloc(ulong size, out TeeIoctlShmAllocData data, uint flags = 0)
    {
        data = new TeeIoctlShmAllocData { ShmSize = size, Flags = flags };
        return _args.Ioctl(TeeFd, TeeIoctl.TEE_IOC_SHM_ALLOC, ref data, 2048);
    }

    public int Ioctl<T>(uint request, ref T value)
        where T : struct, IUapiStruct<T> => _args.Ioctl(TeeFd, request, ref value, 2048);

    /// <summary>OPEN_SESSION with a public login: the ioctl result; session, ret and origin from the payload.</summary>
    public int OpenSession(TeeUuid uuid, out uint session, out uint ret, out uint origin, params TeeIoctlParam[] ps) =>
        OpenSession(uuid, TeeIoctl.TEE_IOCTL_LOGIN_PUBLIC, default, out session, out ret, out origin, ps);

    /// <summary>OPEN_SESSION with <paramref name="login"/> and its connection data: the ioctl result; session, ret and origin from the payload.</summary>
    public int OpenSession(TeeUuid uuid, uint login, TeeUuid connectionData, out uint session, out uint ret, out uint origin, params TeeIoctlParam[] ps)
    {
        _args.Put(0, new TeeIoctlOpenSessionArg { Uuid = uuid, ClntLogin = login, ClntUuid = connectionData, NumParams = (uint)ps.Length });
        for (var i = 0; i < ps.Length; i++)
        {
            _args.Put((ulong)(TeeIoctlOpenSessionArg.Size + (i * TeeIoctlParam.Size)), ps[i]);
        }

        var buf = new TeeIoctlBufData { BufPtr = _args.Address, BufLen = (ulong)(TeeIoctlOpenSessionArg.Size + (ps.Length * TeeIoctlParam.Size)) };
        var result = _args.Ioctl(TeeFd, TeeIoctl.TEE_IOC_OPEN_SESSION, ref buf, 2048);
        var answer = _args.Get<TeeIoctlOpenSessionArg>(0);
        (session, ret, origin) = (answer.Session, answer.Ret, answer.RetOrigin);
        return result;
    }

    public uint OpenSdpSession()
    {
        Assert.Equal(0, OpenSession(SdpBasicTa, out var session, out var ret, out _));
        Assert.Equal(0u, ret);
        return session;
    }

    /// <summary>INVOKE: the ioctl result; ret and origin from the payload; the parameters as returned.</summary>
    public int Invoke(uint session, uint func, out uint ret, out uint origin, TeeIoctlParam[] ps, ulong? bufLen = null)
    {
        _args.Put(0, new TeeIoctlInvokeArg { Func = func, Session = session, NumParams = (uint)ps.Length });
        for (var i = 0; i < ps.Length; i++)
        {
            _args.Put((ulong)(TeeIoctlInvokeArg.Size + (i * TeeIoctlParam.Size)), ps[i]);
        }

        var buf = new TeeIoctlBufData { BufPtr = _args.Address, BufLen = bufLen ?? (ulong)(TeeIoctlInvokeArg.Size + (ps.Length * TeeIoctlParam.Size)) };
        var result = _args.Ioctl(TeeFd, TeeIoctl.TEE_IOC_INVOKE, ref buf, 2048);
        var answer = _args.Get<TeeIoctlInvokeArg>(0);
        (ret, origin) = (answer.Ret, answer.RetOrigin);
        for (var i = 0; i < ps.Length; i++)
        {
            ps[i] = _args.Get<TeeIoctlParam>((ulong)(TeeIoctlInvokeArg.Size + (i * TeeIoctlParam.Size)));
        }

        return result;
    }

    public int CloseSession(uint session)
    {
        var arg = new TeeIoctlCloseSessionArg { Session = session };
        return Ioctl(TeeIoctl.TEE_IOC_CLOSE_SESSION, ref arg);
    }

    /// <summary>An allocated, mmapped shm holding <paramref name="bytes"/>: its id and user address.</summary>
    public (int Id, ulong Address) SharedInput(ReadOnlySpan<byte> bytes)
    {
        var fd = ShmAlloc((ulong)bytes.Length, out var data);
        Assert.True(fd >= 0, Errno.Describe(-fd));
        var address = Process.Mmap(0, data.ShmSize, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, fd, 0);
        Assert.True(address > 0, Errno.Describe((int)-address));
        Process.Close(fd);
        Assert.Equal(0, Process.WriteMemory((ulong)address, bytes));
        return (data.Id, (ulong)address);
    }

    public void Dispose() => Process.Exit();
}
