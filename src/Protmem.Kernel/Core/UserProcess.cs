using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Kernel.Core;

/// <summary>
/// A user process (<c>task_struct</c> with its <c>files_struct</c> and <c>mm_struct</c>) and the
/// system calls it makes, with Linux's conventions: every failure is a negative errno, nothing a
/// program passes makes the model throw.
/// 1. <see cref="KernelContext.Spawn"/> creates it with credentials, an empty fd table and an empty address space.
/// 2. The program calls <see cref="ISyscalls"/>; handlers look fds up in this process's table only.
/// 3. <see cref="Exit"/> (or Dispose) closes every fd and unmaps everything; what the process held is
///    released when the last reference to it drops.
/// </summary>
public sealed class UserProcess : ISyscalls, IDisposable
{
    private readonly KernelContext _kernel;

    internal UserProcess(KernelContext kernel, int pid, string name, Credentials credentials)
    {
        _kernel = kernel;
        Pid = pid;
        Name = name;
        Credentials = credentials;
        Files = new FdTable(pid, kernel.Config.MaxOpenFiles);
        Memory = new ProcessMemory(kernel.Hardware, kernel.Pages, $"{name}[{pid}]");
    }

    public int Pid { get; }

    public string Name { get; }

    public Credentials Credentials { get; }

    /// <summary>The fd table.</summary>
    public FdTable Files { get; }

    /// <summary>The address space.</summary>
    public ProcessMemory Memory { get; }

    /// <summary>True once the process has exited.</summary>
    public bool HasExited { get; private set; }

    /// <inheritdoc/>
    public int Open(string path, int flags)
    {
        if (HasExited)
        {
            return -Errno.ESRCH;
        }

        if (path is null)
        {
            return -Errno.EFAULT;
        }

        var fd = Files.ReserveFd(flags);
        if (fd < 0)
        {
            return fd;
        }

        var result = _kernel.DeviceNodes.Open(this, path, flags, out var file);
        if (result < 0 || file is null)
        {
            Files.Unreserve(fd);
            return result < 0 ? result : throw new InvalidOperationException($"kernel oops: device node '{path}' opened without a file");
        }

        Files.Install(fd, file);
        return fd;
    }

    /// <inheritdoc/>
    public int Close(int fd)
    {
        if (HasExited || !Files.Remove(fd, out var file))
        {
            return -Errno.EBADF;
        }

        file.Put();
        return 0;
    }

    /// <inheritdoc/>
    public int Dup(int fd)
    {
        if (HasExited || !Files.TryGet(fd, out var file))
        {
            return -Errno.EBADF;
        }

        file.Get();
        var newFd = Files.InstallAtLowest(file, 0);
        if (newFd < 0)
        {
            file.Put();
        }

        return newFd;
    }

    /// <inheritdoc/>
    public int Ioctl(int fd, uint request, ulong arg)
    {
        if (HasExited || !Files.TryGet(fd, out var file))
        {
            return -Errno.EBADF;
        }

        // fdget: the file stays alive for the call even if the handler's work closes the fd.
        file.Get();
        try
        {
            return file.Operations.Ioctl(this, file, request, arg);
        }
        finally
        {
            file.Put();
        }
    }

    /// <inheritdoc/>
    public long Mmap(ulong addr, ulong length, int prot, int flags, int fd, long offset)
    {
        if (HasExited)
        {
            return -Errno.ESRCH;
        }

        if (((ulong)offset & (ulong)(Mman.PAGE_SIZE - 1)) != 0)
        {
            return -Errno.EINVAL;
        }

        OpenFile? file = null;
        if ((flags & Mman.MAP_ANONYMOUS) == 0 && !Files.TryGet(fd, out file))
        {
            return -Errno.EBADF;
        }

        file?.Get();
        try
        {
            return Memory.Mmap(this, addr, length, prot, flags, file, (ulong)offset);
        }
        finally
        {
            file?.Put();
        }
    }

    /// <inheritdoc/>
    public int Munmap(ulong addr, ulong length) => HasExited ? -Errno.ESRCH : Memory.Munmap(addr, length);

    /// <inheritdoc/>
    public long Lseek(int fd, long offset, int whence)
    {
        if (HasExited || !Files.TryGet(fd, out var file))
        {
            return -Errno.EBADF;
        }

        return file.Operations.Lseek(file, offset, whence);
    }

    /// <inheritdoc/>
    public int ReadMemory(ulong addr, Span<byte> into) => HasExited ? -Errno.EFAULT : Memory.CopyFromUser(addr, into);

    /// <inheritdoc/>
    public int WriteMemory(ulong addr, ReadOnlySpan<byte> from) => HasExited ? -Errno.EFAULT : Memory.CopyToUser(addr, from);

    /// <summary>copy_from_user for drivers: 0 or -EFAULT.</summary>
    public int CopyFromUser(ulong addr, Span<byte> into) => Memory.CopyFromUser(addr, into);

    /// <summary>copy_to_user for drivers: 0 or -EFAULT.</summary>
    public int CopyToUser(ulong addr, ReadOnlySpan<byte> from) => Memory.CopyToUser(addr, from);

    /// <summary>Exits: closes every fd, unmaps everything, leaves the process table. Idempotent.</summary>
    public void Exit()
    {
        if (HasExited)
        {
            return;
        }

        Files.CloseAll();
        Memory.Exit();
        HasExited = true;
        _kernel.OnExit(this);
    }

    public void Dispose() => Exit();

    /// <summary>Checks the fd table and the address space.</summary>
    public void AssertInvariants()
    {
        Files.AssertInvariants();
        if (!HasExited)
        {
            Memory.AssertInvariants();
        }
    }

    public override string ToString() => $"{Name}[{Pid}]";
}
