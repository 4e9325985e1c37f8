using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Kernel.Tests;

public class CoreSyscallTests
{
    [Fact]
    public void Open_UnknownPath_ReturnsEnoent()
    {
        var kernel = TestMachine.Boot();
        using var p = kernel.Spawn("app");
        Assert.Equal(-Errno.ENOENT, p.Open("/dev/nothing", Fcntl.O_RDWR));
        Assert.Equal(-Errno.ENOENT, p.Open("/dev/dma_heap/nope", Fcntl.O_RDWR));
    }

    [Fact]
    public void Open_Heaps_TakeLowestFreeFd()
    {
        var kernel = TestMachine.Boot();
        using var p = kernel.Spawn("app");
        Assert.Equal(0, TestMachine.OpenHeap(p, "system"));
        Assert.Equal(1, TestMachine.OpenHeap(p, "system"));
        Assert.Equal(2, TestMachine.OpenHeap(p, TestMachine.CmaName));
        Assert.Equal(0, p.Close(1));
        Assert.Equal(1, p.Dup(0));
        Assert.Equal(3, p.Dup(2));
    }

    [Fact]
    public void Close_BadFd_ReturnsEbadf()
    {
        var kernel = TestMachine.Boot();
        using var p = kernel.Spawn("app");
        Assert.Equal(-Errno.EBADF, p.Close(0));
        Assert.Equal(-Errno.EBADF, p.Close(-1));
        Assert.Equal(-Errno.EBADF, p.Dup(5));
        Assert.Equal(-Errno.EBADF, p.Ioctl(7, 0, 0));
        Assert.Equal(-Errno.EBADF, p.Lseek(7, 0, Seek.SEEK_END));
        var fd = TestMachine.OpenHeap(p, "system");
        Assert.Equal(0, p.Close(fd));
        Assert.Equal(-Errno.EBADF, p.Close(fd));
    }

    [Fact]
    public void Open_BeyondLimit_ReturnsEmfile()
    {
        var kernel = TestMachine.Boot();
        using var p = kernel.Spawn("app");
        for (var i = 0; i < kernel.Config.MaxOpenFiles; i++)
        {
            Assert.Equal(i, TestMachine.OpenHeap(p, "system"));
        }

        Assert.Equal(-Errno.EMFILE, TestMachine.OpenHeap(p, "system"));
        Assert.Equal(-Errno.EMFILE, p.Dup(0));
        Assert.Equal(-Errno.EMFILE, p.Open("/dev/unknown", 0));
    }

    [Fact]
    public void Dup_SharesTheFile_ReleasedAfterLastClose()
    {
        var kernel = TestMachine.Boot();
        using var p = kernel.Spawn("app");
        var files = kernel.LiveFiles;
        var fd = TestMachine.OpenHeap(p, "system");
        var dup = p.Dup(fd);
        Assert.True(p.Files.TryGet(fd, out var a));
        Assert.True(p.Files.TryGet(dup, out var b));
        Assert.Same(a, b);
        Assert.Equal(2, a.RefCount);
        Assert.Equal(0, p.Close(fd));
        Assert.False(a.IsReleased);
        Assert.Equal(0, p.Close(dup));
        Assert.True(a.IsReleased);
        Assert.Equal(files, kernel.LiveFiles);
    }

    [Fact]
    public void Open_WithCloexec_RecordsTheFlagPerFd()
    {
        var kernel = TestMachine.Boot();
        using var p = kernel.Spawn("app");
        var fd = p.Open("/dev/dma_heap/system", Fcntl.O_RDWR | Fcntl.O_CLOEXEC);
        Assert.True(p.Files.IsCloseOnExec(fd));
        var dup = p.Dup(fd);
        Assert.False(p.Files.IsCloseOnExec(dup));
    }

    [Fact]
    public void FdHandle_OfAnotherProcess_DoesNotResolve()
    {
        var kernel = TestMachine.Boot();
        using var a = kernel.Spawn("a");
        using var b = kernel.Spawn("b");
        var fdA = TestMachine.OpenHeap(a, "system");
        var fdB = TestMachine.OpenHeap(b, "system");
        Assert.Equal(fdA, fdB);
        var handleA = a.Files.HandleOf(fdA)!.Value;
        Assert.False(b.Files.TryResolve(handleA, out _));
        Assert.True(a.Files.TryResolve(handleA, out _));
        Assert.Equal(0, a.Close(fdA));
        Assert.Equal(fdA, TestMachine.OpenHeap(a, "system"));
        Assert.False(a.Files.TryResolve(handleA, out _));
    }

    [Fact]
    public void AnonymousMmap_IsZeroedAndWritable()
    {
        var kernel = TestMachine.Boot();
        using var p = kernel.Spawn("app");
        var addr = TestMachine.MapArgs(p, 3 * 4096);
        var bytes = new byte[3 * 4096];
        Assert.Equal(0, p.ReadMemory(addr, bytes));
        Assert.All(bytes, b => Assert.Equal(0, b));
        Assert.Equal(0, p.WriteMemory(addr + 4000, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100]));
        var back = new byte[100];
        Assert.Equal(0, p.ReadMemory(addr + 4000, back));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (byte)i), back);
    }

    [Fact]
    public void UserCopy_UnmappedOrReadOnly_ReturnsEfault()
    {
        var kernel = TestMachine.Boot();
        using var p = kernel.Spawn("app");
        var ro = p.Mmap(0, 4096, Mman.PROT_READ, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        Assert.True(ro > 0);
        Assert.Equal(-Errno.EFAULT, p.WriteMemory((ulong)ro, [1]));
        Assert.Equal(0, p.ReadMemory((ulong)ro, new byte[8]));
        Assert.Equal(-Errno.EFAULT, p.ReadMemory(0x1000, new byte[1]));
        Assert.Equal(-Errno.EFAULT, p.ReadMemory(ulong.MaxValue - 2, new byte[8]));
        Assert.Equal(0, p.Munmap((ulong)ro, 4096));
        Assert.Equal(-Errno.EFAULT, p.ReadMemory((ulong)ro, new byte[1]));
    }

    [Fact]
    public void Exit_ReleasesEverything()
    {
        var kernel = TestMachine.Boot();
        var before = kernel.Snapshot();
        var p = kernel.Spawn("app");
        var args = TestMachine.MapArgs(p, 64 * 1024);
        var heap = TestMachine.OpenHeap(p, "system");
        var cma = TestMachine.OpenHeap(p, TestMachine.CmaName);
        var buf = TestMachine.Alloc(p, heap, args, 3 << 20);
        var cbuf = TestMachine.Alloc(p, cma, args, 1 << 20);
        Assert.True(buf >= 0 && cbuf >= 0);
        Assert.True(p.Mmap(0, 3 << 20, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, buf, 0) > 0);
        Assert.True(p.Mmap(0, 1 << 20, Mman.PROT_READ, Mman.MAP_SHARED, cbuf, 0) > 0);
        Assert.NotEqual(before, kernel.Snapshot());
        p.Exit();
        Assert.Equal(before, kernel.Snapshot());
        kernel.AssertInvariants();
        Assert.Equal(-Errno.ESRCH, p.Open("/dev/dma_heap/system", 0));
    }
}
