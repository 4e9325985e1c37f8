namespace Protmem.Uapi;

/// <summary>
/// The system-call surface a user process sees: Linux's own calls, with Linux's conventions.
/// Every call returns a non-negative result on success and <c>-errno</c> on failure
/// (<see cref="Errno"/>); nothing here throws for bad input from a program.
/// </summary>
/// <remarks>
/// Programs stage ioctl arguments in their own memory (an anonymous <see cref="Mmap"/>),
/// write them with <see cref="WriteMemory"/> and pass the address to <see cref="Ioctl"/>,
/// exactly as a C program passes a pointer.
/// </remarks>
public interface ISyscalls
{
    /// <summary>open(2): a new fd for <paramref name="path"/>, or -errno (ENOENT for an unknown path).</summary>
    int Open(string path, int flags);

    /// <summary>close(2): 0, or -EBADF.</summary>
    int Close(int fd);

    /// <summary>dup(2): a new fd for the same open file, or -errno.</summary>
    int Dup(int fd);

    /// <summary>
    /// ioctl(2). <paramref name="arg"/> is a user address (the argument struct), or an integer
    /// for the ioctls that take one. Returns the handler's non-negative result or -errno.
    /// </summary>
    int Ioctl(int fd, uint request, ulong arg);

    /// <summary>mmap(2): the mapped address, or -errno. <paramref name="fd"/> is -1 with MAP_ANONYMOUS.</summary>
    long Mmap(ulong addr, ulong length, int prot, int flags, int fd, long offset);

    /// <summary>munmap(2): 0, or -errno.</summary>
    int Munmap(ulong addr, ulong length);

    /// <summary>lseek(2): the new offset, or -errno.</summary>
    long Lseek(int fd, long offset, int whence);

    /// <summary>
    /// read(2): up to <paramref name="count"/> bytes from <paramref name="fd"/> into this process's memory at
    /// <paramref name="buf"/>; the bytes read (0 at end of file), or -errno (EBADF, EINVAL for a file
    /// without a read hook, EFAULT).
    /// </summary>
    long Read(int fd, ulong buf, ulong count);

    /// <summary>write(2): up to <paramref name="count"/> bytes from <paramref name="buf"/> to <paramref name="fd"/>; the bytes written, or -errno.</summary>
    long Write(int fd, ulong buf, ulong count);

    /// <summary>
    /// poll(2) over <paramref name="nfds"/> <c>struct pollfd</c> at <paramref name="fds"/>: the number of
    /// entries with events, 0 on time-out, or -errno. <paramref name="timeoutMs"/> is in milliseconds of
    /// simulated time; negative waits for ever (-EINTR when nothing left to run can wake it).
    /// </summary>
    int Poll(ulong fds, uint nfds, int timeoutMs);

    /// <summary>Reads this process's memory as its CPU would: 0, or -EFAULT if any byte is unmapped or not readable.</summary>
    int ReadMemory(ulong addr, Span<byte> into);

    /// <summary>Writes this process's memory as its CPU would: 0, or -EFAULT if any byte is unmapped or not writable.</summary>
    int WriteMemory(ulong addr, ReadOnlySpan<byte> from);
}
