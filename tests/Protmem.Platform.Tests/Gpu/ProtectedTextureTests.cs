using Protmem.Kernel.Core;
using Protmem.Kernel.Gpu.Panthor;
using Protmem.Uapi;
using Protmem.Uapi.Drm;
using Protmem.Userspace.Gpu;

namespace Protmem.Platform.Tests.Gpu;

/// <summary>The protected-texture flow and its negative cases on rk3588 under each firmware-memory design, with the whole-machine check after each.</summary>
public sealed class ProtectedTextureTests
{
    private const string Heap = "protected,secure-video";

    [Fact]
    public void Flow_ProtectedHeapDesign_RegionRunsAndTheTargetHoldsTheTexture()
    {
        using var machine = Machine.Boot(GpuBoards.Rk3588(PanthorFwMemory.ProtectedHeap), new MachineOptions { Seed = 1 });
        var result = ProtectedTextureFlow.Run(machine.Spawn("texture"), Heap, ProtectedTextureCase.Flow, enableFwProtMode: false);

        Assert.Equal(PanthorIoctl.DRM_PANTHOR_PROTECTED_FEATURE_BASIC, (uint)result.ProtectedFeatures);
        Assert.True(result.Completed);
        Assert.Equal(1, result.FenceStatus);
        Assert.Equal(0U, result.GroupState);
        Assert.True(result.BystanderCompleted);
        var gpu = machine.Gpu!;
        Assert.Equal(1, gpu.Gpu.ProtmEntries);
        Assert.Equal(1, gpu.Gpu.ProtmExits);
        Assert.NotNull(gpu.Stats.FirstProtectedJobAt);
        Assert.Equal(PanthorDevice.FwProtectedSize + PanthorDevice.ProtmSuspendSize, gpu.ProtectedBytesHeld);
        var target = gpu.Clients.SelectMany(c => c.Vms.Values).SelectMany(v => v.Mappings).Single(m => m.Va.Value == ProtectedTextureFlow.TargetVa).Bo;
        Assert.NotNull(target.ImportAttach?.Buffer.Protection);
        var bytes = new byte[ProtectedTextureFlow.TextureSize];
        machine.Soc.Memory.Read(target.Backing[0].Start, bytes.AsSpan(0, (int)Math.Min((ulong)bytes.Length, target.Backing[0].Length)));
        Assert.All(bytes, b => Assert.Equal(ProtectedTextureFlow.TexturePattern, b));
        Assert.DoesNotContain(machine.Soc.Oracle.ReachableBy(machine.Soc.Cpu.Master, Hardware.SecurityState.NonSecure, Hardware.AccessDirection.Read), r => r.Overlaps(target.Backing[0]));
        machine.CheckInvariants();
        Assert.True(machine.CheckSafety().Passed);
        Assert.Equal(0, machine.MonitorFindingCount);
    }

    [Fact]
    public void Probe_ProtectedHeapDesign_DefersUntilTheTeeRegistersTheHeap()
    {
        using var machine = Machine.Boot(GpuBoards.Rk3588(PanthorFwMemory.ProtectedHeap), new MachineOptions { Seed = 1 });
        Assert.NotNull(machine.Gpu);
        Assert.False(machine.GpuProbeDeferred);
        Assert.True(machine.Gpu!.Gpu.FirmwareHasProtectedSections);
    }

    [Fact]
    public void Flow_ProtectedBufferInNormalGroup_FirewallRefusesAndTheGroupIsKilled()
    {
        using var machine = Machine.Boot(GpuBoards.Rk3588(PanthorFwMemory.ProtectedHeap), new MachineOptions { Seed = 1 });
        var result = ProtectedTextureFlow.Run(machine.Spawn("texture"), Heap, ProtectedTextureCase.ProtectedBufferInNormalGroup, enableFwProtMode: false);

        Assert.False(result.Completed);
        Assert.Equal(-Errno.EIO, result.FenceStatus);
        Assert.Equal(PanthorIoctl.DRM_PANTHOR_GROUP_STATE_FATAL_FAULT, result.GroupState);
        Assert.Contains(machine.Gpu!.Events, e => e.Kind == PanthorEventKind.GroupFault && e.Detail.Contains("FirewallDenied", StringComparison.Ordinal));
        Assert.Equal(0, machine.Gpu.Gpu.ProtmEntries);
        machine.CheckInvariants();
        Assert.True(machine.CheckSafety().Passed);
        Assert.Equal(0, machine.MonitorFindingCount);
    }

    [Fact]
    public void Flow_UnprotectedTargetInProtectedGroup_ProtmFaultResetsTheGpuAndTheBystanderCompletes()
    {
        using var machine = Machine.Boot(GpuBoards.Rk3588(PanthorFwMemory.ProtectedHeap), new MachineOptions { Seed = 1 });
        var result = ProtectedTextureFlow.Run(machine.Spawn("texture"), Heap, ProtectedTextureCase.UnprotectedTargetInProtectedGroup, enableFwProtMode: false);

        Assert.False(result.Completed);
        Assert.Equal(-Errno.EIO, result.FenceStatus);
        Assert.Equal(PanthorIoctl.DRM_PANTHOR_GROUP_STATE_FATAL_FAULT, result.GroupState);
        Assert.True(result.BystanderCompleted);
        var events = machine.Gpu!.Events;
        Assert.Contains(events, e => e.Kind == PanthorEventKind.ProtmFault && e.Detail.Contains("write to unprotected memory", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == PanthorEventKind.GpuReset);
        Assert.False(machine.Gpu.Gpu.InProtectedMode);
        machine.CheckInvariants();
        Assert.True(machine.CheckSafety().Passed);
        Assert.Equal(0, machine.MonitorFindingCount);
    }

    [Fact]
    public void Flow_EnableFwProtModeDesign_ProtectedGroupsRunAfterTheFirmwareReset()
    {
        using var machine = Machine.Boot(GpuBoards.Rk3588(PanthorFwMemory.EnableFwProtMode), new MachineOptions { Seed = 1 });
        Assert.False(machine.Gpu!.ProtectedSupported);
        var result = ProtectedTextureFlow.Run(machine.Spawn("texture", Credentials.Root), Heap, ProtectedTextureCase.Flow, enableFwProtMode: true);

        Assert.Equal(0, result.EnableResult);
        Assert.True(result.Completed);
        var reset = Assert.Single(machine.Gpu.Events, e => e.Kind == PanthorEventKind.FirmwareReset);
        Assert.True(reset.DelayNs >= Hardware.Devices.MaliCsfGpu.FirmwareBootNs);
        machine.CheckInvariants();
        Assert.True(machine.CheckSafety().Passed);
        Assert.Equal(0, machine.MonitorFindingCount);
    }

    [Fact]
    public void Flow_EnableFwProtModeAsUser_Eperm()
    {
        using var machine = Machine.Boot(GpuBoards.Rk3588(PanthorFwMemory.EnableFwProtMode), new MachineOptions { Seed = 1 });
        var result = ProtectedTextureFlow.Run(machine.Spawn("texture"), Heap, ProtectedTextureCase.EnableFwProtModeAsUser, enableFwProtMode: true);

        Assert.Equal(-Errno.EPERM, result.EnableResult);
        Assert.Equal(0, result.ProtectedFeatures);
        machine.CheckInvariants();
    }

    [Fact]
    public void Flow_EnableFwProtModeWithSystemHeap_EinvalFromTheImporterCheck()
    {
        using var machine = Machine.Boot(GpuBoards.Rk3588(PanthorFwMemory.EnableFwProtMode), new MachineOptions { Seed = 1 });
        var result = ProtectedTextureFlow.Run(machine.Spawn("texture", Credentials.Root), Heap, ProtectedTextureCase.EnableFwProtModeWithSystemHeap, enableFwProtMode: true);

        Assert.Equal(-Errno.EINVAL, result.EnableResult);
        Assert.Empty(machine.Gpu!.Events);
        machine.CheckInvariants();
    }

    [Fact]
    public void Flow_EnableFwProtModeWithSystemHeapAndCheckOff_PlatformHangIsAFatalReportedEvent()
    {
        using var machine = Machine.Boot(GpuBoards.Rk3588(PanthorFwMemory.EnableFwProtMode, check: false), new MachineOptions { Seed = 1 });
        var result = ProtectedTextureFlow.Run(machine.Spawn("texture", Credentials.Root), Heap, ProtectedTextureCase.EnableFwProtModeWithSystemHeap, enableFwProtMode: true);

        Assert.Equal(0, result.EnableResult);
        Assert.False(result.Completed);
        Assert.Equal(-Errno.EIO, result.FenceStatus);
        Assert.Equal(PanthorIoctl.DRM_PANTHOR_GROUP_STATE_TIMEDOUT, result.GroupState);
        var hang = Assert.Single(machine.Gpu!.Events, e => e.IsFatal);
        Assert.Equal(PanthorEventKind.PlatformHang, hang.Kind);
        Assert.True(machine.Gpu.IsLost);
        Assert.True(machine.Gpu.Gpu.IsHung);
    }

    [Fact]
    public void Flow_ReservedMemoryDesignOnTheShippedBoard_FirmwareInTheFirewalledCarveoutAndTheTargetHoldsTheTexture()
    {
        using var machine = Machine.Boot("rk3588-gpu-carveout", new MachineOptions { Seed = 1 });
        var gpu = machine.Gpu!;
        Assert.Equal(PanthorFwMemory.ReservedMemory, gpu.FwMemory);
        Assert.True(gpu.ProtectedSupported);
        var result = ProtectedTextureFlow.Run(machine.Spawn("texture"), Heap, ProtectedTextureCase.Flow, enableFwProtMode: false);

        Assert.True(result.Completed);
        Assert.Equal(1, result.FenceStatus);
        Assert.True(result.BystanderCompleted);
        Assert.Equal(1, gpu.Gpu.ProtmEntries);
        Assert.Equal(PanthorDevice.FwProtectedSize + PanthorDevice.ProtmSuspendSize, gpu.ProtectedBytesHeld);
        Assert.Equal(1UL << 20, machine.GpuCarveoutBytes);

        // The carveout: no non-secure transaction reaches it, the CPU's and the GPU's in normal mode included.
        var carveout = machine.Platform.Region("gpu-fw@a000000").Range;
        foreach (var direction in new[] { Hardware.AccessDirection.Read, Hardware.AccessDirection.Write })
        {
            Assert.DoesNotContain(machine.Soc.Oracle.ReachableBy(machine.Soc.Cpu.Master, Hardware.SecurityState.NonSecure, direction), r => r.Overlaps(carveout));
            Assert.False(machine.Soc.Firewall.Allows(machine.Soc.Master("gpu").Id, Hardware.SecurityState.NonSecure, carveout, direction));
            Assert.True(machine.Soc.Firewall.Allows(machine.Soc.Master("gpu").Id, Hardware.SecurityState.Secure, carveout, direction));
        }

        var target = gpu.Clients.SelectMany(c => c.Vms.Values).SelectMany(v => v.Mappings).Single(m => m.Va.Value == ProtectedTextureFlow.TargetVa).Bo;
        var bytes = new byte[ProtectedTextureFlow.TextureSize];
        machine.Soc.Memory.Read(target.Backing[0].Start, bytes.AsSpan(0, (int)Math.Min((ulong)bytes.Length, target.Backing[0].Length)));
        Assert.All(bytes, b => Assert.Equal(ProtectedTextureFlow.TexturePattern, b));
        machine.CheckInvariants();
        var safety = machine.CheckSafety();
        Assert.True(safety.Passed, string.Join("; ", safety.Findings));
        Assert.Equal(0, machine.MonitorFindingCount);
    }

    [Fact]
    public void Flow_ReservedMemoryCarveoutNotFirewalled_PlatformHangIsAFatalReportedEvent()
    {
        var board = Machine.WithGpuFwMemory(Protmem.Platform.Boards.PlatformCatalog.Load("rk3588-gpu-carveout"), "reserved-memory", firewallCarveouts: false);
        using var machine = Machine.Boot(board, new MachineOptions { Seed = 1 });
        var result = ProtectedTextureFlow.Run(machine.Spawn("texture"), Heap, ProtectedTextureCase.Flow, enableFwProtMode: false);

        Assert.False(result.Completed);
        Assert.Equal(-Errno.EIO, result.FenceStatus);
        Assert.Equal(PanthorEventKind.PlatformHang, Assert.Single(machine.Gpu!.Events, e => e.IsFatal).Kind);
        Assert.True(machine.GpuLost);
    }

    [Fact]
    public void Flow_ReservedMemoryUnprotectedTarget_ProtmFaultAndTheBystanderCompletes()
    {
        using var machine = Machine.Boot("rk3588-gpu-carveout", new MachineOptions { Seed = 1 });
        var result = ProtectedTextureFlow.Run(machine.Spawn("texture"), Heap, ProtectedTextureCase.UnprotectedTargetInProtectedGroup, enableFwProtMode: false);

        Assert.False(result.Completed);
        Assert.Equal(-Errno.EIO, result.FenceStatus);
        Assert.True(result.BystanderCompleted);
        Assert.Contains(machine.Gpu!.Events, e => e.Kind == PanthorEventKind.ProtmFault);
        machine.CheckInvariants();
        Assert.True(machine.CheckSafety().Passed);
        Assert.Equal(0, machine.MonitorFindingCount);
    }
}
