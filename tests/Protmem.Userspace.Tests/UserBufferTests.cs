using Protmem.Uapi;
using Protmem.Uapi.DmaHeap;

namespace Protmem.Userspace.Tests;

public sealed class UserBufferTests
{
    [Fact]
    public void Map_RoundsUpToPages_AndDisposeUnmapsOnce()
    {
        var process = new FakeProcess();

        using (var buffer = UserBuffer.Map(process, 100))
        {
            Assert.Equal(4096ul, buffer.Length);
        }

        Assert.Equal(["mmap 4096 fd=-1", "munmap 4096"], process.Calls);
    }

    [Fact]
    public void Map_WhenMmapFails_ThrowsErrnoNamingTheCall()
    {
        var process = new RefusingMmap();

        var error = Assert.Throws<ErrnoException>(() => UserBuffer.Map(process, 4096));

        Assert.Equal(Errno.ENOMEM, error.Errno);
        Assert.Contains("mmap", error.Call, StringComparison.Ordinal);
    }

    [Fact]
    public void Put_WritesStructBytesAtTheUserAddress()
    {
        var process = new FakeProcess();
        using var buffer = UserBuffer.Map(process, 4096);

        var address = buffer.Put(64, new DmaHeapAllocationData { Len = 5000, FdFlags = 0x80002 });

        Assert.Equal(buffer.Address + 64, address);
        var staged = new byte[24];
        Assert.Equal(0, process.ReadMemory(address, staged));
        Assert.Equal("88-13-00-00-00-00-00-00-00-00-00-00-02-00-08-00-00-00-00-00-00-00-00-00", BitConverter.ToString(staged));
    }

    [Fact]
    public void Ioctl_PassesTheStagedAddress_AndReadsBackWhatTheKernelWrote()
    {
        var process = new FakeProcess();
        using var buffer = UserBuffer.Map(process, 4096);
        process.OnIoctl = (fd, request, arg) =>
        {
            var data = process.Load<DmaHeapAllocationData>(arg);
            Assert.Equal(8192ul, data.Len);
            process.Store(arg, data with { Fd = 42 });
            return 0;
        };
        var argument = new DmaHeapAllocationData { Len = 8192 };

        var result = buffer.Ioctl(5, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, ref argument, offset: 128);

        Assert.Equal(0, result);
        Assert.Equal(42u, argument.Fd);
    }

    [Fact]
    public void Write_BeyondTheMapping_Throws()
    {
        var process = new FakeProcess();
        using var buffer = UserBuffer.Map(process, 4096);

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Write(4090, new byte[7]));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.AddressOf(4097));
    }

    [Fact]
    public void Use_AfterDispose_Throws()
    {
        var process = new FakeProcess();
        var buffer = UserBuffer.Map(process, 4096);
        buffer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => buffer.Write(0, new byte[1]));
    }

    private sealed class RefusingMmap : ISyscalls
    {
        public int Open(string path, int flags) => -Errno.ENOENT;

        public int Close(int fd) => -Errno.EBADF;

        public int Dup(int fd) => -Errno.EBADF;

        public int Ioctl(int fd, uint request, ulong arg) => -Errno.EBADF;

        public long Mmap(ulong addr, ulong length, int prot, int flags, int fd, long offset) => -Errno.ENOMEM;

        public int Munmap(ulong addr, ulong length) => -Errno.EINVAL;

        public long Lseek(int fd, long offset, int whence) => -Errno.EBADF;

        public long Read(int fd, ulong buf, ulong count) => -Errno.EBADF;

        public long Write(int fd, ulong buf, ulong count) => -Errno.EBADF;

        public int Poll(ulong fds, uint nfds, int timeoutMs) => -Errno.EINVAL;

        public int ReadMemory(ulong addr, Span<byte> into) => -Errno.EFAULT;

        public int WriteMemory(ulong addr, ReadOnlySpan<byte> from) => -Errno.EFAULT;
    }
}
