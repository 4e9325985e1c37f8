using Protmem.Uapi;
using Protmem.Userspace.Fuzz;

namespace Protmem.Userspace.Tests;

/// <summary>
/// A test-only board for the fuzzer, with a planted bug: a process that dup()s the fd it got from opening
/// /dev/tee0 (while it is open) makes the point checks report a violation from then on; with
/// <see cref="MonitorOnPoke"/> every poke of the scratch page is also a monitor finding. Fds are the
/// lowest free number, as the kernel's; every call of every process goes to <see cref="Trace"/>.
/// </summary>
internal sealed class PlantedBugMachine : IFuzzMachine
{
    public const string Planted = "planted: a /dev/tee0 fd was dup()ed";
    private readonly List<Process> _processes = [];
    private readonly List<string> _monitor = [];

    public List<string> Trace { get; } = [];

    public bool MonitorOnPoke { get; init; }

    /// <summary>Left behind on purpose at the end (a leak the quiescent check reports), when set.</summary>
    public bool LeakOnExit { get; init; }

    public IReadOnlyList<string> HeapNames { get; } = ["system"];

    public ISyscalls Spawn(string name)
    {
        var process = new Process(this, name);
        _processes.Add(process);
        return process;
    }

    public void EndProcess(ISyscalls process)
    {
        Trace.Add($"exit {((Process)process).Name}");
        ((Process)process).Fds.Clear();
    }

    public IReadOnlyList<string> NewMonitorFindings()
    {
        var fresh = _monitor.ToList();
        _monitor.Clear();
        return fresh;
    }

    public IReadOnlyList<string> CheckInvariants() => [];

    public IReadOnlyList<string> CheckSafety(bool quiescent)
    {
        var findings = _processes.Where(p => p.DupedTee).Select(p => $"{Planted} by {p.Name}").Take(1).ToList();
        if (quiescent && LeakOnExit && _processes.Count > 0)
        {
            findings.Add($"{_processes.Count} processes left a pool page behind");
        }

        return findings;
    }

    public void Dispose()
    {
    }

    private sealed class Process(PlantedBugMachine machine, string name) : ISyscalls
    {
        private const ulong Scratch = 0x10000;

        public string Name { get; } = name;

        public Dictionary<int, string> Fds { get; } = [];

        public bool DupedTee { get; private set; }

        public int Open(string path, int flags) => Log($"open {path}", path.StartsWith("/dev/", StringComparison.Ordinal) ? Install(path) : -Errno.ENOENT);

        public int Close(int fd) => Log($"close {fd}", Fds.Remove(fd) ? 0 : -Errno.EBADF);

        public int Dup(int fd)
        {
            if (!Fds.TryGetValue(fd, out var path))
            {
                return Log($"dup {fd}", -Errno.EBADF);
            }

            DupedTee |= path == "/dev/tee0";
            return Log($"dup {fd}", Install(path));
        }

        public int Ioctl(int fd, uint request, ulong arg) => Log($"ioctl {fd} 0x{request:x}", Fds.ContainsKey(fd) ? -Errno.ENOTTY : -Errno.EBADF);

        public long Mmap(ulong addr, ulong length, int prot, int flags, int fd, long offset) =>
            Log($"mmap {length} {fd}", (flags & Mman.MAP_ANONYMOUS) != 0 ? (long)Scratch : -Errno.ENODEV);

        public int Munmap(ulong addr, ulong length) => Log($"munmap 0x{addr:x}", -Errno.EINVAL);

        public long Lseek(int fd, long offset, int whence) => Log($"lseek {fd}", -Errno.ESPIPE);

        public long Read(int fd, ulong buf, ulong count) => Log($"read {fd}", -Errno.EBADF);

        public long Write(int fd, ulong buf, ulong count) => Log($"write {fd}", -Errno.EBADF);

        public int Poll(ulong fds, uint nfds, int timeoutMs) => Log("poll", 0);

        public long Getdents64(int fd, ulong dirp, ulong count) => -Errno.ENOTDIR;

        public int ReadMemory(ulong addr, Span<byte> into) => InScratch(addr, into.Length) ? 0 : -Errno.EFAULT;

        public int WriteMemory(ulong addr, ReadOnlySpan<byte> from)
        {
            if (!InScratch(addr, from.Length))
            {
                return -Errno.EFAULT;
            }

            if (machine.MonitorOnPoke && from.Length > 0 && from[0] == 0xa5)
            {
                machine._monitor.Add($"at 1.0 ms, address space '{Name}': poked scratch at 0x{addr:x}");
            }

            return 0;
        }

        private static bool InScratch(ulong addr, int length) => addr >= Scratch && addr - Scratch + (ulong)length <= 2 * Mman.PAGE_SIZE;

        private int Install(string path)
        {
            var fd = 0;
            while (Fds.ContainsKey(fd))
            {
                fd++;
            }

            Fds[fd] = path;
            return fd;
        }

        private T Log<T>(string call, T result)
        {
            machine.Trace.Add($"{Name} {call} = {result}");
            return result;
        }
    }
}
