using Protmem.Uapi;
using Protmem.Userspace.DmaHeaps;

namespace Protmem.Userspace.Tests;

public sealed class DmaHeapLibraryTests
{
    [Fact]
    public void OpenHeap_UnknownName_ThrowsEnoentNamingThePath()
    {
        var process = new FakeProcess();
        _ = new ScriptedHeaps(process, "system");
        using var library = new DmaHeapLibrary(process);

        var error = Assert.Throws<ErrnoException>(() => library.OpenHeap("nonexistent"));

        Assert.Equal(Errno.ENOENT, error.Errno);
        Assert.Contains("/dev/dma_heap/nonexistent", error.Call, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_ReturnsBufferWithFdAndPageAlignedSize()
    {
        var process = new FakeProcess();
        _ = new ScriptedHeaps(process, "system");
        using var library = new DmaHeapLibrary(process);
        using var heap = library.OpenHeap("system");

        using var buffer = heap.Allocate(5000);

        Assert.Equal(8192ul, buffer.Size);
        Assert.Contains(buffer.Fd, process.OpenFds);
    }

    [Fact]
    public void Allocate_WithHeapFlags_ThrowsEinval()
    {
        var process = new FakeProcess();
        _ = new ScriptedHeaps(process, "system");
        using var library = new DmaHeapLibrary(process);
        using var heap = library.OpenHeap("system");

        var error = Assert.Throws<ErrnoException>(() => heap.Allocate(4096, heapFlags: 0x111111));

        Assert.Equal(Errno.EINVAL, error.Errno);
        Assert.Contains("DMA_HEAP_IOCTL_ALLOC", error.Call, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_ClosesEachFdOnce()
    {
        var process = new FakeProcess();
        _ = new ScriptedHeaps(process, "system");
        using var library = new DmaHeapLibrary(process);
        var heap = library.OpenHeap("system");
        var buffer = heap.Allocate(4096);

        buffer.Dispose();
        buffer.Dispose();
        heap.Dispose();

        Assert.Empty(process.OpenFds);
        Assert.Single(process.Calls, c => c == $"close {buffer.Fd}");
    }

    [Fact]
    public void Map_WriteAndRead_SeesTheSameBytes()
    {
        var process = new FakeProcess();
        _ = new ScriptedHeaps(process, "system");
        using var library = new DmaHeapLibrary(process);
        using var heap = library.OpenHeap("system");
        using var buffer = heap.Allocate(4096);

        using var map = buffer.Map();
        buffer.SyncStart();
        map.Fill(0xA5);
        map.Write(100, [1, 2, 3]);
        buffer.SyncEnd();

        var back = new byte[4];
        map.Read(99, back);
        Assert.Equal([0xA5, 1, 2, 3], back);
        Assert.Equal(100, map.IndexOfOtherThan(0xA5));
    }

    [Fact]
    public void TryMap_OnProtectedHeap_ReturnsEinval()
    {
        var process = new FakeProcess();
        _ = new ScriptedHeaps(process, ProtectedHeapNames.SecureVideo);
        using var library = new DmaHeapLibrary(process);
        using var heap = library.OpenHeap(ProtectedHeapNames.SecureVideo);
        using var buffer = heap.Allocate(4096);

        Assert.False(buffer.TryMap(out _, out var errno));
        Assert.Equal(Errno.EINVAL, errno);
        Assert.Equal(Errno.EINVAL, Assert.Throws<ErrnoException>(() => buffer.Map()).Errno);
    }

    [Fact]
    public void SetName_PassesANulTerminatedString()
    {
        var process = new FakeProcess();
        var heaps = new ScriptedHeaps(process, "system");
        using var library = new DmaHeapLibrary(process);
        using var heap = library.OpenHeap("system");
        using var buffer = heap.Allocate(4096);

        buffer.SetName("video-frame");

        Assert.Equal(["video-frame"], heaps.Names);
    }

    [Fact]
    public void Sync_WithoutDirection_ThrowsEinval()
    {
        var process = new FakeProcess();
        _ = new ScriptedHeaps(process, "system");
        using var library = new DmaHeapLibrary(process);
        using var heap = library.OpenHeap("system");
        using var buffer = heap.Allocate(4096);

        Assert.Equal(Errno.EINVAL, Assert.Throws<ErrnoException>(() => buffer.Sync(0)).Errno);
    }

    [Fact]
    public void ExportedSyncFile_CanBeImportedBack_ButAnotherFdCannot()
    {
        var process = new FakeProcess();
        _ = new ScriptedHeaps(process, "system");
        using var library = new DmaHeapLibrary(process);
        using var heap = library.OpenHeap("system");
        using var buffer = heap.Allocate(4096);

        var syncFd = buffer.ExportSyncFile((uint)Uapi.DmaBuf.DmaBufIoctl.DMA_BUF_SYNC_READ);
        buffer.ImportSyncFile((uint)Uapi.DmaBuf.DmaBufIoctl.DMA_BUF_SYNC_WRITE, syncFd);

        Assert.Contains(syncFd, process.OpenFds);
        var error = Assert.Throws<ErrnoException>(() => buffer.ImportSyncFile((uint)Uapi.DmaBuf.DmaBufIoctl.DMA_BUF_SYNC_WRITE, buffer.Fd));
        Assert.Equal(Errno.EINVAL, error.Errno);
        Assert.Contains("IMPORT_SYNC_FILE", error.Call, StringComparison.Ordinal);
        process.Close(syncFd);
    }

    [Theory]
    [InlineData("system", "/dev/dma_heap/system")]
    [InlineData("/dev/dma_heap/protected,secure-video", "/dev/dma_heap/protected,secure-video")]
    public void HeapPath_OfNameOrPath_IsTheDeviceNode(string given, string path)
    {
        Assert.Equal(path, DmaHeapLibrary.HeapPath(given));
    }

    [Fact]
    public void ProtectedHeapNames_MapUseCasesBothWays()
    {
        Assert.Equal("protected,trusted-ui", ProtectedHeapNames.ForUseCase(2));
        Assert.Equal(3u, ProtectedHeapNames.UseCaseOf("protected,secure-video-record"));
        Assert.Null(ProtectedHeapNames.UseCaseOf("system"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProtectedHeapNames.ForUseCase(0));
    }
}
