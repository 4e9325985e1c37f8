using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Userspace.Tests;

/// <summary>
/// Scripted answers of /dev/tee0 on a <see cref="FakeProcess"/>: VERSION (a GlobalPlatform OP-TEE),
/// SHM_ALLOC (an fd the process can mmap), SHM_REGISTER_FD (a fixed size), and OPEN_SESSION /
/// INVOKE answered by <see cref="OnCall"/>, which sees the decoded argument and parameters.
/// </summary>
internal sealed class ScriptedTee
{
    private readonly FakeProcess _process;
    private int _teeFd = -1;
    private int _nextShmId = 1;

    public ScriptedTee(FakeProcess process, uint genCaps = TeeIoctl.TEE_GEN_CAP_GP | TeeIoctl.TEE_GEN_CAP_REG_MEM)
    {
        _process = process;
        var (otherOpen, otherIoctl, otherMmap) = (process.OnOpen, process.OnIoctl, process.OnMmapFd);
        process.OnOpen = (path, flags) => path == "/dev/tee0" ? _teeFd = process.NewFd() : otherOpen?.Invoke(path, flags) ?? -Errno.ENOENT;
        process.OnMmapFd = (fd, length, prot) =>
        {
            if (!ShmFds.TryGetValue(fd, out var id))
            {
                return otherMmap?.Invoke(fd, length, prot) ?? -Errno.EINVAL;
            }

            var address = process.MapAnonymous(length);
            ShmAddresses[id] = address;
            return (long)address;
        };
        process.OnIoctl = (fd, request, arg) => fd != _teeFd ? otherIoctl?.Invoke(fd, request, arg) ?? -Errno.EBADF : request switch
        {
            TeeIoctl.TEE_IOC_VERSION => Version(arg, genCaps),
            TeeIoctl.TEE_IOC_SHM_ALLOC => ShmAlloc(arg),
            TeeIoctl.TEE_IOC_SHM_REGISTER_FD => RegisterFd(arg),
            TeeIoctl.TEE_IOC_OPEN_SESSION or TeeIoctl.TEE_IOC_INVOKE => Call(request, arg),
            TeeIoctl.TEE_IOC_CLOSE_SESSION => 0,
            _ => -Errno.EINVAL,
        };
    }

    /// <summary>SHM_ALLOC fds and their shm ids.</summary>
    public Dictionary<int, int> ShmFds { get; } = [];

    /// <summary>Where each allocated shm id is mapped in the process.</summary>
    public Dictionary<int, ulong> ShmAddresses { get; } = [];

    /// <summary>The ids SHM_REGISTER_FD handed out.</summary>
    public List<int> RegisteredIds { get; } = [];

    /// <summary>The size SHM_REGISTER_FD reports, or -errno to refuse.</summary>
    public long RegisterAnswer { get; set; } = 8192;

    /// <summary>
    /// (request, header bytes, params) → (ioctl result, ret, ret_origin, session). Params may be
    /// changed in place to answer output sizes and values.
    /// </summary>
    public Func<uint, byte[], TeeIoctlParam[], (int Result, uint Ret, uint Origin, uint Session)> OnCall { get; set; } =
        (_, _, _) => (0, TeecResult.TEEC_SUCCESS, TeecOrigin.TEEC_ORIGIN_TRUSTED_APP, 1);

    private int Version(ulong arg, uint genCaps)
    {
        _process.Store(arg, new TeeIoctlVersionData { ImplId = TeeIoctl.TEE_IMPL_ID_OPTEE, GenCaps = genCaps });
        return 0;
    }

    private int ShmAlloc(ulong arg)
    {
        var data = _process.Load<TeeIoctlShmAllocData>(arg);
        var fd = _process.NewFd();
        ShmFds[fd] = _nextShmId;
        _process.Store(arg, data with { Id = _nextShmId++ });
        return fd;
    }

    private int RegisterFd(ulong arg)
    {
        if (RegisterAnswer < 0)
        {
            return (int)RegisterAnswer;
        }

        var data = _process.Load<TeeIoctlShmRegisterFdData>(arg);
        RegisteredIds.Add(_nextShmId);
        _process.Store(arg, data with { ShmSize = (ulong)RegisterAnswer, Flags = TeeIoctl.TEE_SHM_DMA_BUF, Id = _nextShmId++ });
        return _process.NewFd();
    }

    private int Call(uint request, ulong arg)
    {
        var buf = _process.Load<TeeIoctlBufData>(arg);
        var headerSize = request == TeeIoctl.TEE_IOC_OPEN_SESSION ? TeeIoctlOpenSessionArg.Size : TeeIoctlInvokeArg.Size;
        var header = new byte[headerSize];
        Assert.Equal(0, _process.ReadMemory(buf.BufPtr, header));
        var count = (int)((buf.BufLen - (ulong)headerSize) / TeeIoctlParam.Size);
        var parameters = Enumerable.Range(0, count)
            .Select(i => _process.Load<TeeIoctlParam>(buf.BufPtr + (ulong)headerSize + ((ulong)i * TeeIoctlParam.Size)))
            .ToArray();
        var (result, ret, origin, session) = OnCall(request, header, parameters);
        if (result < 0)
        {
            return result;
        }

        for (var i = 0; i < count; i++)
        {
            _process.Store(buf.BufPtr + (ulong)headerSize + ((ulong)i * TeeIoctlParam.Size), parameters[i]);
        }

        if (request == TeeIoctl.TEE_IOC_OPEN_SESSION)
        {
            var open = TeeIoctlOpenSessionArg.Read(header);
            _process.Store(buf.BufPtr, open with { Session = session, Ret = ret, RetOrigin = origin });
        }
        else
        {
            var invoke = TeeIoctlInvokeArg.Read(header);
            _process.Store(buf.BufPtr, invoke with { Ret = ret, RetOrigin = origin });
        }

        return 0;
    }
}
