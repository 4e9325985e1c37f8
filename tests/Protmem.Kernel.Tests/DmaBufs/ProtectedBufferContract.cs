using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Tests.Tee;
using Protmem.Uapi;
using KDmaBuf = Protmem.Kernel.DmaBufs.DmaBuf;

namespace Protmem.Kernel.Tests.DmaBufs;

/// <summary>
/// What every protected buffer promises, whichever heap exported it (run against each one): no CPU
/// access, any device attaches and maps, the admitted device's DMA reaches the bytes, a device the
/// firewall refuses faults (master, address, direction) and touches nothing, and release gives the
/// memory back. On each board vdec0 is admitted and gpu0 (no IOMMU) is not.
/// </summary>
public abstract class ProtectedBufferContract
{
    private const ulong Size = 2 * HwConstants.PageSize;

    [Fact]
    public void Mmap_ProtectedBuffer_EinvalAndVmapEinval()
    {
        var (machine, client, fd, buffer) = Allocate();
        Assert.Equal(-Errno.EINVAL, (int)client.Process.Mmap(0, Size, Mman.PROT_READ, Mman.MAP_SHARED, fd, 0));
        Assert.Equal(-Errno.EINVAL, buffer.Vmap(out _));
        client.Dispose();
        machine.AssertInvariants();
    }

    [Fact]
    public void CpuRead_NonSecureThroughTheLinearMap_FaultsAndReadsNothing()
    {
        var (machine, client, _, buffer) = Allocate();
        var range = RangesOf(buffer)[0];
        var faults = machine.Soc.Bus.FaultCount;
        var bytes = new byte[16];
        Assert.False(machine.Kernel.Hardware.Cpu.TryRead(machine.Kernel.Hardware.LinearMap, machine.Kernel.DirectMap.VirtualOf(range.Start), bytes));
        Assert.All(bytes, b => Assert.Equal(0, b));
        Assert.True(machine.Soc.Bus.FaultCount > faults || !machine.Kernel.DirectMap.IsMapped(range.Start));
        client.Dispose();
    }

    [Theory]
    [InlineData("vdec0")]
    [InlineData("gpu0")]
    public void Attach_AnyDevice_SucceedsAndMapsEveryRange(string device)
    {
        var (machine, client, _, buffer) = Allocate();
        Assert.Equal(0, buffer.Attach(machine.Kernel.Devices[device], DmaDataDirection.Bidirectional, out var attachment));
        Assert.Equal(0, buffer.MapAttachment(attachment!, DmaDataDirection.Bidirectional, out var table));
        Assert.Equal(RangesOf(buffer), table!.Chunks);
        Assert.Equal(Size, table.TotalLength);
        buffer.Detach(attachment!);
        client.Dispose();
        machine.AssertInvariants();
    }

    [Fact]
    public void DeviceRead_AdmittedMaster_ReadsWhatTheSecureWorldWrote()
    {
        var (machine, client, _, buffer) = Allocate();
        var pa = RangesOf(buffer)[0].Start;
        Assert.True(machine.Soc.Bus.TryWrite(machine.Soc.Cpu.Master, SecurityState.Secure, pa, new byte[] { 7, 8, 9 }));
        Assert.Equal(0, buffer.Attach(machine.Kernel.Devices["vdec0"], DmaDataDirection.ToDevice, out var attachment));
        Assert.Equal(0, buffer.MapAttachment(attachment!, DmaDataDirection.ToDevice, out var table));
        var bytes = new byte[3];
        var vdec = machine.Kernel.Devices["vdec0"].Master!;
        Assert.True(vdec.TryRead(table!.DmaAddressOf(0), bytes));
        Assert.Equal(new byte[] { 7, 8, 9 }, bytes);
        Assert.Empty(vdec.Faults);
        buffer.Detach(attachment!);
        client.Dispose();
    }

    [Theory]
    [InlineData(AccessDirection.Read)]
    [InlineData(AccessDirection.Write)]
    public void DeviceAccess_MasterTheFirewallRefuses_FaultsWithMasterAddressAndDirection(AccessDirection direction)
    {
        var (machine, client, _, buffer) = Allocate();
        var pa = RangesOf(buffer)[0].Start;
        Assert.True(machine.Soc.Bus.TryWrite(machine.Soc.Cpu.Master, SecurityState.Secure, pa, new byte[] { 7, 8, 9 }));
        var gpu = machine.Kernel.Devices["gpu0"];
        var interrupts = new List<DeviceFault>();
        gpu.Master!.Faulted += interrupts.Add;
        Assert.Equal(0, buffer.Attach(gpu, DmaDataDirection.Bidirectional, out var attachment));
        Assert.Equal(0, buffer.MapAttachment(attachment!, DmaDataDirection.Bidirectional, out var table));
        var address = table!.DmaAddressOf(0);
        var bytes = new byte[] { 1, 2, 3 };
        var ok = direction == AccessDirection.Read
            ? gpu.Master.TryRead(address, bytes, SecurityState.NonSecure, out var result)
            : gpu.Master.TryWrite(address, bytes, SecurityState.NonSecure, out result);
        Assert.False(ok);
        Assert.Equal(DeviceAccessResult.FirewallDenied, result);
        var fault = Assert.Single(interrupts);
        Assert.Equal(fault, Assert.Single(gpu.Master.Faults));
        Assert.Equal("gpu", fault.Master.Name);
        Assert.Equal(address, fault.Address);
        Assert.Equal(pa, fault.Phys);
        Assert.Equal(direction, fault.Direction);
        Assert.Contains(machine.Soc.Bus.Faults, f => f.Master.Name == "gpu" && f.Address == pa && f.Direction == direction && f.Reason == BusAccessResult.FirewallDenied);
        var after = new byte[3];
        Assert.True(machine.Soc.Bus.TryRead(machine.Soc.Cpu.Master, SecurityState.Secure, pa, after));
        Assert.Equal(new byte[] { 7, 8, 9 }, after);
        if (direction == AccessDirection.Read)
        {
            Assert.Equal(new byte[] { 1, 2, 3 }, bytes);
        }

        buffer.Detach(attachment!);
        client.Dispose();
        machine.AssertInvariants();
    }

    [Fact]
    public void Protection_ProtectedBuffer_NamesItsHeapAndUseCase()
    {
        var (machine, client, _, buffer) = Allocate();
        Assert.Equal(new DmaBufProtection(HeapName, 1), buffer.Protection);
        var system = client.AllocFromHeap("system", Size);
        Assert.True(system >= 0, Errno.Describe(-system));
        Assert.Null(Assert.Single(machine.Kernel.DmaBufs, b => !ReferenceEquals(b, buffer)).Protection);
        client.Dispose();
        machine.AssertInvariants();
    }

    [Fact]
    public void Release_LastReference_GivesTheMemoryBack()
    {
        var (machine, client, fd, buffer) = Allocate();
        Assert.False(AllMemoryFree(machine));
        Assert.Equal(0, client.Process.Close(fd));
        Assert.True(buffer.IsReleased);
        Assert.True(AllMemoryFree(machine));
        Assert.Empty(machine.Kernel.DmaBufs);
        client.Dispose();
        machine.AssertInvariants();
    }

    private protected abstract TeeMachine Boot();

    /// <summary>The heap under test, in /dev/dma_heap.</summary>
    private protected abstract string HeapName { get; }

    /// <summary>True when the heap holds no buffer (its pool full, its TA's carveout empty).</summary>
    private protected abstract bool AllMemoryFree(TeeMachine machine);

    private static IReadOnlyList<PhysRange> RangesOf(KDmaBuf buffer) => ((IProtectedBuffer)buffer.ExporterPrivate!).Ranges;

    private (TeeMachine Machine, TeeClient Client, int Fd, KDmaBuf Buffer) Allocate()
    {
        var machine = Boot();
        var client = new TeeClient(machine.Kernel);
        var fd = client.AllocFromHeap(HeapName, Size);
        Assert.True(fd >= 0, $"allocation from {HeapName}: {Errno.Describe(-fd)}");
        return (machine, client, fd, Assert.Single(machine.Kernel.DmaBufs));
    }
}
