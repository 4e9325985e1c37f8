using System.Buffers.Binary;
using Protmem.Kernel.Core;
using Protmem.Kernel.Tests.Gpu.Panthor;
using Protmem.Uapi;
using Protmem.Uapi.DmaBuf;
using Protmem.Uapi.Drm;
using Protmem.Userspace;
using Protmem.Userspace.Gpu;

namespace Protmem.Kernel.Tests.Gpu.Drm;

/// <summary>
/// DRM sync objects on panthor's render node (and their absence on vgem): the ioctls' errno values, wait and
/// signal semantics in simulated time, fd round trips, sync_file import and export, and panthor's sync operations.
/// </summary>
public sealed class DrmSyncobjTests
{
    private const ulong StreamVa = 0x10000;
    private const ulong DataVa = 0x100000;
    private const ulong Marker = 0x77;

    /// <summary>Simulated time an ioctl itself costs (copying its argument) on top of the wait.</summary>
    private const ulong SyscallSlackNs = 1_000;

    [Fact]
    public void GetCap_Panthor_SyncobjOneTimelineZero()
    {
        var kernel = PanthorTestMachine.Boot();
        using var p = kernel.Spawn("gpu");
        using var gpu = PanthorClient.Open(p);
        using var args = UserBuffer.Map(p, 4096);
        Assert.Equal(1, gpu.SyncobjCapability());
        var cap = new DrmGetCap { Capability = DrmIoctl.DRM_CAP_SYNCOBJ_TIMELINE, Value = 5 };
        Assert.Equal(0, args.Ioctl(gpu.Fd, DrmIoctl.DRM_IOCTL_GET_CAP, ref cap));
        Assert.Equal(0UL, cap.Value);
        var query = new DrmSyncobjArray();
        Assert.Equal(-Errno.EOPNOTSUPP, args.Ioctl(gpu.Fd, DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_QUERY, ref query));
    }

    [Fact]
    public void SyncobjIoctls_DriverWithoutSyncobj_EopnotsuppAndCapZero()
    {
        var kernel = TestMachine.Boot();
        using var p = kernel.Spawn("app");
        using var args = UserBuffer.Map(p, 4096);
        var fd = p.Open("/dev/dri/renderD128", Fcntl.O_RDWR);
        var cap = new DrmGetCap { Capability = DrmIoctl.DRM_CAP_SYNCOBJ, Value = 9 };
        Assert.Equal(0, args.Ioctl(fd, DrmIoctl.DRM_IOCTL_GET_CAP, ref cap));
        Assert.Equal(0UL, cap.Value);
        var create = new DrmSyncobjCreate();
        Assert.Equal(-Errno.EOPNOTSUPP, args.Ioctl(fd, DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_CREATE, ref create));
        var wait = new DrmSyncobjWait();
        Assert.Equal(-Errno.EOPNOTSUPP, args.Ioctl(fd, DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_WAIT, ref wait));
    }

    [Fact]
    public void CreateDestroy_BadFlagsPadOrHandle_Einval()
    {
        var (kernel, gpu) = Open();
        Assert.Equal(-Errno.EINVAL, gpu.TryCreateSyncobj(2, out _));
        var a = gpu.CreateSyncobj();
        var b = gpu.CreateSyncobj(signaled: true);
        Assert.Equal((1U, 2U), (a, b));
        Assert.Equal(-Errno.EINVAL, gpu.TryDestroySyncobj(9));
        Assert.Equal(0, gpu.TryDestroySyncobj(a));
        Assert.Equal(-Errno.EINVAL, gpu.TryDestroySyncobj(a));
        Assert.Equal(1U, gpu.CreateSyncobj());
        kernel.AssertInvariants();
    }

    [Fact]
    public void Wait_SignaledEmptyAndUnknown_ZeroEinvalEnoentEtime()
    {
        var (kernel, gpu) = Open();
        var signaled = gpu.CreateSyncobj(signaled: true);
        var empty = gpu.CreateSyncobj();
        Assert.Equal(0, gpu.TryWaitSyncobjs([signaled], 0, 0, out var first));
        Assert.Equal(0U, first);
        Assert.Equal(-Errno.EINVAL, gpu.TryWaitSyncobjs([empty], 0, 0, out _));
        Assert.Equal(-Errno.ENOENT, gpu.TryWaitSyncobjs([signaled, 40], 0, 0, out _));
        Assert.Equal(-Errno.EINVAL, gpu.TryWaitSyncobjs([signaled], 0, DrmSyncobjIoctl.DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE, out _));
        Assert.Equal(0, gpu.TryWaitSyncobjs([], 0, 0, out _));

        // WAIT_FOR_SUBMIT on an empty syncobj: nothing can submit, the deadline passes in simulated time.
        var clock = kernel.Hardware.Clock;
        var deadline = clock.Now + 2_000_000;
        Assert.Equal(-Errno.ETIME, gpu.TryWaitSyncobjs([empty], (long)deadline, DrmSyncobjIoctl.DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, out _));
        Assert.InRange(clock.Now, deadline, deadline + SyscallSlackNs);
        var after = clock.Now;
        Assert.Equal(-Errno.ETIME, gpu.TryWaitSyncobjs([empty], long.MaxValue, DrmSyncobjIoctl.DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT, out _));
        Assert.InRange(clock.Now, after, after + SyscallSlackNs);
    }

    [Fact]
    public void Wait_JobSignalObject_TimesOutAtTheDeadlineThenReturnsWhenTheJobEnds()
    {
        var (kernel, gpu) = Open();
        var (group, data, stream) = Setup(gpu);
        var done = gpu.CreateSyncobj();
        gpu.Write(stream, new PanthorCsBuilder().Wait(1000).Mov48(2, DataVa).Mov48(3, Marker).Store64(2, 3).ToArray());
        Assert.Equal(0, gpu.TrySubmit(group, StreamVa, 40, PanthorClient.SignalTo(done)));
        var clock = kernel.Hardware.Clock;
        var deadline = clock.Now + 100_000;
        Assert.Equal(-Errno.ETIME, gpu.TryWaitSyncobjs([done], (long)deadline, 0, out _));
        Assert.InRange(clock.Now, deadline, deadline + SyscallSlackNs);
        Assert.Equal(0, gpu.TryWaitSyncobjs([done], long.MaxValue, 0, out _));
        Assert.Equal(Marker, ReadWord(gpu, data));
        Assert.True(clock.Now >= deadline + 900_000);
        kernel.AssertInvariants();
    }

    [Fact]
    public void Wait_AnyOrAll_AnyReturnsTheSignaledIndexAtOnceAllWaitsForTheJob()
    {
        var (kernel, gpu) = Open();
        var (group, _, stream) = Setup(gpu);
        var pending = gpu.CreateSyncobj();
        var ready = gpu.CreateSyncobj(signaled: true);
        gpu.Write(stream, new PanthorCsBuilder().Wait(500).ToArray());
        Assert.Equal(0, gpu.TrySubmit(group, StreamVa, 8, PanthorClient.SignalTo(pending)));
        var clock = kernel.Hardware.Clock;
        var start = clock.Now;
        Assert.Equal(0, gpu.TryWaitSyncobjs([pending, ready], long.MaxValue, 0, out var first));
        Assert.Equal(1U, first);
        Assert.InRange(clock.Now, start, start + SyscallSlackNs);
        Assert.Equal(-Errno.ETIME, gpu.TryWaitSyncobjs([pending], 0, 0, out _));
        Assert.Equal(0, gpu.TryWaitSyncobjs([pending, ready], long.MaxValue, DrmSyncobjIoctl.DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, out first));
        Assert.Equal(0U, first);
        Assert.True(clock.Now >= start + 500_000);
        kernel.AssertInvariants();
    }

    [Fact]
    public void ResetSignal_Objects_EmptyThenSignaledAndBadArraysRefused()
    {
        var (_, gpu) = Open();
        var a = gpu.CreateSyncobj(signaled: true);
        var b = gpu.CreateSyncobj();
        Assert.Equal(0, gpu.TryResetSyncobjs(a));
        Assert.Equal(-Errno.EINVAL, gpu.TryWaitSyncobjs([a], 0, 0, out _));
        Assert.Equal(0, gpu.TrySignalSyncobjs(a, b));
        Assert.Equal(0, gpu.TryWaitSyncobjs([a, b], 0, DrmSyncobjIoctl.DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, out _));
        Assert.Equal(-Errno.EINVAL, gpu.TryResetSyncobjs());
        Assert.Equal(-Errno.EINVAL, gpu.TrySignalSyncobjs());
        Assert.Equal(-Errno.ENOENT, gpu.TrySignalSyncobjs(a, 30));
    }

    [Fact]
    public void HandleToFd_RoundTripIntoAnotherFile_SameObjectOutlivesItsFirstFile()
    {
        var (kernel, gpu) = Open();
        var p = kernel.Processes.Single(x => x.Name == "gpu");
        using var other = PanthorClient.Open(p);
        var obj = gpu.CreateSyncobj();
        Assert.Equal(-Errno.EINVAL, gpu.TrySyncobjToFd(50, false, out _));
        Assert.Equal(0, gpu.TrySyncobjToFd(obj, false, out var fd));
        Assert.True(p.Files.IsCloseOnExec(fd));
        Assert.Equal(-Errno.EINVAL, other.TryFdToSyncobj(gpu.Fd, out _));
        Assert.Equal(-Errno.EINVAL, other.TryFdToSyncobj(999, out _));
        Assert.Equal(0, other.TryFdToSyncobj(fd, out var imported));
        Assert.Equal(0, gpu.TrySignalSyncobjs(obj));
        Assert.Equal(0, other.TryWaitSyncobjs([imported], 0, 0, out _));
        Assert.Equal(0, other.TryResetSyncobjs(imported));
        Assert.Equal(-Errno.EINVAL, gpu.TryWaitSyncobjs([obj], 0, 0, out _));

        gpu.Dispose();
        Assert.Equal(0, p.Close(fd));
        Assert.Equal(0, other.TrySignalSyncobjs(imported));
        Assert.Equal(0, other.TryWaitSyncobjs([imported], 0, 0, out _));
        kernel.AssertInvariants();
    }

    [Fact]
    public void SyncFile_ExportThenImport_CarriesTheJobFenceBothWays()
    {
        var (kernel, gpu) = Open();
        var p = kernel.Processes.Single(x => x.Name == "gpu");
        var (group, data, stream) = Setup(gpu);
        var done = gpu.CreateSyncobj();
        var empty = gpu.CreateSyncobj();
        Assert.Equal(-Errno.EINVAL, gpu.TrySyncobjToFd(empty, true, out _));
        Assert.Equal(-Errno.ENOENT, gpu.TrySyncobjToFd(70, true, out _));
        gpu.Write(stream, new PanthorCsBuilder().Wait(200).Mov48(2, DataVa).Mov48(3, Marker).Store64(2, 3).ToArray());
        Assert.Equal(0, gpu.TrySubmit(group, StreamVa, 40, PanthorClient.SignalTo(done)));
        Assert.Equal(0, gpu.TrySyncobjToFd(done, true, out var syncFile));
        Assert.Equal(0, FileStatus(p, syncFile));

        Assert.Equal(-Errno.EINVAL, gpu.TryImportSyncFile(empty, gpu.Fd));
        Assert.Equal(-Errno.ENOENT, gpu.TryImportSyncFile(80, syncFile));
        Assert.Equal(0, gpu.TryImportSyncFile(empty, syncFile));
        Assert.Equal(0, gpu.TryWaitSyncobjs([empty], long.MaxValue, 0, out _));
        Assert.Equal(Marker, ReadWord(gpu, data));
        Assert.Equal(1, FileStatus(p, syncFile));
        kernel.AssertInvariants();
    }

    [Fact]
    public void Submit_KilledGroup_WaiterSeesTheSignalAndTheSyncFileSaysEio()
    {
        var (kernel, gpu) = Open();
        var p = kernel.Processes.Single(x => x.Name == "gpu");
        var (group, _, stream) = Setup(gpu);
        var done = gpu.CreateSyncobj();

        // A store to an address no VM_BIND mapped: the GPU's page tables fault and the group is killed.
        gpu.Write(stream, new PanthorCsBuilder().Mov48(2, 0x7000_0000).Mov48(3, Marker).Store64(2, 3).ToArray());
        Assert.Equal(0, gpu.TrySubmit(group, StreamVa, 24, PanthorClient.SignalTo(done)));
        Assert.Equal(0, gpu.TryWaitSyncobjs([done], long.MaxValue, 0, out _));
        Assert.Equal(0, gpu.TrySyncobjToFd(done, true, out var syncFile));
        Assert.Equal(-Errno.EIO, FileStatus(p, syncFile));
        Assert.Equal(PanthorIoctl.DRM_PANTHOR_GROUP_STATE_FATAL_FAULT, gpu.GroupState(group).State);
        kernel.AssertInvariants();
    }

    [Theory]
    [InlineData(true, Marker)]
    [InlineData(false, 0UL)]
    public void Submit_WaitOperation_HigherPriorityJobWaitsForALaterQueuedOne(bool wait, ulong expected)
    {
        var (kernel, gpu) = Open(root: true);
        var (low, data, stream) = Setup(gpu, out var vm);
        Assert.Equal(0, gpu.TryCreateGroup(vm, (byte)PanthorIoctl.PANTHOR_GROUP_PRIORITY_HIGH, 0, out var high));

        // A keeps the GPU 300 us; C, queued behind it in the low group, writes the marker; B, in the high group,
        // copies the marker 8 bytes on. Without B's WAIT on C, the scheduler runs B before C.
        gpu.Write(stream, new PanthorCsBuilder().Mov48(2, DataVa).Mov48(3, Marker).Store64(2, 3).ToArray());
        gpu.Write(stream + 64, new PanthorCsBuilder().Mov48(0, DataVa + 8).Mov48(1, DataVa).Copy(0, 1, 8).ToArray());
        gpu.Write(stream + 128, new PanthorCsBuilder().Wait(300).ToArray());
        var c = gpu.CreateSyncobj();
        var b = gpu.CreateSyncobj();
        Assert.Equal(0, gpu.TrySubmit(low, StreamVa + 128, 8));
        Assert.Equal(0, gpu.TrySubmit(low, StreamVa, 24, PanthorClient.SignalTo(c)));
        Assert.Equal(0, wait
            ? gpu.TrySubmit(high, StreamVa + 64, 24, PanthorClient.WaitOn(c), PanthorClient.SignalTo(b))
            : gpu.TrySubmit(high, StreamVa + 64, 24, PanthorClient.SignalTo(b)));
        Assert.Equal(0, gpu.TryWaitSyncobjs([b, c], long.MaxValue, DrmSyncobjIoctl.DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, out _));
        Assert.Equal(Marker, ReadWord(gpu, data));
        Assert.Equal(expected, ReadWord(gpu, data + 8));
        kernel.AssertInvariants();
    }

    [Fact]
    public void Submit_JobWaitingOnADependencyInADestroyedGroup_ItsSyncobjSaysEcanceled()
    {
        var (kernel, gpu) = Open();
        var (first, _, stream) = Setup(gpu, out var vm);
        Assert.Equal(0, gpu.TryCreateGroup(vm, 0, 0, out var second));
        gpu.Write(stream, new PanthorCsBuilder().Wait(300).ToArray());
        var a = gpu.CreateSyncobj();
        var b = gpu.CreateSyncobj();
        Assert.Equal(0, gpu.TrySubmit(first, StreamVa, 8, PanthorClient.SignalTo(a)));
        Assert.Equal(0, gpu.TrySubmit(second, StreamVa, 8, PanthorClient.WaitOn(a), PanthorClient.SignalTo(b)));
        Assert.Equal(0, gpu.FenceStatus(b));

        var destroy = new DrmPanthorGroupDestroy { GroupHandle = second };
        using var args = UserBuffer.Map(kernel.Processes.Single(x => x.Name == "gpu"), 4096);
        Assert.Equal(0, args.Ioctl(gpu.Fd, PanthorIoctl.DRM_IOCTL_PANTHOR_GROUP_DESTROY, ref destroy));
        Assert.Equal(-Errno.ECANCELED, gpu.FenceStatus(b));
        Assert.Equal(0, gpu.TryWaitSyncobjs([a], long.MaxValue, 0, out _));
        Assert.Equal(1, gpu.FenceStatus(a));
        kernel.AssertInvariants();
    }

    [Fact]
    public void Submit_BadSyncOperations_EinvalOrEnoentAndNothingQueued()
    {
        var (kernel, gpu) = Open();
        var (group, _, _) = Setup(gpu);
        var empty = gpu.CreateSyncobj();
        var ok = gpu.CreateSyncobj(signaled: true);
        Assert.Equal(-Errno.EINVAL, gpu.TrySubmit(group, StreamVa, 8, PanthorClient.WaitOn(empty)));
        Assert.Equal(-Errno.ENOENT, gpu.TrySubmit(group, StreamVa, 8, PanthorClient.WaitOn(33)));
        Assert.Equal(-Errno.EINVAL, gpu.TrySubmit(group, StreamVa, 8, PanthorClient.SignalTo(33)));
        Assert.Equal(-Errno.EINVAL, gpu.TrySubmit(group, StreamVa, 8, PanthorClient.WaitOn(ok) with { Flags = 0x100 }));
        Assert.Equal(-Errno.EINVAL, gpu.TrySubmit(group, StreamVa, 8, PanthorClient.WaitOn(ok) with { Flags = 7 }));
        Assert.Equal(-Errno.EINVAL, gpu.TrySubmit(group, StreamVa, 8, PanthorClient.WaitOn(ok) with { TimelineValue = 3 }));
        Assert.Equal(-Errno.EINVAL, gpu.TrySubmit(group, StreamVa, 8, PanthorClient.WaitOn(ok) with { Flags = PanthorIoctl.DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ }));
        Assert.Contains(kernel.NotModelled.Findings, f => f.What.Contains("timeline syncobj", StringComparison.Ordinal));
        Assert.Equal(0L, kernel.Gpu().Stats.Submitted);
    }

    private static (KernelContext Kernel, PanthorClient Gpu) Open(bool root = false)
    {
        var kernel = PanthorTestMachine.Boot();
        var p = kernel.Spawn("gpu", root ? Credentials.Root : Credentials.DefaultUser);
        return (kernel, PanthorClient.Open(p));
    }

    private static (uint Group, ulong Data, ulong Stream) Setup(PanthorClient gpu) => Setup(gpu, out _);

    private static (uint Group, ulong Data, ulong Stream) Setup(PanthorClient gpu, out uint vm)
    {
        vm = gpu.CreateVm();
        var (stream, streamSize) = gpu.CreateBo(4096);
        Assert.Equal(0, gpu.TryBind(vm, stream, StreamVa, streamSize));
        var (data, dataSize) = gpu.CreateBo(4096);
        Assert.Equal(0, gpu.TryBind(vm, data, DataVa, dataSize));
        Assert.Equal(0, gpu.TryCreateGroup(vm, 0, 0, out var group));
        return (group, gpu.MapBo(data, dataSize), gpu.MapBo(stream, streamSize));
    }

    private static ulong ReadWord(PanthorClient gpu, ulong address)
    {
        var word = new byte[8];
        gpu.Read(address, word);
        return BinaryPrimitives.ReadUInt64LittleEndian(word);
    }

    /// <summary>SYNC_IOC_FILE_INFO's status of a sync_file: 0 pending, 1 signaled, or the fence's error.</summary>
    private static int FileStatus(UserProcess p, int fd)
    {
        using var args = UserBuffer.Map(p, 4096);
        var info = new SyncFileInfo();
        Assert.Equal(0, args.Ioctl(fd, SyncFileIoctl.SYNC_IOC_FILE_INFO, ref info));
        return info.Status;
    }
}
