using System.Text;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Mm;
using Protmem.Uapi;
using Protmem.Uapi.DmaBuf;
using KDmaBuf = Protmem.Kernel.DmaBufs.DmaBuf;

namespace Protmem.Kernel.Tests;

/// <summary>The dma-buf fd: ioctls, lseek, mmap and lifetime.</summary>
public class DmaBufFdTests
{
    private static (KernelContext Kernel, UserProcess P, int Buf, ulong Args) Setup(ulong size = 8192, uint fdFlags = Fcntl.O_RDWR)
    {
        var kernel = TestMachine.Boot();
        var p = kernel.Spawn("app");
        var args = TestMachine.MapArgs(p, 2 * 4096);
        var heap = TestMachine.OpenHeap(p, "system");
        return (kernel, p, TestMachine.Alloc(p, heap, args, size, fdFlags), args);
    }

    private static int Sync(UserProcess p, int fd, ulong args, ulong flags)
    {
        var bytes = new byte[8];
        new DmaBufSync { Flags = flags }.Write(bytes);
        Assert.Equal(0, p.WriteMemory(args, bytes));
        return p.Ioctl(fd, DmaBufIoctl.DMA_BUF_IOCTL_SYNC, args);
    }

    [Theory]
    [InlineData(DmaBufIoctl.DMA_BUF_SYNC_READ, 0)]
    [InlineData(DmaBufIoctl.DMA_BUF_SYNC_WRITE | DmaBufIoctl.DMA_BUF_SYNC_END, 0)]
    [InlineData(DmaBufIoctl.DMA_BUF_SYNC_RW, 0)]
    [InlineData(0UL, -Errno.EINVAL)]
    [InlineData(DmaBufIoctl.DMA_BUF_SYNC_END, -Errno.EINVAL)]
    [InlineData(0x8UL | DmaBufIoctl.DMA_BUF_SYNC_RW, -Errno.EINVAL)]
    [InlineData(0x1_0000_0000UL | DmaBufIoctl.DMA_BUF_SYNC_READ, -Errno.EINVAL)]
    public void Sync_Flags_ValidatedAsLinux(ulong flags, int expected)
    {
        var (_, p, buf, args) = Setup();
        Assert.Equal(expected, Sync(p, buf, args, flags));
    }

    [Fact]
    public void Sync_BadPointer_ReturnsEfault()
    {
        var (_, p, buf, _) = Setup();
        Assert.Equal(-Errno.EFAULT, p.Ioctl(buf, DmaBufIoctl.DMA_BUF_IOCTL_SYNC, 0x10));
    }

    [Fact]
    public void SetName_ThirtyOneChars_SetsAndReplacesTheName()
    {
        var (_, p, buf, args) = Setup();
        var name = new string('n', 31);
        Assert.Equal(0, p.WriteMemory(args, Encoding.ASCII.GetBytes(name + "\0")));
        Assert.Equal(0, p.Ioctl(buf, DmaBufIoctl.DMA_BUF_SET_NAME_B, args));
        Assert.True(p.Files.TryGet<KDmaBuf>(buf, out _, out var buffer));
        Assert.Equal(name, buffer.Name);
        Assert.Equal(0, p.WriteMemory(args, "video\0"u8));
        Assert.Equal(0, p.Ioctl(buf, DmaBufIoctl.DMA_BUF_SET_NAME_A, args));
        Assert.Equal("video", buffer.Name);
    }

    [Fact]
    public void SetName_NoNulInThirtyTwoBytes_ReturnsEinval()
    {
        var (_, p, buf, args) = Setup();
        Assert.Equal(0, p.WriteMemory(args, Encoding.ASCII.GetBytes(new string('x', 40))));
        Assert.Equal(-Errno.EINVAL, p.Ioctl(buf, DmaBufIoctl.DMA_BUF_SET_NAME, args));
    }

    [Fact]
    public void SetName_BadPointerOrFaultBeforeNul_ReturnsEfault()
    {
        var (_, p, buf, args) = Setup();
        Assert.Equal(-Errno.EFAULT, p.Ioctl(buf, DmaBufIoctl.DMA_BUF_SET_NAME, 0));
        var end = args + (2 * 4096);
        Assert.Equal(0, p.WriteMemory(end - 4, "abcd"u8));
        Assert.Equal(-Errno.EFAULT, p.Ioctl(buf, DmaBufIoctl.DMA_BUF_SET_NAME, end - 4));
        Assert.Equal(0, p.WriteMemory(end - 4, "abc\0"u8));
        Assert.Equal(0, p.Ioctl(buf, DmaBufIoctl.DMA_BUF_SET_NAME, end - 4));
    }

    [Theory]
    [InlineData(0x40086204u)]
    [InlineData(0xC0184800u)]
    [InlineData(0u)]
    [InlineData(0x40046200u)]
    public void Ioctl_Unknown_ReturnsEnotty(uint request)
    {
        var (_, p, buf, args) = Setup();
        Assert.Equal(-Errno.ENOTTY, p.Ioctl(buf, request, args));
    }

    [Theory]
    [InlineData(0L, Seek.SEEK_END, 8192L)]
    [InlineData(0L, Seek.SEEK_SET, 0L)]
    [InlineData(0L, Seek.SEEK_CUR, -Errno.EINVAL)]
    [InlineData(1L, Seek.SEEK_END, -Errno.EINVAL)]
    [InlineData(-1L, Seek.SEEK_SET, -Errno.EINVAL)]
    [InlineData(0L, 7, -Errno.EINVAL)]
    public void Lseek_OnlySizeQueries_Succeed(long offset, int whence, long expected)
    {
        var (_, p, buf, _) = Setup();
        Assert.Equal(expected, p.Lseek(buf, offset, whence));
    }

    [Fact]
    public void Mmap_BeyondSize_ReturnsEinval()
    {
        var (kernel, p, buf, _) = Setup();
        var before = kernel.Snapshot();
        const int rw = Mman.PROT_READ | Mman.PROT_WRITE;
        Assert.Equal(-Errno.EINVAL, p.Mmap(0, 3 * 4096, rw, Mman.MAP_SHARED, buf, 0));
        Assert.Equal(-Errno.EINVAL, p.Mmap(0, 8192, rw, Mman.MAP_SHARED, buf, 4096));
        Assert.Equal(-Errno.EINVAL, p.Mmap(0, 4096, rw, Mman.MAP_SHARED, buf, 100));
        Assert.Equal(-Errno.EINVAL, p.Mmap(0, 4096, rw, Mman.MAP_SHARED, buf, -4096));
        Assert.Equal(-Errno.EBADF, p.Mmap(0, 4096, rw, Mman.MAP_SHARED, 99, 0));
        Assert.Equal(before, kernel.Snapshot());
        Assert.True(p.Mmap(0, 4096, rw, Mman.MAP_SHARED, buf, 4096) > 0);
    }

    [Fact]
    public void Mmap_WritableSharedOnReadOnlyFd_ReturnsEacces()
    {
        var (_, p, buf, _) = Setup(fdFlags: Fcntl.O_RDONLY);
        Assert.Equal(-Errno.EACCES, p.Mmap(0, 4096, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, buf, 0));
        Assert.True(p.Mmap(0, 4096, Mman.PROT_READ, Mman.MAP_SHARED, buf, 0) > 0);
    }

    [Fact]
    public void Mmap_ExporterWithoutMmap_ReturnsEinval()
    {
        var kernel = TestMachine.Boot();
        using var p = kernel.Spawn("app");
        var buffer = KDmaBuf.Export(kernel, new NoCpuAccessOps(), 4096, Fcntl.O_RDWR, null, "protected-test");
        var fd = buffer.InstallFd(p, Fcntl.O_CLOEXEC);
        Assert.Equal(-Errno.EINVAL, p.Mmap(0, 4096, Mman.PROT_READ, Mman.MAP_SHARED, fd, 0));
        Assert.Equal(-Errno.EINVAL, buffer.Vmap(out _));
        Assert.Equal(4096, p.Lseek(fd, 0, Seek.SEEK_END));
        Assert.Equal(0, p.Close(fd));
        Assert.True(buffer.IsReleased);
    }

    [Fact]
    public void Close_WhileMmapped_KeepsTheBufferUntilMunmap()
    {
        var (kernel, p, buf, _) = Setup(1 << 20);
        var map = (ulong)p.Mmap(0, 1 << 20, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, buf, 0);
        Assert.Equal(0, p.WriteMemory(map + 12345, "still here"u8));
        Assert.True(p.Files.TryGet<KDmaBuf>(buf, out _, out var buffer));
        var freeBefore = kernel.Snapshot().AllocatedPages;
        Assert.Equal(0, p.Close(buf));
        Assert.False(buffer.IsReleased);
        Assert.Contains(buffer, kernel.DmaBufs);
        var back = new byte[10];
        Assert.Equal(0, p.ReadMemory(map + 12345, back));
        Assert.Equal("still here"u8.ToArray(), back);
        Assert.Equal(0, p.Munmap(map, 1 << 20));
        Assert.True(buffer.IsReleased);
        Assert.Equal(freeBefore - 256, kernel.Snapshot().AllocatedPages);
        Assert.Equal(-Errno.EFAULT, p.ReadMemory(map + 12345, back));
    }

    [Fact]
    public void Munmap_PartOfMapping_KeepsBufferUntilLastPiece()
    {
        var (_, p, buf, _) = Setup(3 * 4096);
        var map = (ulong)p.Mmap(0, 3 * 4096, Mman.PROT_READ, Mman.MAP_SHARED, buf, 0);
        Assert.True(p.Files.TryGet<KDmaBuf>(buf, out _, out var buffer));
        Assert.Equal(0, p.Close(buf));
        Assert.Equal(0, p.Munmap(map + 4096, 4096));
        Assert.False(buffer.IsReleased);
        Assert.Equal(0, p.Munmap(map, 4096));
        Assert.False(buffer.IsReleased);
        Assert.Equal(0, p.ReadMemory(map + 8192, new byte[16]));
        Assert.Equal(0, p.Munmap(map, 3 * 4096));
        Assert.True(buffer.IsReleased);
    }

    [Fact]
    public void ProcessMapping_IsSeenByTheOracle()
    {
        var kernel = TestMachine.Boot(out var soc);
        var p = kernel.Spawn("app");
        var buf = TestMachine.Alloc(p, TestMachine.OpenHeap(p, "system"), TestMachine.MapArgs(p, 2 * 4096), 8192, Fcntl.O_RDWR);
        Assert.True(p.Files.TryGet<KDmaBuf>(buf, out _, out var buffer));
        var phys = ((Protmem.Kernel.DmaBufs.Heaps.PageBuffer)buffer.ExporterPrivate!).Chunks[0].Start;
        bool Reachable() => soc.Oracle.ReachableBy(p.Memory.Space, Hardware.SecurityState.NonSecure, Hardware.AccessDirection.Read)
            .Any(r => r.Contains(phys));
        Assert.False(Reachable());
        var map = (ulong)p.Mmap(0, 8192, Mman.PROT_READ, Mman.MAP_SHARED, buf, 0);
        Assert.True(Reachable());
        Assert.Equal(0, p.Munmap(map, 8192));
        Assert.False(Reachable());
    }

    [Fact]
    public void OtherProcess_CannotUseTheFdOrSeeTheMapping()
    {
        var (kernel, p, buf, _) = Setup(4096);
        using var other = kernel.Spawn("other");
        var map = (ulong)p.Mmap(0, 4096, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, buf, 0);
        Assert.Equal(0, p.WriteMemory(map, "secret"u8));
        Assert.Equal(-Errno.EBADF, other.Lseek(buf, 0, Seek.SEEK_END));
        Assert.Equal(-Errno.EBADF, other.Mmap(0, 4096, Mman.PROT_READ, Mman.MAP_SHARED, buf, 0));
        Assert.Equal(-Errno.EFAULT, other.ReadMemory(map, new byte[6]));
    }

    [Fact]
    public void ExportSyncFile_ReturnsCloexecSyncFd_ThatImportAccepts()
    {
        var (_, p, buf, args) = Setup();
        var bytes = new byte[8];
        new DmaBufExportSyncFile { Flags = (uint)DmaBufIoctl.DMA_BUF_SYNC_WRITE }.Write(bytes);
        Assert.Equal(0, p.WriteMemory(args, bytes));
        Assert.Equal(0, p.Ioctl(buf, DmaBufIoctl.DMA_BUF_IOCTL_EXPORT_SYNC_FILE, args));
        Assert.Equal(0, p.ReadMemory(args, bytes));
        var sync = DmaBufExportSyncFile.Read(bytes).Fd;
        Assert.True(p.Files.IsCloseOnExec(sync));
        Assert.True(p.Files.TryGet<SyncFile>(sync, out _, out var syncFile));
        Assert.True(syncFile.Fence.IsSignaled);

        new DmaBufImportSyncFile { Flags = (uint)DmaBufIoctl.DMA_BUF_SYNC_READ, Fd = sync }.Write(bytes);
        Assert.Equal(0, p.WriteMemory(args, bytes));
        Assert.Equal(0, p.Ioctl(buf, DmaBufIoctl.DMA_BUF_IOCTL_IMPORT_SYNC_FILE, args));
        new DmaBufImportSyncFile { Flags = (uint)DmaBufIoctl.DMA_BUF_SYNC_READ, Fd = buf }.Write(bytes);
        Assert.Equal(0, p.WriteMemory(args, bytes));
        Assert.Equal(-Errno.EINVAL, p.Ioctl(buf, DmaBufIoctl.DMA_BUF_IOCTL_IMPORT_SYNC_FILE, args));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(4u)]
    [InlineData(7u)]
    public void SyncFileIoctls_BadFlags_ReturnEinval(uint flags)
    {
        var (_, p, buf, args) = Setup();
        var bytes = new byte[8];
        new DmaBufExportSyncFile { Flags = flags }.Write(bytes);
        Assert.Equal(0, p.WriteMemory(args, bytes));
        Assert.Equal(-Errno.EINVAL, p.Ioctl(buf, DmaBufIoctl.DMA_BUF_IOCTL_EXPORT_SYNC_FILE, args));
        Assert.Equal(-Errno.EINVAL, p.Ioctl(buf, DmaBufIoctl.DMA_BUF_IOCTL_IMPORT_SYNC_FILE, args));
    }

    [Fact]
    public void Sync_WithPendingWriteFence_WaitsForTheSignalingEvent()
    {
        var (kernel, p, buf, args) = Setup();
        Assert.True(p.Files.TryGet<KDmaBuf>(buf, out _, out var buffer));
        var fence = new DmaFence(kernel.FenceContextAlloc(), 1, kernel.Hardware.Clock);
        buffer.Resv.AddFence(fence, DmaResvUsage.Write);
        var signalAt = kernel.Hardware.Clock.Now + 1_000_000;
        kernel.Hardware.Events.Schedule(signalAt, () => fence.Signal());
        Assert.Equal(0, Sync(p, buf, args, DmaBufIoctl.DMA_BUF_SYNC_READ));
        Assert.True(fence.IsSignaled);
        Assert.True(kernel.Hardware.Clock.Now >= signalAt);
    }

    [Fact]
    public void Sync_WithFenceNothingWillSignal_ReturnsEintr()
    {
        var (kernel, p, buf, args) = Setup();
        Assert.True(p.Files.TryGet<KDmaBuf>(buf, out _, out var buffer));
        buffer.Resv.AddFence(new DmaFence(kernel.FenceContextAlloc(), 1), DmaResvUsage.Read);
        Assert.Equal(0, Sync(p, buf, args, DmaBufIoctl.DMA_BUF_SYNC_READ));
        Assert.Equal(-Errno.EINTR, Sync(p, buf, args, DmaBufIoctl.DMA_BUF_SYNC_WRITE));
    }

    /// <summary>An exporter with only the required hooks, as a protected heap's buffers are.</summary>
    private sealed class NoCpuAccessOps : DmaBufOps
    {
        public override int MapDmaBuf(DmaBufAttachment attachment, DmaDataDirection direction, out SgTable? table)
        {
            table = null;
            return -Errno.ENOMEM;
        }

        public override void UnmapDmaBuf(DmaBufAttachment attachment, SgTable table, DmaDataDirection direction)
        {
        }

        public override void Release(KDmaBuf buffer)
        {
        }
    }
}
