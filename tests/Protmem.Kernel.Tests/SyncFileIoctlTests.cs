using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Uapi;
using Protmem.Uapi.DmaBuf;
using KDmaBuf = Protmem.Kernel.DmaBufs.DmaBuf;

namespace Protmem.Kernel.Tests;

/// <summary>sync_file's own ioctls: SYNC_IOC_MERGE, SYNC_IOC_FILE_INFO (two calls), SYNC_IOC_SET_DEADLINE, with Linux's errno.</summary>
public class SyncFileIoctlTests
{
    private const ulong InfoArray = 2048;

    private sealed record World(KernelContext Kernel, UserProcess P, int Buf, KDmaBuf Buffer, ulong Args);

    private static World Setup()
    {
        var kernel = TestMachine.Boot();
        var p = kernel.Spawn("app");
        var args = TestMachine.MapArgs(p, 2 * 4096);
        var heap = TestMachine.OpenHeap(p, "system");
        var buf = TestMachine.Alloc(p, heap, args, 8192);
        Assert.True(p.Files.TryGet<KDmaBuf>(buf, out _, out var buffer));
        return new World(kernel, p, buf, buffer, args);
    }

    private static int Export(World w, uint flags = (uint)DmaBufIoctl.DMA_BUF_SYNC_WRITE)
    {
        var bytes = new byte[DmaBufExportSyncFile.Size];
        new DmaBufExportSyncFile { Flags = flags }.Write(bytes);
        Assert.Equal(0, w.P.WriteMemory(w.Args, bytes));
        Assert.Equal(0, w.P.Ioctl(w.Buf, DmaBufIoctl.DMA_BUF_IOCTL_EXPORT_SYNC_FILE, w.Args));
        Assert.Equal(0, w.P.ReadMemory(w.Args, bytes));
        return DmaBufExportSyncFile.Read(bytes).Fd;
    }

    /// <summary>A sync file over new pending fences on fresh timelines (added to the buffer, then exported).</summary>
    private static (int Fd, DmaFence[] Fences) ExportPending(World w, int count)
    {
        w.Buffer.Resv.Fini();
        var fences = Enumerable.Range(0, count).Select(_ => new DmaFence(w.Kernel.FenceContextAlloc(), 1, w.Kernel.Hardware.Clock)).ToArray();
        foreach (var fence in fences)
        {
            w.Buffer.Resv.AddFence(fence, DmaResvUsage.Read);
        }

        return (Export(w), fences);
    }

    private static int FileInfo(World w, int fd, ref SyncFileInfo info)
    {
        var bytes = new byte[SyncFileInfo.Size];
        info.Write(bytes);
        Assert.Equal(0, w.P.WriteMemory(w.Args, bytes));
        var result = w.P.Ioctl(fd, SyncFileIoctl.SYNC_IOC_FILE_INFO, w.Args);
        Assert.Equal(0, w.P.ReadMemory(w.Args, bytes));
        info = SyncFileInfo.Read(bytes);
        return result;
    }

    private static SyncFenceInfo FenceInfo(World w, int index)
    {
        var bytes = new byte[SyncFenceInfo.Size];
        Assert.Equal(0, w.P.ReadMemory(w.Args + InfoArray + (ulong)(index * SyncFenceInfo.Size), bytes));
        return SyncFenceInfo.Read(bytes);
    }

    private static int Merge(World w, int fd, SyncMergeData data, out SyncMergeData answer)
    {
        var bytes = new byte[SyncMergeData.Size];
        data.Write(bytes);
        Assert.Equal(0, w.P.WriteMemory(w.Args, bytes));
        var result = w.P.Ioctl(fd, SyncFileIoctl.SYNC_IOC_MERGE, w.Args);
        Assert.Equal(0, w.P.ReadMemory(w.Args, bytes));
        answer = SyncMergeData.Read(bytes);
        return result;
    }

    private static int SetDeadline(World w, int fd, ulong deadline, ulong pad = 0)
    {
        var bytes = new byte[SyncSetDeadline.Size];
        new SyncSetDeadline { DeadlineNs = deadline, Pad = pad }.Write(bytes);
        Assert.Equal(0, w.P.WriteMemory(w.Args, bytes));
        return w.P.Ioctl(fd, SyncFileIoctl.SYNC_IOC_SET_DEADLINE, w.Args);
    }

    [Fact]
    public void FileInfo_IdleBuffersSyncFile_OneSignaledStubNamedAsLinuxNamesItCutTo31Bytes()
    {
        var w = Setup();
        var fd = Export(w);
        var info = new SyncFileInfo();

        Assert.Equal(0, FileInfo(w, fd, ref info));

        Assert.Equal(1u, info.NumFences);
        Assert.Equal(1, info.Status);
        Assert.Equal("detached-driver-signaled-timeline0-0"[..31], info.Name);
    }

    [Fact]
    public void FileInfo_TwoCalls_CountThenEveryFenceWithItsStatus()
    {
        var w = Setup();
        var (fd, fences) = ExportPending(w, 2);
        var info = new SyncFileInfo();
        Assert.Equal(0, FileInfo(w, fd, ref info));
        Assert.Equal(2u, info.NumFences);
        Assert.Equal(0, info.Status);

        fences[1].SetError(-Errno.EIO);
        fences[1].Signal();
        info = new SyncFileInfo { NumFences = info.NumFences, SyncFenceInfoPtr = w.Args + InfoArray };
        Assert.Equal(0, FileInfo(w, fd, ref info));

        Assert.Equal(2u, info.NumFences);
        Assert.Equal(0, info.Status); // the first fence is still active: Linux keeps the first status that is not positive
        var first = FenceInfo(w, 0);
        var second = FenceInfo(w, 1);
        Assert.Equal(("dma_fence", "unbound", 0, 0UL), (first.DriverName, first.ObjName, first.Status, first.TimestampNs));
        Assert.Equal(("detached-driver", "signaled-timeline", -Errno.EIO), (second.DriverName, second.ObjName, second.Status));
        Assert.NotNull(fences[1].Timestamp);
        Assert.Equal(fences[1].Timestamp, second.TimestampNs);

        fences[0].Signal();
        info = new SyncFileInfo { NumFences = 2, SyncFenceInfoPtr = w.Args + InfoArray };
        Assert.Equal(0, FileInfo(w, fd, ref info));
        Assert.Equal(-Errno.EIO, info.Status);
        Assert.Equal(1, FenceInfo(w, 0).Status);
    }

    [Fact]
    public void FileInfo_RoomForFewerFencesThanItHolds_Einval()
    {
        var w = Setup();
        var (fd, _) = ExportPending(w, 3);
        var info = new SyncFileInfo { NumFences = 2, SyncFenceInfoPtr = w.Args + InfoArray };
        Assert.Equal(-Errno.EINVAL, FileInfo(w, fd, ref info));
    }

    [Theory]
    [InlineData(1u, 0u)]
    [InlineData(0u, 1u)]
    public void FileInfo_FlagsOrPad_Einval(uint flags, uint pad)
    {
        var w = Setup();
        var info = new SyncFileInfo { Flags = flags, Pad = pad };
        Assert.Equal(-Errno.EINVAL, FileInfo(w, Export(w), ref info));
    }

    [Fact]
    public void FileInfo_BadPointers_Efault()
    {
        var w = Setup();
        var fd = Export(w);
        Assert.Equal(-Errno.EFAULT, w.P.Ioctl(fd, SyncFileIoctl.SYNC_IOC_FILE_INFO, 0x10));
        var info = new SyncFileInfo { NumFences = 1, SyncFenceInfoPtr = 0x10 };
        Assert.Equal(-Errno.EFAULT, FileInfo(w, fd, ref info));
    }

    [Fact]
    public void Merge_TwoFiles_NewCloexecFileHoldingTheLatestFenceOfEachTimeline()
    {
        var w = Setup();
        var (a, fencesA) = ExportPending(w, 2);
        w.Buffer.Resv.Fini();
        var later = new DmaFence(fencesA[0].Context, 2);
        w.Buffer.Resv.AddFence(later, DmaResvUsage.Read);
        var b = Export(w);
        var files = w.P.Files.Count;

        Assert.Equal(0, Merge(w, a, new SyncMergeData { Name = "merged", Fd2 = b }, out var answer));

        Assert.Equal(files + 1, w.P.Files.Count);
        Assert.True(w.P.Files.IsCloseOnExec(answer.Fence));
        Assert.True(w.P.Files.TryGet<SyncFile>(answer.Fence, out _, out var merged));
        Assert.Equal("merged", merged.Name);
        var info = new SyncFileInfo { NumFences = 4, SyncFenceInfoPtr = w.Args + InfoArray };
        Assert.Equal(0, FileInfo(w, answer.Fence, ref info));
        Assert.Equal(2u, info.NumFences);
        Assert.Equal("merged", info.Name);
        var array = Assert.IsType<DmaFenceArray>(merged.Fence);
        Assert.Equal([later, fencesA[1]], array.Fences);
    }

    [Fact]
    public void Merge_EverythingSignaled_ASignaledPrivateStub()
    {
        var w = Setup();
        var (a, fences) = ExportPending(w, 1);
        fences[0].Signal();

        Assert.Equal(0, Merge(w, a, new SyncMergeData { Fd2 = a }, out var answer));

        Assert.True(w.P.Files.TryGet<SyncFile>(answer.Fence, out _, out var merged));
        Assert.True(merged.Fence.IsSignaled);
        Assert.Equal(fences[0].Timestamp, merged.Fence.Timestamp);
    }

    [Fact]
    public void Merge_Fd2NotASyncFile_EnoentAndNoFdLeft()
    {
        var w = Setup();
        var a = Export(w);
        var files = w.P.Files.Count;

        Assert.Equal(-Errno.ENOENT, Merge(w, a, new SyncMergeData { Fd2 = w.Buf }, out _));
        Assert.Equal(-Errno.ENOENT, Merge(w, a, new SyncMergeData { Fd2 = 63 }, out _));

        Assert.Equal(files, w.P.Files.Count);
        Assert.Equal(0, w.P.Files.ReservedCount);
    }

    [Theory]
    [InlineData(1u, 0u)]
    [InlineData(0u, 1u)]
    public void Merge_FlagsOrPad_EinvalAndNoFdLeft(uint flags, uint pad)
    {
        var w = Setup();
        var a = Export(w);
        var files = w.P.Files.Count;
        Assert.Equal(-Errno.EINVAL, Merge(w, a, new SyncMergeData { Fd2 = a, Flags = flags, Pad = pad }, out _));
        Assert.Equal(files, w.P.Files.Count);
        Assert.Equal(0, w.P.Files.ReservedCount);
    }

    [Fact]
    public void Merge_ArgumentUnreadable_EfaultAndNothingLeaked()
    {
        var w = Setup();
        var a = Export(w);
        var before = w.Kernel.Snapshot();
        Assert.Equal(-Errno.EFAULT, w.P.Ioctl(a, SyncFileIoctl.SYNC_IOC_MERGE, 0x10));
        Assert.Equal(before, w.Kernel.Snapshot());
        Assert.Equal(0, w.P.Files.ReservedCount);
    }

    [Fact]
    public void SetDeadline_OnAMergedFile_ReachesEveryPendingFenceAndKeepsTheEarliest()
    {
        var w = Setup();
        var (fd, fences) = ExportPending(w, 2);

        Assert.Equal(0, SetDeadline(w, fd, 5_000));
        Assert.Equal(0, SetDeadline(w, fd, 9_000));

        Assert.All(fences, f => Assert.Equal(5_000UL, f.Deadline));
    }

    [Fact]
    public void SetDeadline_PadOrBadPointer_EinvalOrEfault()
    {
        var w = Setup();
        var fd = Export(w);
        Assert.Equal(-Errno.EINVAL, SetDeadline(w, fd, 1, pad: 1));
        Assert.Equal(-Errno.EFAULT, w.P.Ioctl(fd, SyncFileIoctl.SYNC_IOC_SET_DEADLINE, 0x10));
    }

    [Theory]
    [InlineData(0x40103e04u)] // the number of the first report: _IOW('>', 4, 16 bytes), not SYNC_IOC_FILE_INFO
    [InlineData(0xC0303E00u)] // opcodes 0 to 2 were burned
    [InlineData(0xC0383E03u)] // MERGE's number with FILE_INFO's size
    [InlineData(0u)]
    public void Ioctl_UnknownNumber_EnottyAndNoFinding(uint request)
    {
        var w = Setup();
        Assert.Equal(-Errno.ENOTTY, w.P.Ioctl(Export(w), request, w.Args));
        Assert.True(w.Kernel.NotModelled.IsEmpty);
    }
}
