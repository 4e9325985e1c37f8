using Protmem.Uapi;

namespace Protmem.Kernel.Core;

/// <summary>
/// A process's file descriptor table (<c>struct files_struct</c>): fd → open file, with a
/// close-on-exec flag per fd and a generation per installation. New fds take the lowest free number;
/// a table holds at most <see cref="MaxFds"/> (RLIMIT_NOFILE, then EMFILE).
/// 1. <see cref="ReserveFd"/> reserves a number (get_unused_fd_flags), paired with <see cref="Install"/>
///    (fd_install, which publishes it) or <see cref="Unreserve"/> (put_unused_fd).
/// 2. Lookups (<see cref="TryGet"/>, <see cref="TryGet{T}"/>) see only installed fds of this table.
/// 3. <see cref="Remove"/> (close) hands the caller the table's reference to put.
/// </summary>
public sealed class FdTable
{
    private Entry[] _entries = new Entry[16];
    private int _lowestFree;
    private readonly IHostFdTable? _host;
    private uint _generation;

    internal FdTable(int ownerPid, int maxFds, IHostFdTable? host = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFds, 1);
        OwnerPid = ownerPid;
        MaxFds = maxFds;
        _host = host;
    }

    /// <summary>The pid of the process that owns the table.</summary>
    public int OwnerPid { get; }

    /// <summary>RLIMIT_NOFILE.</summary>
    public int MaxFds { get; }

    /// <summary>Installed fds.</summary>
    public int Count { get; private set; }

    /// <summary>Reserved but not yet installed fds.</summary>
    public int ReservedCount { get; private set; }

    /// <summary>The lowest free fd, reserved with its close-on-exec flag; -EMFILE when the table is full.</summary>
    public int ReserveFd(int flags)
    {
        if (_host is not null)
        {
            return ReserveHostFd(flags);
        }

        var fd = _lowestFree;
        while (fd < _entries.Length && _entries[fd].State != SlotState.Free)
        {
            fd++;
        }

        if (fd >= MaxFds)
        {
            return -Errno.EMFILE;
        }

        if (fd >= _entries.Length)
        {
            Array.Resize(ref _entries, Math.Min(MaxFds, Math.Max(fd + 1, _entries.Length * 2)));
        }

        _entries[fd] = new Entry(null, (flags & Fcntl.O_CLOEXEC) != 0, SlotState.Reserved, 0);
        _lowestFree = fd + 1;
        ReservedCount++;
        return fd;
    }

    /// <summary>Publishes <paramref name="file"/> at a reserved fd; the table takes over the caller's reference.</summary>
    public FdHandle Install(int fd, OpenFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if ((uint)fd >= (uint)_entries.Length || _entries[fd].State != SlotState.Reserved)
        {
            throw new KernelOopsException($"fd_install on fd {fd}, which was not reserved");
        }

        var generation = ++_generation;
        _entries[fd] = new Entry(file, _entries[fd].CloseOnExec, SlotState.Installed, generation);
        ReservedCount--;
        Count++;
        _host?.InstallFd(fd, file);
        return new FdHandle(OwnerPid, fd, generation);
    }

    /// <summary>Gives back a reserved fd that was not installed.</summary>
    public void Unreserve(int fd)
    {
        if ((uint)fd >= (uint)_entries.Length || _entries[fd].State != SlotState.Reserved)
        {
            throw new KernelOopsException($"put_unused_fd on fd {fd}, which was not reserved");
        }

        Free(fd);
        ReservedCount--;
        _host?.UnreserveFd(fd);
    }

    /// <summary>Reserve and install in one step: the new fd, or -EMFILE (then the caller still owns its reference).</summary>
    public int InstallAtLowest(OpenFile file, int flags)
    {
        var fd = ReserveFd(flags);
        if (fd >= 0)
        {
            Install(fd, file);
        }

        return fd;
    }

    /// <summary>The file at an installed fd (no reference taken: valid for the current call only).</summary>
    public bool TryGet(int fd, out OpenFile file)
    {
        if (TryGetInstalled(fd, out file))
        {
            return true;
        }

        // Model: a host process may hold a model file the table has not seen (received over a socket).
        if (_host is not null && fd >= 0 && fd < MaxFds && _host.ImportFd(fd) is { } imported)
        {
            InstallMirrored(fd, imported, closeOnExec: false);
            file = imported;
            return true;
        }

        return false;
    }

    /// <summary>The file at an installed fd whose private data is a <typeparamref name="T"/> (a typed lookup).</summary>
    public bool TryGet<T>(int fd, out OpenFile file, out T privateData)
        where T : class
    {
        if (TryGet(fd, out file) && file.PrivateData is T typed)
        {
            privateData = typed;
            return true;
        }

        privateData = null!;
        return false;
    }

    /// <summary>Resolves a handle this table issued, while its installation lives.</summary>
    public bool TryResolve(FdHandle handle, out OpenFile file)
    {
        if (handle.OwnerPid == OwnerPid && (uint)handle.Fd < (uint)_entries.Length
            && _entries[handle.Fd].State == SlotState.Installed && _entries[handle.Fd].Generation == handle.Generation)
        {
            file = _entries[handle.Fd].File!;
            return true;
        }

        file = null!;
        return false;
    }

    /// <summary>The handle of an installed fd, or null.</summary>
    public FdHandle? HandleOf(int fd) =>
        (uint)fd < (uint)_entries.Length && _entries[fd].State == SlotState.Installed ? new FdHandle(OwnerPid, fd, _entries[fd].Generation) : null;

    /// <summary>Whether the installed <paramref name="fd"/> has FD_CLOEXEC; false for a free fd.</summary>
    public bool IsCloseOnExec(int fd) =>
        (uint)fd < (uint)_entries.Length && _entries[fd].State == SlotState.Installed && _entries[fd].CloseOnExec;

    /// <summary>Removes an installed fd and hands back the table's reference (the caller puts it); false for a bad fd.</summary>
    public bool Remove(int fd, out OpenFile file)
    {
        if (!TryGetInstalled(fd, out file))
        {
            return false;
        }

        Free(fd);
        Count--;
        return true;
    }

    /// <summary>Removes every installed fd, putting each reference (exit).</summary>
    public void CloseAll()
    {
        for (var fd = 0; fd < _entries.Length; fd++)
        {
            if (Remove(fd, out var file))
            {
                file.Put();
            }
        }
    }

    /// <summary>Checks the table's bookkeeping.</summary>
    public void AssertInvariants()
    {
        var installed = 0;
        var reserved = 0;
        for (var fd = 0; fd < _entries.Length; fd++)
        {
            var e = _entries[fd];
            if (e.State == SlotState.Installed)
            {
                installed++;
                if (e.File is null || e.File.IsReleased)
                {
                    throw new KernelOopsException($"invariant broken: installed fd {fd} of pid {OwnerPid} refers to a live file");
                }
            }
            else if (e.State == SlotState.Reserved)
            {
                reserved++;
            }
        }

        if (installed != Count || reserved != ReservedCount)
        {
            throw new KernelOopsException($"invariant broken: the fd counters of pid {OwnerPid} match its table ({Count}/{installed} installed, {ReservedCount}/{reserved} reserved)");
        }

        for (var fd = 0; _host is null && fd < Math.Min(_lowestFree, _entries.Length); fd++)
        {
            if (_entries[fd].State == SlotState.Free)
            {
                throw new KernelOopsException($"invariant broken: no fd below the lowest-free hint of pid {OwnerPid} is free (fd {fd} is)");
            }
        }
    }

    /// <summary>
    /// Puts <paramref name="file"/> at <paramref name="fd"/>, taking over the caller's reference; a file already
    /// there is removed and handed back in <paramref name="replaced"/> for the caller to put (do_dup2).
    /// </summary>
    public void InstallAt(int fd, OpenFile file, bool closeOnExec, out OpenFile? replaced)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fd, MaxFds);
        replaced = Remove(fd, out var old) ? old : null;
        if (fd < _entries.Length && _entries[fd].State == SlotState.Reserved)
        {
            throw new KernelOopsException($"dup2 onto fd {fd}, which is reserved");
        }

        InstallMirrored(fd, file, closeOnExec);
    }

    /// <summary>Removes every close-on-exec fd, putting each reference (exec).</summary>
    public void CloseOnExec()
    {
        for (var fd = 0; fd < _entries.Length; fd++)
        {
            if (_entries[fd].State == SlotState.Installed && _entries[fd].CloseOnExec && Remove(fd, out var file))
            {
                file.Put();
            }
        }
    }

    /// <summary>Copies every installed fd of <paramref name="parent"/> at the same number, taking a reference each (fork's dup_fd).</summary>
    public void CopyFrom(FdTable parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        for (var fd = 0; fd < parent._entries.Length; fd++)
        {
            if (parent._entries[fd].State == SlotState.Installed)
            {
                InstallAt(fd, parent._entries[fd].File!.Get(), parent._entries[fd].CloseOnExec, out var replaced);
                replaced?.Put();
            }
        }
    }

    private bool TryGetInstalled(int fd, out OpenFile file)
    {
        if ((uint)fd < (uint)_entries.Length && _entries[fd].State == SlotState.Installed)
        {
            file = _entries[fd].File!;
            return true;
        }

        file = null!;
        return false;
    }

    private int ReserveHostFd(int flags)
    {
        if (Count + ReservedCount >= MaxFds)
        {
            return -Errno.EMFILE;
        }

        var fd = _host!.ReserveFd(flags);
        if (fd < 0)
        {
            return fd;
        }

        if (fd >= MaxFds)
        {
            _host.UnreserveFd(fd);
            return -Errno.EMFILE;
        }

        Grow(fd);
        if (_entries[fd].State == SlotState.Installed && Remove(fd, out var stale))
        {
            // The program closed the fd behind the model's back (a raw close(2)): the real number is free again.
            stale.Put();
        }

        _entries[fd] = new Entry(null, (flags & Fcntl.O_CLOEXEC) != 0, SlotState.Reserved, 0);
        ReservedCount++;
        return fd;
    }

    private void InstallMirrored(int fd, OpenFile file, bool closeOnExec)
    {
        Grow(fd);
        _entries[fd] = new Entry(file, closeOnExec, SlotState.Installed, ++_generation);
        Count++;
    }

    private void Grow(int fd)
    {
        if (fd >= _entries.Length)
        {
            Array.Resize(ref _entries, Math.Min(MaxFds, Math.Max(fd + 1, _entries.Length * 2)));
        }
    }

    private void Free(int fd)
    {
        _entries[fd] = default;
        if (fd < _lowestFree)
        {
            _lowestFree = fd;
        }
    }

    private enum SlotState : byte
    {
        Free = 0,
        Reserved = 1,
        Installed = 2,
    }

    private readonly record struct Entry(OpenFile? File, bool CloseOnExec, SlotState State, uint Generation);
}
