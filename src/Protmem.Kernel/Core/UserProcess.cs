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
        Memory = new ProcessMemory(kernel.Soc, kernel.Pages, $"{name}[{pid}]");
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
            return result < 0 ? result : throw new KernelOopsException($"device node '{path}' opened without a file");
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
    public long Read(int fd, ulong buf, ulong count)
    {
        // vfs_read: the fd must be open for reading; the hook decides the rest (-EINVAL without one).
        if (HasExited || !Files.TryGet(fd, out var file) || !file.CanRead)
        {
            return -Errno.EBADF;
        }

        return ReadWrite(file, buf, count, write: false);
    }

    /// <inheritdoc/>
    public long Write(int fd, ulong buf, ulong count)
    {
        if (HasExited || !Files.TryGet(fd, out var file) || !file.CanWrite)
        {
            return -Errno.EBADF;
        }

        return ReadWrite(file, buf, count, write: true);
    }

    /// <inheritdoc/>
    public int Poll(ulong fds, uint nfds, int timeoutMs)
    {
        if (HasExited)
        {
            return -Errno.ESRCH;
        }

        // do_sys_poll: more entries than the fd limit allows is -EINVAL.
        if (nfds > (uint)_kernel.Config.MaxOpenFiles)
        {
            return -Errno.EINVAL;
        }

        var entries = new byte[(int)nfds * PollFd.Size];
        if (CopyFromUser(fds, entries) < 0)
        {
            return -Errno.EFAULT;
        }

        var deadline = timeoutMs > 0 ? _kernel.Soc.Clock.Now + ((ulong)timeoutMs * 1_000_000UL) : 0;
        int ready;
        while ((ready = PollOnce(entries)) == 0 && timeoutMs != 0)
        {
            // Model: a poll that would sleep runs the simulated machine until a file becomes ready or the
            // time-out passes; with nothing left to run and no time-out, it is a wait the user interrupted.
            var hasNext = _kernel.Soc.Events.TryPeekTime(out var next);
            if (timeoutMs > 0 && (!hasNext || next > deadline))
            {
                _kernel.Soc.Clock.AdvanceTo(Math.Max(deadline, _kernel.Soc.Clock.Now));
                break;
            }

            if (!_kernel.Soc.Events.RunNext())
            {
                return -Errno.EINTR;
            }
        }

        return CopyToUser(fds, entries) < 0 ? -Errno.EFAULT : ready;
    }

    /// <inheritdoc/>
    public int ReadMemory(ulong addr, Span<byte> into) => HasExited ? -Errno.EFAULT : Memory.CopyFromUser(addr, into);

    /// <inheritdoc/>
    public int WriteMemory(ulong addr, ReadOnlySpan<byte> from) => HasExited ? -Errno.EFAULT : Memory.CopyToUser(addr, from);

    /// <summary>copy_from_user for drivers: 0 or -EFAULT.</summary>
    public int CopyFromUser(ulong addr, Span<byte> into) => Memory.CopyFromUser(addr, into);

    /// <summary>copy_to_user for drivers: 0 or -EFAULT.</summary>
    public int CopyToUser(ulong addr, ReadOnlySpan<byte> from) => Memory.CopyToUser(addr, from);

    /// <summary>
    /// For a handler that reached a path the model does not cover: records the finding with the call
    /// and returns -<paramref name="errno"/> (Linux's errno for the unsupported operation).
    /// </summary>
    public int NotModelled(string call, string what, int errno) => _kernel.NotModelled.Record(this, call, what, errno);

    private long ReadWrite(OpenFile file, ulong buf, ulong count, bool write)
    {
        // MAX_RW_COUNT: a single read or write moves at most INT_MAX rounded down to a page.
        count = Math.Min(count, 0x7fff_f000UL);
        file.Get();
        try
        {
            return write ? file.Operations.Write(this, file, buf, count) : file.Operations.Read(this, file, buf, count);
        }
        finally
        {
            file.Put();
        }
    }

    /// <summary>One pass of do_poll over the entries: fills each revents; the number with events.</summary>
    private int PollOnce(Span<byte> entries)
    {
        var ready = 0;
        for (var offset = 0; offset < entries.Length; offset += PollFd.Size)
        {
            var entry = PollFd.Read(entries[offset..]);
            short revents = 0;
            if (entry.Fd >= 0)
            {
                revents = Files.TryGet(entry.Fd, out var file)
                    ? (short)(file.Operations.Poll(this, file) & (entry.Events | Uapi.Poll.POLLERR | Uapi.Poll.POLLHUP))
                    : Uapi.Poll.POLLNVAL;
            }

            entry.REvents = revents;
            entry.Write(entries[offset..]);
            ready += revents != 0 ? 1 : 0;
        }

        return ready;
    }

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
