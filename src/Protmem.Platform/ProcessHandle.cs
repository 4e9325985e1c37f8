using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Platform;

/// <summary>
/// What a program holds of its process: the system calls and nothing else (no kernel object can be
/// reached through it, so a program cannot cast its way past the ABI).
/// </summary>
internal sealed class ProcessHandle(UserProcess process) : ISyscalls
{
    public UserProcess Process => process;

    public int Open(string path, int flags) => process.Open(path, flags);

    public int Close(int fd) => process.Close(fd);

    public int Dup(int fd) => process.Dup(fd);

    public int Ioctl(int fd, uint request, ulong arg) => process.Ioctl(fd, request, arg);

    public long Mmap(ulong addr, ulong length, int prot, int flags, int fd, long offset) => process.Mmap(addr, length, prot, flags, fd, offset);

    public int Munmap(ulong addr, ulong length) => process.Munmap(addr, length);

    public long Lseek(int fd, long offset, int whence) => process.Lseek(fd, offset, whence);

    public long Read(int fd, ulong buf, ulong count) => process.Read(fd, buf, count);

    public long Write(int fd, ulong buf, ulong count) => process.Write(fd, buf, count);

    public int Poll(ulong fds, uint nfds, int timeoutMs) => process.Poll(fds, nfds, timeoutMs);

    public int ReadMemory(ulong addr, Span<byte> into) => process.ReadMemory(addr, into);

    public int WriteMemory(ulong addr, ReadOnlySpan<byte> from) => process.WriteMemory(addr, from);
}
