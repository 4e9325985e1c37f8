using Protmem.Uapi;
using Protmem.Uapi.DmaHeap;

namespace Protmem.Kernel.Tests;

/// <summary>DMA_HEAP_IOCTL_ALLOC: Linux's validation order, compat sizes, fd flags, no fd leak on copy-out fault.</summary>
public class DmaHeapAllocTests
{
    private static readonly uint Alloc16 = Ioctl._IOWR('H', 0, 16);
    private static readonly uint Alloc48 = Ioctl._IOWR('H', 0, 48);

    private static (KernelContext Kernel, Core.UserProcess Process, int Heap, ulong Args) Setup(string heap = "system")
    {
        var kernel = TestMachine.Boot();
        var process = kernel.Spawn("app");
        var args = TestMachine.MapArgs(process, 2 * 4096);
        return (kernel, process, TestMachine.OpenHeap(process, heap), args);
    }

    private static void Put(Core.UserProcess p, ulong addr, ulong len, uint fd, uint fdFlags, ulong heapFlags)
    {
        var bytes = new byte[DmaHeapAllocationData.Size];
        new DmaHeapAllocationData { Len = len, Fd = fd, FdFlags = fdFlags, HeapFlags = heapFlags }.Write(bytes);
        Assert.Equal(0, p.WriteMemory(addr, bytes));
    }

    [Fact]
    public void Alloc_NrNotZero_ReturnsEinvalBeforeTouchingMemory()
    {
        var (_, p, heap, _) = Setup();
        Assert.Equal(-Errno.EINVAL, p.Ioctl(heap, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC | 1, 0xdead_0000));
        Assert.Equal(-Errno.EINVAL, p.Ioctl(heap, Ioctl._IO('H', 7), 0));
    }

    [Fact]
    public void Alloc_TypeAndSizeNotChecked_Allocates()
    {
        var (_, p, heap, args) = Setup();
        Put(p, args, 4096, 0, Fcntl.O_RDWR, 0);
        Assert.Equal(0, p.Ioctl(heap, Ioctl._IOWR('X', 0, 24), args));
        // Size 0: nothing is copied in, the zero-filled struct has len 0.
        Assert.Equal(-Errno.EINVAL, p.Ioctl(heap, Ioctl._IOWR('H', 0, 0), args));
    }

    [Fact]
    public void Alloc_BadPointer_ReturnsEfault()
    {
        var (kernel, p, heap, _) = Setup();
        var files = p.Files.Count;
        Assert.Equal(-Errno.EFAULT, p.Ioctl(heap, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, 0x1000));
        Assert.Equal(files, p.Files.Count);
        kernel.AssertInvariants();
    }

    [Fact]
    public void Alloc_FdNotZero_ReturnsEinvalFirst()
    {
        var (_, p, heap, args) = Setup();
        // fd != 0 wins over everything after it: bad flags, bad heap flags, len 0.
        Put(p, args, 0, 5, 0xffff_ffff, 0x111111);
        Assert.Equal(-Errno.EINVAL, p.Ioctl(heap, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, args));
    }

    [Theory]
    [InlineData(4096UL, 0u, 0x40u, 0UL)] // O_CREAT in fd_flags
    [InlineData(4096UL, 0u, 0x80004u, 0UL)]
    [InlineData(4096UL, 0u, 2u, 0x111111UL)] // heap flags
    [InlineData(4096UL, 0u, 2u, 1UL)]
    [InlineData(0UL, 0u, 2u, 0UL)] // len 0
    [InlineData(ulong.MaxValue, 0u, 2u, 0UL)] // PAGE_ALIGN wraps to 0
    [InlineData(ulong.MaxValue - 4094, 0u, 2u, 0UL)]
    [InlineData(ulong.MaxValue - 4095, 0u, 0x40u, 0UL)] // flags checked before the (impossible) size
    [InlineData(ulong.MaxValue - 4095, 0u, 2u, 8UL)]
    public void Alloc_InvalidArgument_ReturnsEinval(ulong len, uint fd, uint fdFlags, ulong heapFlags)
    {
        var (kernel, p, heap, args) = Setup();
        var before = kernel.Snapshot();
        Put(p, args, len, fd, fdFlags, heapFlags);
        Assert.Equal(-Errno.EINVAL, p.Ioctl(heap, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, args));
        Assert.Equal(before, kernel.Snapshot());
    }

    [Fact]
    public void Alloc_HugeAlignedLength_ReturnsEnomemFromTheHeap()
    {
        var (kernel, p, heap, args) = Setup();
        var before = kernel.Snapshot();
        Put(p, args, ulong.MaxValue - 4095, 0, Fcntl.O_RDWR, 0);
        Assert.Equal(-Errno.ENOMEM, p.Ioctl(heap, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, args));
        Put(p, args, 200UL << 20, 0, Fcntl.O_RDWR, 0);
        Assert.Equal(-Errno.ENOMEM, p.Ioctl(heap, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, args));
        Assert.Equal(before, kernel.Snapshot());
    }

    [Fact]
    public void Alloc_CmaHeapLargerThanArea_ReturnsEnomem()
    {
        var (kernel, p, heap, args) = Setup(TestMachine.CmaName);
        Assert.Equal(-Errno.ENOMEM, TestMachine.Alloc(p, heap, args, TestMachine.CmaSize + 4096));
        Assert.True(TestMachine.Alloc(p, heap, args, TestMachine.CmaSize) >= 0);
        Assert.Equal(-Errno.ENOMEM, TestMachine.Alloc(p, heap, args, 4096));
        kernel.AssertInvariants();
    }

    [Fact]
    public void Alloc_Success_SizeIsPageAlignedAndFdFlagsHonoured()
    {
        var (_, p, heap, args) = Setup();
        var fd = TestMachine.Alloc(p, heap, args, 4097, Fcntl.O_RDWR | Fcntl.O_CLOEXEC);
        Assert.True(fd > heap);
        Assert.Equal(8192, p.Lseek(fd, 0, Seek.SEEK_END));
        Assert.True(p.Files.IsCloseOnExec(fd));
        var plain = TestMachine.Alloc(p, heap, args, 1, Fcntl.O_RDONLY);
        Assert.False(p.Files.IsCloseOnExec(plain));
        Assert.Equal(4096, p.Lseek(plain, 0, Seek.SEEK_END));
    }

    [Fact]
    public void Alloc_OlderSixteenByteStruct_ZeroExtendsHeapFlags()
    {
        var (_, p, heap, args) = Setup();
        // The 16-byte struct sits at the very end of the mapping: the kernel must not read past it.
        var at = args + (2 * 4096) - 16;
        var bytes = new byte[16];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), 4096UL);
        BitConverter.TryWriteBytes(bytes.AsSpan(12, 4), (uint)(Fcntl.O_RDWR | Fcntl.O_CLOEXEC));
        Assert.Equal(0, p.WriteMemory(at, bytes));
        Assert.Equal(0, p.Ioctl(heap, Alloc16, at));
        Assert.Equal(0, p.ReadMemory(at, bytes));
        var fd = BitConverter.ToInt32(bytes, 8);
        Assert.Equal(4096, p.Lseek(fd, 0, Seek.SEEK_END));
    }

    [Fact]
    public void Alloc_NewerFortyEightByteStructWithGarbage_Succeeds()
    {
        var (_, p, heap, args) = Setup();
        var bytes = new byte[48];
        new DmaHeapAllocationData { Len = 1 << 20, FdFlags = Fcntl.O_RDWR | Fcntl.O_CLOEXEC }.Write(bytes);
        BitConverter.TryWriteBytes(bytes.AsSpan(24, 4), 0xffff_ffffu);
        BitConverter.TryWriteBytes(bytes.AsSpan(28, 4), 0x8888_8888u);
        BitConverter.TryWriteBytes(bytes.AsSpan(32, 4), 0x1111_1111u);
        Assert.Equal(0, p.WriteMemory(args, bytes));
        Assert.Equal(0, p.Ioctl(heap, Alloc48, args));
        var back = new byte[48];
        Assert.Equal(0, p.ReadMemory(args, back));
        var fd = BitConverter.ToInt32(back, 8);
        Assert.Equal(1 << 20, p.Lseek(fd, 0, Seek.SEEK_END));
        Assert.Equal(bytes.AsSpan(24).ToArray(), back.AsSpan(24).ToArray());
    }

    [Fact]
    public void Alloc_CopyOutFault_ReturnsEfaultAndLeaksNothing()
    {
        var (kernel, p, heap, args) = Setup();

        // A page the process can read but not write, holding a valid struct: a dma-buf mapped twice,
        // read-write to stage the struct and read-only to pass it.
        var staging = TestMachine.Alloc(p, heap, args, 4096);
        var rw = (ulong)p.Mmap(0, 4096, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, staging, 0);
        var ro = (ulong)p.Mmap(0, 4096, Mman.PROT_READ, Mman.MAP_SHARED, staging, 0);
        Put(p, rw, 1 << 20, 0, Fcntl.O_RDWR | Fcntl.O_CLOEXEC, 0);
        var files = p.Files.Count;
        var before = kernel.Snapshot();

        Assert.Equal(-Errno.EFAULT, p.Ioctl(heap, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, ro));

        Assert.Equal(files, p.Files.Count);
        Assert.Equal(0, p.Files.ReservedCount);
        Assert.Equal(before, kernel.Snapshot());
        Assert.Equal(files, p.Dup(heap));
        kernel.AssertInvariants();
    }
}
