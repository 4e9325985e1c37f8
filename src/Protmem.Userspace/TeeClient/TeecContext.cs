using System.Globalization;
using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Userspace.TeeClient;

/// <summary>
/// A libteec-like TEE client (GlobalPlatform TEE Client API over /dev/tee0). Lifecycle:
/// <list type="number">
/// <item><see cref="InitializeContext"/>: open /dev/teeN, TEE_IOC_VERSION, require a GlobalPlatform TEE.</item>
/// <item><see cref="AllocateSharedMemory"/> / <see cref="RegisterSharedMemoryFileDescriptor"/>: shared memory by id.</item>
/// <item><see cref="OpenSession"/> → <see cref="TeecSession.InvokeCommand"/> → <see cref="TeecSession.Dispose"/> (close session).</item>
/// <item><see cref="Dispose"/>: TEEC_FinalizeContext, close the device (paired with InitializeContext).</item>
/// </list>
/// Calls answer a <see cref="TeecStatus"/> (result + origin) as libteec does, never an exception for
/// a TEE or kernel refusal: BAD_PARAMETERS from API before any ioctl for bad arguments; an ioctl
/// failure is origin COMMS.
/// </summary>
public sealed class TeecContext : IDisposable
{
    private const int MaxDevices = 16;
    private const ulong BufDataOffset = 0;
    private const ulong ArgOffset = 64;

    private static readonly TeecOperation NoParameters = new();

    private readonly UserBuffer _args;
    private TeecSharedMemory?[]? _bounces;
    private bool _finalized;

    private TeecContext(ISyscalls sys, int fd, string path, TeeIoctlVersionData version, UserBuffer args)
    {
        Syscalls = sys;
        Fd = fd;
        DevicePath = path;
        Version = version;
        _args = args;
    }

    public ISyscalls Syscalls { get; }

    /// <summary>The TEE device fd.</summary>
    public int Fd { get; }

    /// <summary>The device opened, e.g. /dev/tee0.</summary>
    public string DevicePath { get; }

    /// <summary>What TEE_IOC_VERSION answered.</summary>
    public TeeIoctlVersionData Version { get; }

    /// <summary>
    /// TEEC_InitializeContext: opens <paramref name="devicePath"/>, or the first of /dev/tee0 … tee15
    /// that is a GlobalPlatform TEE; ITEM_NOT_FOUND when none is.
    /// </summary>
    public static TeecStatus InitializeContext(ISyscalls sys, out TeecContext? context, string? devicePath = null)
    {
        ArgumentNullException.ThrowIfNull(sys);
        context = null;
        var candidates = devicePath is null
            ? Enumerable.Range(0, MaxDevices).Select(n => string.Create(CultureInfo.InvariantCulture, $"/dev/tee{n}"))
            : [devicePath];
        foreach (var path in candidates)
        {
            var fd = sys.Open(path, Fcntl.O_RDWR);
            if (fd < 0)
            {
                continue;
            }

            UserBuffer? args = null;
            try
            {
                args = UserBuffer.Map(sys, Mman.PAGE_SIZE);
                var version = default(TeeIoctlVersionData);
                if (args.Ioctl(fd, TeeIoctl.TEE_IOC_VERSION, ref version) == 0 && (version.GenCaps & TeeIoctl.TEE_GEN_CAP_GP) != 0)
                {
                    context = new TeecContext(sys, fd, path, version, args);
                    return TeecStatus.FromApi(TeecResult.TEEC_SUCCESS);
                }
            }
            catch (ErrnoException)
            {
                // No memory to stage the version query in: this device cannot be used.
            }

            args?.Dispose();
            sys.Close(fd);
        }

        return TeecStatus.FromApi(TeecResult.TEEC_ERROR_ITEM_NOT_FOUND);
    }

    /// <summary>
    /// TEEC_OpenSession with a trusted application by UUID (sent as 16 octets, fields big-endian).
    /// </summary>
    public TeecStatus OpenSession(TeeUuid destination, out TeecSession? session, TeecOperation? operation = null,
        uint connectionMethod = Teec.TEEC_LOGIN_PUBLIC, TeeUuid connectionData = default)
    {
        session = null;
        var status = Call(TeecCall.Request.Open(destination, connectionData, connectionMethod), operation, out var id);
        if (status.IsSuccess)
        {
            session = new TeecSession(this, id);
        }

        return status;
    }

    /// <summary>
    /// TEEC_RegisterSharedMemoryFileDescriptor: registers a dma-buf (TEE_IOC_SHM_REGISTER_FD).
    /// fd &lt; 0, flags zero or outside INPUT|OUTPUT, or an ioctl failure → BAD_PARAMETERS. On
    /// success the shm has no buffer here and its size is what the kernel reported.
    /// </summary>
    public TeecStatus RegisterSharedMemoryFileDescriptor(int fd, uint flags, out TeecSharedMemory? shm)
    {
        ObjectDisposedException.ThrowIf(_finalized, this);
        shm = null;
        const uint directions = Teec.TEEC_MEM_INPUT | Teec.TEEC_MEM_OUTPUT;
        if (fd < 0 || flags == 0 || (flags & ~directions) != 0)
        {
            return TeecStatus.FromApi(TeecResult.TEEC_ERROR_BAD_PARAMETERS);
        }

        var data = new TeeIoctlShmRegisterFdData { Fd = fd };
        var registered = _args.Ioctl(Fd, TeeIoctl.TEE_IOC_SHM_REGISTER_FD, ref data);
        if (registered < 0)
        {
            return TeecStatus.FromApi(TeecResult.TEEC_ERROR_BAD_PARAMETERS);
        }

        shm = new TeecSharedMemory(Syscalls, data.Id, data.ShmSize, flags, buffer: null, mappedLength: 0, registeredFd: registered);
        return TeecStatus.FromApi(TeecResult.TEEC_SUCCESS);
    }

    /// <summary>
    /// TEEC_AllocateSharedMemory: TEE_IOC_SHM_ALLOC then mmap of the returned fd (closed once
    /// mapped, as libteec does). A zero size allocates 8 bytes. Failure → OUT_OF_MEMORY.
    /// </summary>
    public TeecStatus AllocateSharedMemory(ulong size, uint flags, out TeecSharedMemory? shm)
    {
        ObjectDisposedException.ThrowIf(_finalized, this);
        shm = null;
        if ((flags & ~(Teec.TEEC_MEM_INPUT | Teec.TEEC_MEM_OUTPUT)) != 0)
        {
            return TeecStatus.FromApi(TeecResult.TEEC_ERROR_BAD_PARAMETERS);
        }

        var length = size == 0 ? 8 : size;
        var data = new TeeIoctlShmAllocData { ShmSize = length };
        var shmFd = _args.Ioctl(Fd, TeeIoctl.TEE_IOC_SHM_ALLOC, ref data);
        if (shmFd < 0)
        {
            return TeecStatus.FromApi(TeecResult.TEEC_ERROR_OUT_OF_MEMORY);
        }

        var address = Syscalls.Mmap(0, length, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, shmFd, 0);
        Syscalls.Close(shmFd);
        if (address < 0)
        {
            return TeecStatus.FromApi(TeecResult.TEEC_ERROR_OUT_OF_MEMORY);
        }

        shm = new TeecSharedMemory(Syscalls, data.Id, size, flags, (ulong)address, length, registeredFd: -1);
        return TeecStatus.FromApi(TeecResult.TEEC_SUCCESS);
    }

    /// <summary>TEEC_FinalizeContext; paired with <see cref="InitializeContext"/>.</summary>
    public void Dispose()
    {
        if (_finalized)
        {
            return;
        }

        _finalized = true;
        _args.Dispose();
        Syscalls.Close(Fd);
    }

    /// <summary>OPEN_SESSION or INVOKE: checks, bounce buffers, the ioctl, the write-back.</summary>
    internal TeecStatus Call(TeecCall.Request request, TeecOperation? operation, out uint session)
    {
        ObjectDisposedException.ThrowIf(_finalized, this);
        session = 0;
        if (TeecCall.Validate(operation) is { } refused)
        {
            return refused;
        }

        operation ??= NoParameters;
        const int count = Teec.TEEC_CONFIG_PAYLOAD_REF_COUNT;
        // The bounce shms of temporary memrefs, in an array kept from call to call (taken for this one).
        var bounces = _bounces ?? new TeecSharedMemory?[count];
        _bounces = null;
        try
        {
            for (var i = 0; i < count; i++)
            {
                if (TeecCall.IsTemp(operation[i].Type) && StageTemp(operation[i], out bounces[i]) is { } failed)
                {
                    return failed;
                }
            }

            // The buf_data, then the header and the parameters side by side, in the caller's memory: written
            // in one go and read back whole, as libteec fills its stack buffer.
            var numParams = (uint)count;
            var headerSize = request.IsOpen ? TeeIoctlOpenSessionArg.Size : TeeIoctlInvokeArg.Size;
            var length = headerSize + (count * TeeIoctlParam.Size);
            Span<byte> staged = stackalloc byte[(int)ArgOffset + TeeIoctlOpenSessionArg.Size + (count * TeeIoctlParam.Size)];
            staged = staged[..((int)ArgOffset + length)];
            var block = staged[(int)ArgOffset..];
            for (var i = 0; i < count; i++)
            {
                TeecCall.ToIoctl(operation[i], bounces[i]).Write(block[(headerSize + (i * TeeIoctlParam.Size))..]);
            }

            var command = request.IsOpen ? StageOpen(request, numParams, block) : StageInvoke(request, numParams, block);
            new TeeIoctlBufData { BufPtr = _args.AddressOf(ArgOffset), BufLen = (ulong)length }.Write(staged[(int)BufDataOffset..]);
            _args.Write(BufDataOffset, staged);
            var result = Syscalls.Ioctl(Fd, command, _args.AddressOf(BufDataOffset));
            if (result < 0)
            {
                return TeecStatus.FromIoctlErrno(-result);
            }

            _args.Read(ArgOffset, block);
            for (var i = 0; i < count; i++)
            {
                TeecCall.FromIoctl(operation[i], TeeIoctlParam.Read(block[(headerSize + (i * TeeIoctlParam.Size))..]), bounces[i]);
            }

            if (request.IsOpen)
            {
                var answer = TeeIoctlOpenSessionArg.Read(block);
                session = answer.Session;
                return new TeecStatus(answer.Ret, answer.RetOrigin);
            }

            var invoked = TeeIoctlInvokeArg.Read(block);
            return new TeecStatus(invoked.Ret, invoked.RetOrigin);
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                bounces[i]?.Dispose();
                bounces[i] = null;
            }

            _bounces = bounces;
        }
    }

    /// <summary>TEE_IOC_CLOSE_SESSION; the TEE's answer is not reported (TEEC_CloseSession returns nothing).</summary>
    internal void CloseSession(uint session)
    {
        if (_finalized)
        {
            return;
        }

        var arg = TeecSession.CloseArg(session);
        _args.Ioctl(Fd, TeeIoctl.TEE_IOC_CLOSE_SESSION, ref arg);
    }

    private static uint StageOpen(in TeecCall.Request open, uint numParams, Span<byte> block)
    {
        new TeeIoctlOpenSessionArg
        {
            Uuid = open.Uuid,
            ClntUuid = open.ClientUuid,
            ClntLogin = open.Login,
            NumParams = numParams,
        }.Write(block);
        return TeeIoctl.TEE_IOC_OPEN_SESSION;
    }

    private static uint StageInvoke(in TeecCall.Request invoke, uint numParams, Span<byte> block)
    {
        new TeeIoctlInvokeArg { Func = invoke.Func, Session = invoke.Session, NumParams = numParams }.Write(block);
        return TeeIoctl.TEE_IOC_INVOKE;
    }

    /// <summary>A temporary memref's bounce shm, holding the caller's input bytes.</summary>
    private TeecStatus? StageTemp(TeecParameter p, out TeecSharedMemory? bounce)
    {
        var flags = p.Type switch
        {
            Teec.TEEC_MEMREF_TEMP_INPUT => Teec.TEEC_MEM_INPUT,
            Teec.TEEC_MEMREF_TEMP_OUTPUT => Teec.TEEC_MEM_OUTPUT,
            _ => Teec.TEEC_MEM_INPUT | Teec.TEEC_MEM_OUTPUT,
        };
        var status = AllocateSharedMemory(p.Size, flags, out bounce);
        if (!status.IsSuccess)
        {
            return status;
        }

        if (p.Type != Teec.TEEC_MEMREF_TEMP_OUTPUT && p.Size > 0)
        {
            bounce!.Write(0, p.TempBuffer.AsSpan(0, (int)p.Size));
        }

        return null;
    }
}
