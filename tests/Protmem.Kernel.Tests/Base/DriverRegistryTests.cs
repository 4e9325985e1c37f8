using Protmem.Kernel.Base;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Tests.Tee;
using Protmem.Uapi;
using KDmaBuf = Protmem.Kernel.DmaBufs.DmaBuf;

namespace Protmem.Kernel.Tests.Base;

/// <summary>The platform bus: match by compatible, probe in registration order, -EPROBE_DEFER and its retries, remove at shutdown.</summary>
public sealed class DriverRegistryTests
{
    [Fact]
    public void Register_DriverMatchingACompatible_ProbesAndBindsOnlyThatDevice()
    {
        var kernel = TestMachine.Boot();
        var log = new List<string>();
        var driver = new RecordingDriver("panfrost", "arm,mali", log);
        Assert.Equal(0, kernel.Drivers.Register(driver));
        Assert.Equal(["probe panfrost gpu0 0"], log);
        Assert.Same(driver, kernel.Devices["gpu0"].Driver);
        Assert.Equal("panfrost", kernel.Devices["gpu0"].DriverData);
        Assert.Null(kernel.Devices["dma0"].Driver);
        Assert.Equal(["gpu-mmu", "gpu0"], kernel.Drivers.Bound.Select(d => d.Name));
    }

    [Fact]
    public void Register_SameNameTwice_EbusyAndNoSecondProbe()
    {
        var kernel = TestMachine.Boot();
        var log = new List<string>();
        Assert.Equal(0, kernel.Drivers.Register(new RecordingDriver("pl330", "arm,pl330", log)));
        Assert.Equal(-Errno.EBUSY, kernel.Drivers.Register(new RecordingDriver("pl330", "arm,mali", log)));
        Assert.Equal(["probe pl330 dma0 0"], log);
        Assert.Null(kernel.Devices["gpu0"].Driver);
    }

    [Fact]
    public void Probe_EprobeDefer_RetriedWhenAnotherDriverBinds()
    {
        var kernel = TestMachine.Boot();
        var log = new List<string>();
        var gpu = new RecordingDriver("panfrost", "arm,mali", log, _ => kernel.Devices["dma0"].Driver is null ? -DriverRegistry.EPROBE_DEFER : 0);
        Assert.Equal(0, kernel.Drivers.Register(gpu));
        Assert.Equal(["gpu0"], kernel.Drivers.Deferred.Select(d => d.Name));
        Assert.Null(kernel.Devices["gpu0"].Driver);
        Assert.Equal(0, kernel.Drivers.Register(new RecordingDriver("pl330", "arm,pl330", log)));
        Assert.Equal(["probe panfrost gpu0 -517", "probe pl330 dma0 0", "probe panfrost gpu0 0"], log);
        Assert.Empty(kernel.Drivers.Deferred);
        Assert.Equal(["gpu-mmu", "dma0", "gpu0"], kernel.Drivers.Bound.Select(d => d.Name));
    }

    [Fact]
    public void Probe_WaitingForItsHeap_RetriedWhenTheHeapRegisters()
    {
        var kernel = TestMachine.Boot();
        var log = new List<string>();
        Assert.Equal(0, kernel.Drivers.Register(new RecordingDriver("panfrost", "arm,mali", log, device => kernel.DmaHeaps.TryGet("protected,late", out _) ? 0 : -DriverRegistry.EPROBE_DEFER)));
        Assert.Equal(["gpu0"], kernel.Drivers.Deferred.Select(d => d.Name));
        Assert.Equal(0, kernel.DmaHeaps.Add("protected,late", new NoMemoryHeap(), null, out _));
        Assert.Empty(kernel.Drivers.Deferred);
        Assert.Equal("panfrost", kernel.Devices["gpu0"].Driver?.Name);
        Assert.Equal(["probe panfrost gpu0 -517", "probe panfrost gpu0 0"], log);
    }

    [Fact]
    public void Probe_AnError_LeavesTheDeviceUnboundWithItsError()
    {
        var kernel = TestMachine.Boot();
        var log = new List<string>();
        Assert.Equal(0, kernel.Drivers.Register(new RecordingDriver("panfrost", "arm,mali", log, _ => -Errno.ENODEV)));
        var gpu = kernel.Devices["gpu0"];
        Assert.Null(gpu.Driver);
        Assert.Null(gpu.DriverData);
        Assert.Equal(-Errno.ENODEV, kernel.Drivers.ProbeErrors[gpu]);
        Assert.Empty(kernel.Drivers.Deferred);
        Assert.DoesNotContain(gpu, kernel.Drivers.Bound);
    }

    [Fact]
    public void Shutdown_RemovesEveryBoundDeviceLastBoundFirst()
    {
        var kernel = TestMachine.Boot();
        var log = new List<string>();
        kernel.Drivers.Register(new RecordingDriver("pl330", "arm,pl330", log));
        kernel.Drivers.Register(new RecordingDriver("panfrost", "arm,mali", log));
        kernel.Shutdown();
        Assert.Equal(["probe pl330 dma0 0", "probe panfrost gpu0 0", "remove panfrost gpu0", "remove pl330 dma0"], log);
        Assert.Empty(kernel.Drivers.Bound);
        Assert.All(kernel.Drivers.Devices, d => Assert.Null(d.Driver));
    }

    [Fact]
    public void Boot_OpteeIsAPlatformDriverBoundByCompatibleAndRemovedAtShutdown()
    {
        var machine = TeeMachine.Boot(TeeDesign.Static);
        var optee = machine.Kernel.Drivers.Find("firmware:optee")!;
        Assert.Equal("optee", optee.Driver?.Name);
        Assert.Same(machine.Kernel.Optee, optee.DriverData);
        Assert.True(machine.Kernel.DeviceNodes.Exists("/dev/tee0"));
        machine.Kernel.Shutdown();
        Assert.False(machine.Kernel.DeviceNodes.Exists("/dev/tee0"));
    }

    [Fact]
    public void Boot_DevicesCarryTheirIommuAndMasterFromTheBoard()
    {
        var kernel = TestMachine.Boot();
        var gpu = kernel.Devices["gpu0"];
        Assert.Equal(["arm,mali"], gpu.Compatible);
        Assert.Equal("gpu", gpu.Master?.Name);
        Assert.Equal("gpu-mmu", gpu.Iommu?.Name);
        Assert.Null(kernel.Devices["dma0"].Iommu);
    }

    /// <summary>A heap that has no memory: registration is all a deferred-probe test needs.</summary>
    private sealed class NoMemoryHeap : IDmaHeapOps
    {
        public DmaHeapProperties Properties { get; } = DmaHeapProperties.Scattered;

        public bool CanImport(PlatformDevice device) => false;

        public int Allocate(DmaHeap heap, ulong length, uint fdFlags, ulong heapFlags, out KDmaBuf? buffer)
        {
            buffer = null;
            return -Errno.ENOMEM;
        }
    }
}
