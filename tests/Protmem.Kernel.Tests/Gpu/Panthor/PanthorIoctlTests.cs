using System.Buffers.Binary;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Gpu.Panthor;
using Protmem.Uapi;
using Protmem.Uapi.Drm;
using Protmem.Userspace;
using Protmem.Userspace.Gpu;

namespace Protmem.Kernel.Tests.Gpu.Panthor;

/// <summary>The panthor ioctls and scheduler on a board without protected memory: results, errno values and bytes.</summary>
public sealed class PanthorIoctlTests
{
    private const ulong StreamVa = 0x10000;
    private const ulong DataVa = 0x100000;

    [Fact]
    public void DevQuery_NullPointer_ReportsTheStructSize()
    {
        var kernel = PanthorTestMachine.Boot();
        using var p = kernel.Spawn("gpu");
        using var args = UserBuffer.Map(p, 4096);
        var fd = p.Open(kernel.RenderNode(), Fcntl.O_RDWR);
        var query = new DrmPanthorDevQuery { Type = PanthorIoctl.DRM_PANTHOR_DEV_QUERY_GPU_INFO };
        Assert.Equal(0, args.Ioctl(fd, PanthorIoctl.DRM_IOCTL_PANTHOR_DEV_QUERY, ref query));
        Assert.Equal((uint)DrmPanthorGpuInfo.Size, query.QuerySize);
        query = new DrmPanthorDevQuery { Type = 99 };
        Assert.Equal(-Errno.EINVAL, args.Ioctl(fd, PanthorIoctl.DRM_IOCTL_PANTHOR_DEV_QUERY, ref query));
    }

    [Fact]
    public void DevQuery_ProtectedInfoWithoutProtectedMemory_NoFeatures()
    {
        var kernel = PanthorTestMachine.Boot();
        using var gpu = PanthorClient.Open(kernel.Spawn("gpu"));
        Assert.Equal(0, gpu.QueryProtectedFeatures());
    }

    [Fact]
    public void BoCreate_BadArguments_EinvalAndNoMmapBoRefusesAnOffset()
    {
        var kernel = PanthorTestMachine.Boot();
        using var p = kernel.Spawn("gpu");
        using var args = UserBuffer.Map(p, 4096);
        var fd = p.Open(kernel.RenderNode(), Fcntl.O_RDWR);
        var bo = new DrmPanthorBoCreate { BoSize = 4096, Flags = 2 };
        Assert.Equal(-Errno.EINVAL, args.Ioctl(fd, PanthorIoctl.DRM_IOCTL_PANTHOR_BO_CREATE, ref bo));
        bo = new DrmPanthorBoCreate { BoSize = 0 };
        Assert.Equal(-Errno.EINVAL, args.Ioctl(fd, PanthorIoctl.DRM_IOCTL_PANTHOR_BO_CREATE, ref bo));
        bo = new DrmPanthorBoCreate { BoSize = 100, Flags = PanthorIoctl.DRM_PANTHOR_BO_NO_MMAP };
        Assert.Equal(0, args.Ioctl(fd, PanthorIoctl.DRM_IOCTL_PANTHOR_BO_CREATE, ref bo));
        Assert.Equal(4096UL, bo.BoSize);
        var offset = new DrmPanthorBoMmapOffset { Handle = bo.Handle };
        Assert.Equal(-Errno.EPERM, args.Ioctl(fd, PanthorIoctl.DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET, ref offset));
        offset = new DrmPanthorBoMmapOffset { Handle = 77 };
        Assert.Equal(-Errno.ENOENT, args.Ioctl(fd, PanthorIoctl.DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET, ref offset));
    }

    [Fact]
    public void VmBind_BadRanges_EinvalOrEnoent()
    {
        var kernel = PanthorTestMachine.Boot();
        using var gpu = PanthorClient.Open(kernel.Spawn("gpu"));
        var vm = gpu.CreateVm();
        var (bo, size) = gpu.CreateBo(8192);
        Assert.Equal(-Errno.EINVAL, gpu.TryBind(vm, bo, DataVa + 1, size));
        Assert.Equal(-Errno.EINVAL, gpu.TryBind(vm, bo, DataVa, size * 2));
        Assert.Equal(-Errno.ENOENT, gpu.TryBind(vm, 99, DataVa, size));
        Assert.Equal(-Errno.EINVAL, gpu.TryBind(vm + 1, bo, DataVa, size));
        Assert.Equal(0, gpu.TryBind(vm, bo, DataVa, size));
        Assert.Equal(-Errno.EINVAL, gpu.TryBind(vm, bo, DataVa + 4096, 4096));
    }

    [Fact]
    public void GroupCreate_FlagsPriorityAndProtected_TheProposedErrnos()
    {
        var kernel = PanthorTestMachine.Boot();
        using var gpu = PanthorClient.Open(kernel.Spawn("gpu"));
        var vm = gpu.CreateVm();
        Assert.Equal(-Errno.EINVAL, gpu.TryCreateGroup(vm, 0, 1U << 1, out _));
        Assert.Equal(-Errno.EINVAL, gpu.TryCreateGroup(vm, 0, PanthorIoctl.DRM_PANTHOR_GROUP_CREATE_PROTECTED, out _));
        Assert.Equal(-Errno.EPERM, gpu.TryCreateGroup(vm, (byte)PanthorIoctl.PANTHOR_GROUP_PRIORITY_HIGH, 0, out _));
        Assert.Equal(-Errno.EINVAL, gpu.TryCreateGroup(vm, 4, 0, out _));
        Assert.Equal(-Errno.EINVAL, gpu.TryCreateGroup(vm + 5, 0, 0, out _));
        Assert.Equal(0, gpu.TryCreateGroup(vm, 0, 0, out var group));
        Assert.NotEqual(0U, group);
    }

    [Fact]
    public void Submit_StreamFillsAndStores_BytesVisibleThroughTheMapping()
    {
        var kernel = PanthorTestMachine.Boot();
        using var gpu = PanthorClient.Open(kernel.Spawn("gpu"));
        var (_, group, data, stream) = Setup(gpu);
        var cs = new PanthorCsBuilder().Mov48(0, DataVa).Mov48(1, 0xab).Fill(0, 1, 64).Mov48(2, DataVa + 64).Mov48(3, 0x1122334455).Store64(2, 3)
            .Mov48(4, DataVa + 128).Load64(5, 2).Store64(4, 5);
        Assert.Equal(0, Submit(gpu, stream, cs, group));
        kernel.Hardware.Events.RunUntilEmpty();

        var bytes = new byte[136];
        gpu.Read(data, bytes);
        Assert.All(bytes[..64], b => Assert.Equal(0xab, b));
        Assert.Equal(0x1122334455UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(64)));
        Assert.Equal(0x1122334455UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(128)));
        Assert.Equal(0U, gpu.GroupState(group).State);
        Assert.Equal(1, kernel.Gpu().Stats.Completed);
        kernel.AssertInvariants();
    }

    [Fact]
    public void Submit_ProtRegionInANormalGroup_GroupKilledAndAnotherGroupRuns()
    {
        var kernel = PanthorTestMachine.Boot();
        using var gpu = PanthorClient.Open(kernel.Spawn("gpu"));
        var (vm, group, data, stream) = Setup(gpu);
        Assert.Equal(0, gpu.TryCreateGroup(vm, 0, 0, out var other));
        Assert.Equal(0, Submit(gpu, stream, new PanthorCsBuilder().ProtRegion(1).Nop(), group));
        kernel.Hardware.Events.RunUntilEmpty();
        Assert.Equal(0, gpu.TrySubmit(other, StreamVa + 64, 24));
        gpu.Write(data, new byte[8]);
        kernel.Hardware.Events.RunUntilEmpty();

        Assert.Equal(PanthorIoctl.DRM_PANTHOR_GROUP_STATE_FATAL_FAULT, gpu.GroupState(group).State);
        Assert.Equal(1U, gpu.GroupState(group).FatalQueues);
        Assert.Contains(kernel.Gpu().Events, e => e.Kind == PanthorEventKind.ProtmRefused);
        Assert.Equal(0, kernel.Gpu().Gpu.ProtmEntries);
        Assert.Equal(0U, gpu.GroupState(other).State);
        Assert.Equal(-Errno.ECANCELED, gpu.TrySubmit(group, StreamVa, 8));
    }

    [Fact]
    public void Submit_UnknownOpcodeOrUnmappedAddress_GroupKilledWithTheFault()
    {
        var kernel = PanthorTestMachine.Boot();
        using var gpu = PanthorClient.Open(kernel.Spawn("gpu"));
        var (_, group, _, stream) = Setup(gpu);
        Assert.Equal(0, Submit(gpu, stream, new PanthorCsBuilder().Mov48(0, 0x7000_0000).Mov48(1, 1).Store64(0, 1), group));
        kernel.Hardware.Events.RunUntilEmpty();
        Assert.Equal(PanthorIoctl.DRM_PANTHOR_GROUP_STATE_FATAL_FAULT, gpu.GroupState(group).State);
        Assert.Contains(kernel.Gpu().Events, e => e.Kind == PanthorEventKind.GroupFault && e.Detail.Contains("IommuFault", StringComparison.Ordinal));
        kernel.AssertInvariants();
    }

    [Fact]
    public void Submit_BadStreamOrSyncArray_Einval()
    {
        var kernel = PanthorTestMachine.Boot();
        using var p = kernel.Spawn("gpu");
        using var gpu = PanthorClient.Open(p);
        var (_, group, _, _) = Setup(gpu);
        Assert.Equal(-Errno.EINVAL, gpu.TrySubmit(group, StreamVa + 8, 8));
        Assert.Equal(-Errno.EINVAL, gpu.TrySubmit(group, StreamVa, 12));
        Assert.Equal(-Errno.EINVAL, gpu.TrySubmit(group, 0, 8));
        Assert.Equal(-Errno.EINVAL, gpu.TrySubmit(group + 9, StreamVa, 8));
        using var args = UserBuffer.Map(p, 4096);
        args.Put(1024, new DrmPanthorQueueSubmit { StreamAddr = StreamVa, StreamSize = 8, Syncs = DrmPanthorObjArray.Of(8, 1, args.AddressOf(2048)) });
        var submit = new DrmPanthorGroupSubmit { GroupHandle = group, QueueSubmits = DrmPanthorObjArray.Of(DrmPanthorQueueSubmit.Size, 1, args.AddressOf(1024)) };
        Assert.Equal(-Errno.EINVAL, args.Ioctl(gpu.Fd, PanthorIoctl.DRM_IOCTL_PANTHOR_GROUP_SUBMIT, ref submit));
        Assert.Equal(0L, kernel.Gpu().Stats.Submitted);
    }

    [Fact]
    public void Scheduler_HighPriorityGroup_RunsBeforeAnOlderLowPriorityJob()
    {
        var kernel = PanthorTestMachine.Boot();
        using var gpu = PanthorClient.Open(kernel.Spawn("gpu", Credentials.Root));
        var (vm, low, _, stream) = Setup(gpu);
        Assert.Equal(0, gpu.TryCreateGroup(vm, (byte)PanthorIoctl.PANTHOR_GROUP_PRIORITY_HIGH, 0, out var high));
        Assert.Equal(0, Submit(gpu, stream, new PanthorCsBuilder().Wait(100), low));
        Assert.Equal(0, gpu.TrySubmit(low, StreamVa, 8));
        Assert.Equal(0, gpu.TrySubmit(high, StreamVa, 8));
        var device = kernel.Gpu();
        Assert.Equal((byte)PanthorIoctl.PANTHOR_GROUP_PRIORITY_LOW, device.Current!.Group.Priority);
        kernel.Hardware.Events.RunNext();
        Assert.Equal((byte)PanthorIoctl.PANTHOR_GROUP_PRIORITY_HIGH, device.Current!.Group.Priority);
        kernel.Hardware.Events.RunUntilEmpty();
        Assert.Equal(3, device.Stats.Completed);
    }

    [Fact]
    public void Probe_NamedHeapNotRegistered_DeferredWithNoRenderNode()
    {
        var kernel = PanthorTestMachine.Boot(heapName: "protected,secure-video");
        Assert.DoesNotContain(kernel.DrmDevices, d => d.Driver is PanthorDriver);
        Assert.Contains(kernel.Drivers.Deferred, d => d.Name == "gpu");
    }

    [Fact]
    public void EnableFwProtMode_UnderTheHeapDesign_Einval()
    {
        var kernel = PanthorTestMachine.Boot();
        using var gpu = PanthorClient.Open(kernel.Spawn("gpu", Credentials.Root));
        var (bo, _) = gpu.CreateBo(128 * 1024);
        Assert.Equal(-Errno.EINVAL, gpu.TryEnableFwProtMode(bo));
    }

    [Fact]
    public void EnableFwProtMode_ShmemBoAsRoot_EinvalFromTheImporterCheck()
    {
        var kernel = PanthorTestMachine.Boot(design: "enable-fw-prot-mode");
        using var gpu = PanthorClient.Open(kernel.Spawn("gpu", Credentials.Root));
        var (bo, _) = gpu.CreateBo(128 * 1024);
        Assert.Equal(-Errno.EINVAL, gpu.TryEnableFwProtMode(bo));
        Assert.Equal(-Errno.ENOENT, gpu.TryEnableFwProtMode(bo + 7));
        Assert.Equal(0, gpu.QueryProtectedFeatures());
    }

    private static (uint Vm, uint Group, ulong Data, ulong Stream) Setup(PanthorClient gpu)
    {
        var vm = gpu.CreateVm();
        var (stream, streamSize) = gpu.CreateBo(4096);
        Assert.Equal(0, gpu.TryBind(vm, stream, StreamVa, streamSize));
        var streamMap = gpu.MapBo(stream, streamSize);
        var (data, dataSize) = gpu.CreateBo(4096);
        Assert.Equal(0, gpu.TryBind(vm, data, DataVa, dataSize));
        Assert.Equal(0, gpu.TryCreateGroup(vm, 0, 0, out var group));
        var map = gpu.MapBo(data, dataSize);
        var marker = new PanthorCsBuilder().Mov48(2, DataVa).Mov48(3, 7).Store64(2, 3).ToArray();
        gpu.Write(streamMap + 64, marker);
        return (vm, group, map, streamMap);
    }

    private static int Submit(PanthorClient gpu, ulong streamMap, PanthorCsBuilder cs, uint group)
    {
        gpu.Write(streamMap, cs.ToArray());
        return gpu.TrySubmit(group, StreamVa, cs.ByteCount);
    }
}
