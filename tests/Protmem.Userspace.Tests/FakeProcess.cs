using Protmem.Uapi;

namespace Protmem.Userspace.Tests;

/// <summary>
/// A test double of the narrow <see cref="ISyscalls"/> role: anonymous memory that really holds
/// bytes, every call recorded, and scripted answers for open, ioctl, fd-backed mmap and lseek.
/// With <see cref="ForbidIoctls"/> any ioctl fails the test: that is how tests prove a check is
/// made before the kernel is asked.
/// </summary>
internal sealed class FakeProcess : ISyscalls
{
    private const ulong Page = 4096;
    private readonly Dictionary<ulong, byte[]> _mappings = [];
    private ulong _nextAddress = 0x7f00_0000_0000;
    private int _nextFd = 3;

    public List<string> Calls { get; } = [];

    public HashSet<int> OpenFds { get; } = [];

    /// <summary>path → fd or -errno; null means ENOENT for every path.</summary>
    public Func<string, int, int>? OnOpen { get; set; }

    /// <summary>(fd, request, arg) → result; null means every ioctl is ENOTTY.</summary>
    public Func<int, uint, ulong, int>? OnIoctl { get; set; }

    /// <summary>(fd, length, prot) → address or -errno, for fd-backed mappings; null means ENODEV.</summary>
    public Func<int, ulong, int, long>? OnMmapFd { get; set; }

    /// <summary>(fd, offset, whence) → position or -errno; null means ESPIPE.</summary>
    public Func<int, long, int, long>? OnLseek { get; set; }

    public bool ForbidIoctls { get; set; }

    /// <summary>Mappings not yet unmapped.</summary>
    public int LiveMappings => _mappings.Count;

    public int IoctlCount => Calls.Count(c => c.StartsWith("ioctl", StringComparison.Ordinal));

    /// <summary>Hands out a new fd number, as the kernel would.</summary>
    public int NewFd()
    {
        var fd = _nextFd++;
        OpenFds.Add(fd);
        return fd;
    }

    public int Open(string path, int flags)
    {
        Calls.Add($"open {path} 0x{flags:x}");
        var fd = OnOpen?.Invoke(path, flags) ?? -Errno.ENOENT;
        if (fd >= 0)
        {
            OpenFds.Add(fd);
        }

        return fd;
    }

    public int Close(int fd)
    {
        Calls.Add($"close {fd}");
        return OpenFds.Remove(fd) ? 0 : -Errno.EBADF;
    }

    public int Dup(int fd)
    {
        Calls.Add($"dup {fd}");
        return OpenFds.Contains(fd) ? NewFd() : -Errno.EBADF;
    }

    public int Ioctl(int fd, uint request, ulong arg)
    {
        Calls.Add($"ioctl {fd} 0x{request:X8}");
        Assert.False(ForbidIoctls, $"an ioctl (0x{request:X8} on fd {fd}) was made where the library must answer first");
        return OnIoctl?.Invoke(fd, request, arg) ?? -Errno.ENOTTY;
    }

    public long Mmap(ulong addr, ulong length, int prot, int flags, int fd, long offset)
    {
        Calls.Add($"mmap {length} fd={fd}");
        if ((flags & Mman.MAP_ANONYMOUS) == 0)
        {
            return OnMmapFd?.Invoke(fd, length, prot) ?? -Errno.ENODEV;
        }

        return (long)MapAnonymous(length);
    }

    /// <summary>Backs a range with zeroed bytes; also used by scripted fd mmaps.</summary>
    public ulong MapAnonymous(ulong length)
    {
        var address = _nextAddress;
        _mappings[address] = new byte[length];
        _nextAddress += (length + Page - 1) / Page * Page + Page;
        return address;
    }

    public int Munmap(ulong addr, ulong length)
    {
        Calls.Add($"munmap {length}");
        return _mappings.Remove(addr) ? 0 : -Errno.EINVAL;
    }

    public long Lseek(int fd, long offset, int whence)
    {
        Calls.Add($"lseek {fd} {offset} {whence}");
        return OnLseek?.Invoke(fd, offset, whence) ?? -Errno.ESPIPE;
    }

    public long Read(int fd, ulong buf, ulong count)
    {
        Calls.Add($"read {fd} {count}");
        return -Errno.EBADF;
    }

    public long Write(int fd, ulong buf, ulong count)
    {
        Calls.Add($"write {fd} {count}");
        return -Errno.EBADF;
    }

    public int Poll(ulong fds, uint nfds, int timeoutMs)
    {
        Calls.Add($"poll {nfds} {timeoutMs}");
        return -Errno.EINVAL;
    }

    public int ReadMemory(ulong addr, Span<byte> into)
    {
        if (!TryLocate(addr, into.Length, out var bytes, out var start))
        {
            return -Errno.EFAULT;
        }

        bytes.AsSpan(start, into.Length).CopyTo(into);
        return 0;
    }

    public int WriteMemory(ulong addr, ReadOnlySpan<byte> from)
    {
        if (!TryLocate(addr, from.Length, out var bytes, out var start))
        {
            return -Errno.EFAULT;
        }

        from.CopyTo(bytes.AsSpan(start));
        return 0;
    }

    /// <summary>Reads a uapi struct at a user address, as a kernel handler would.</summary>
    public T Load<T>(ulong address)
        where T : struct, IUapiStruct<T>
    {
        var bytes = new byte[T.Layout.Size];
        Assert.Equal(0, ReadMemory(address, bytes));
        return T.Read(bytes);
    }

    /// <summary>Writes a uapi struct at a user address, as a kernel handler would.</summary>
    public void Store<T>(ulong address, T value)
        where T : struct, IUapiStruct<T>
    {
        var bytes = new byte[T.Layout.Size];
        value.Write(bytes);
        Assert.Equal(0, WriteMemory(address, bytes));
    }

    private bool TryLocate(ulong addr, int length, out byte[] bytes, out int start)
    {
        foreach (var (base_, mapping) in _mappings)
        {
            if (addr >= base_ && addr - base_ <= (ulong)mapping.Length && (ulong)length <= (ulong)mapping.Length - (addr - base_))
            {
                bytes = mapping;
                start = (int)(addr - base_);
                return true;
            }
        }

        bytes = [];
        start = 0;
        return false;
    }
}
