using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;
using Protmem.Uapi;
using Protmem.Uapi.DmaBuf;

namespace Protmem.Kernel.Tests;

/// <summary>
/// Processes whose program runs on the host (<c>protmem exec</c>): user memory and fd numbers are the host
/// process's, fork copies fds and file mappings, exec closes close-on-exec fds and drops mappings.
/// </summary>
public class HostedProcessTests
{
    private const ulong HostBase = 0x2000_0000;

    [Fact]
    public void Ioctl_HostedAlloc_FdIsTheHostsNumberWrittenIntoHostMemory()
    {
        var kernel = TestMachine.Boot();
        var host = new FakeHost(firstFd: 40);
        var p = kernel.SpawnHosted("app", Credentials.DefaultUser, host, host);

        var heap = TestMachine.OpenHeap(p, "system");
        var buf = TestMachine.Alloc(p, heap, HostBase, 4096);

        Assert.Equal(40, heap);
        Assert.Equal(41, buf);
        Assert.Equal([40, 41], host.Installed.Select(i => i.Fd));
        Assert.True(p.Files.IsCloseOnExec(buf));
    }

    [Fact]
    public void Ioctl_HostAddressNotMapped_IsEfault()
    {
        var kernel = TestMachine.Boot();
        var host = new FakeHost(firstFd: 3);
        var p = kernel.SpawnHosted("app", Credentials.DefaultUser, host, host);
        var heap = TestMachine.OpenHeap(p, "system");

        Assert.Equal(-Errno.EFAULT, p.Ioctl(heap, Uapi.DmaHeap.DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, HostBase + FakeHost.Size));
        Assert.Empty(host.Unreserved);
    }

    [Fact]
    public void TryGet_FdOnlyTheHostHolds_IsImportedAtItsNumber()
    {
        var kernel = TestMachine.Boot();
        var host = new FakeHost(firstFd: 3);
        var owner = kernel.SpawnHosted("owner", Credentials.DefaultUser, host, host);
        var buf = TestMachine.Alloc(owner, TestMachine.OpenHeap(owner, "system"), HostBase, 4096);
        Assert.True(owner.Files.TryGet(buf, out var file));
        var receiverHost = new FakeHost(firstFd: 9);
        receiverHost.Importable[17] = file;
        var receiver = kernel.SpawnHosted("receiver", Credentials.DefaultUser, receiverHost, receiverHost);

        Assert.Equal(4096, receiver.Lseek(17, 0, Seek.SEEK_END));
        Assert.Equal(-Errno.EBADF, receiver.Lseek(18, 0, Seek.SEEK_END));

        owner.Exit();
        Assert.Single(kernel.DmaBufs);
        receiver.Exit();
        Assert.Empty(kernel.DmaBufs);
    }

    [Fact]
    public void ForkHosted_ParentWithMappedBuffer_ChildHasTheFdsAndTheSamePagesMapped()
    {
        var kernel = TestMachine.Boot();
        var host = new FakeHost(firstFd: 5);
        var parent = kernel.SpawnHosted("parent", Credentials.DefaultUser, host, host);
        var buf = TestMachine.Alloc(parent, TestMachine.OpenHeap(parent, "system"), HostBase, 8192);
        const ulong at = 0x7000_0000_0000;
        Assert.Equal((long)at, parent.Mmap(at, 8192, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED | Mman.MAP_FIXED, buf, 0));

        var childHost = new FakeHost(firstFd: 50);
        var child = kernel.ForkHosted(parent, "child", childHost, childHost, out var error);

        Assert.Equal(0, error);
        Assert.NotNull(child);
        Assert.Equal(4096 * 2, child.Lseek(buf, 0, Seek.SEEK_END));
        Assert.True(parent.Memory.Space.TryTranslate(new Hardware.CpuVirtAddr(at + 4096), out var parentPage, out _));
        Assert.True(child.Memory.Space.TryTranslate(new Hardware.CpuVirtAddr(at + 4096), out var childPage, out _));
        Assert.Equal(parentPage, childPage);
        Assert.Empty(childHost.Installed);
        parent.Exit();
        Assert.Single(kernel.DmaBufs);
        child.Exit();
        Assert.Empty(kernel.DmaBufs);
        kernel.AssertInvariants();
    }

    [Fact]
    public void Exec_HostedProcess_ClosesCloseOnExecFdsAndDropsMappings()
    {
        var kernel = TestMachine.Boot();
        var host = new FakeHost(firstFd: 3);
        var p = kernel.SpawnHosted("app", Credentials.DefaultUser, host, host);
        var heap = TestMachine.OpenHeap(p, "system");
        var kept = TestMachine.Alloc(p, heap, HostBase, 4096, fdFlags: Fcntl.O_RDWR);
        var closed = TestMachine.Alloc(p, heap, HostBase, 4096);
        Assert.True(p.Mmap(0x7000_0000_0000, 4096, Mman.PROT_READ, Mman.MAP_SHARED | Mman.MAP_FIXED, kept, 0) > 0);

        p.Exec();

        Assert.Equal(4096, p.Lseek(kept, 0, Seek.SEEK_END));
        Assert.Equal(-Errno.EBADF, p.Lseek(closed, 0, Seek.SEEK_END));
        Assert.Equal(0, p.Memory.Vmas.MapCount);
        Assert.Single(kernel.DmaBufs);
        kernel.AssertInvariants();
    }

    [Fact]
    public void Dup3_ModelFdOntoAnother_ReplacesItAndKeepsTheFlag()
    {
        var kernel = TestMachine.Boot();
        var p = kernel.Spawn("app");
        var args = TestMachine.MapArgs(p);
        var heap = TestMachine.OpenHeap(p, "system");
        var a = TestMachine.Alloc(p, heap, args, 4096);
        var b = TestMachine.Alloc(p, heap, args, 8192);

        Assert.Equal(b, p.Dup3(a, b, Fcntl.O_CLOEXEC));
        Assert.Equal(4096, p.Lseek(b, 0, Seek.SEEK_END));
        Assert.True(p.Files.IsCloseOnExec(b));
        Assert.Single(kernel.DmaBufs);
        Assert.Equal(-Errno.EINVAL, p.Dup3(a, a, 0));
        Assert.Equal(-Errno.EBADF, p.Dup3(99, b, 0));
    }

    /// <summary>A host process: 64 KiB of memory at <see cref="HostBase"/>, fd numbers counting up from a first one.</summary>
    private sealed class FakeHost(int firstFd) : IUserMemoryAccess, IHostFdTable
    {
        public const ulong Size = 0x10000;
        private readonly byte[] _memory = new byte[Size];
        private int _nextFd = firstFd;

        public List<(int Fd, OpenFile File)> Installed { get; } = [];

        public List<int> Unreserved { get; } = [];

        public Dictionary<int, OpenFile> Importable { get; } = [];

        public int CopyFromUser(ulong addr, Span<byte> into)
        {
            if (addr < HostBase || addr - HostBase + (ulong)into.Length > Size)
            {
                return -Errno.EFAULT;
            }

            _memory.AsSpan((int)(addr - HostBase), into.Length).CopyTo(into);
            return 0;
        }

        public int CopyToUser(ulong addr, ReadOnlySpan<byte> from)
        {
            if (addr < HostBase || addr - HostBase + (ulong)from.Length > Size)
            {
                return -Errno.EFAULT;
            }

            from.CopyTo(_memory.AsSpan((int)(addr - HostBase)));
            return 0;
        }

        public int ReserveFd(int flags) => _nextFd++;

        public void InstallFd(int fd, OpenFile file) => Installed.Add((fd, file));

        public void UnreserveFd(int fd) => Unreserved.Add(fd);

        public OpenFile? ImportFd(int fd) => Importable.TryGetValue(fd, out var file) ? file.Get() : null;
    }
}
