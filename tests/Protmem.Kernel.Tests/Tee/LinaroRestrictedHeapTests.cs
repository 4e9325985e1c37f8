using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Kernel.DmaBufs.Heaps;
using Protmem.Kernel.Iommu;
using Protmem.Uapi;
using Protmem.Uapi.Tee;
using Protmem.Userspace.Xtest;

namespace Protmem.Kernel.Tests.Tee;

/// <summary>The Linaro restricted heap (RFC, 2024) with buffers registered through SHM_REGISTER_FD.</summary>
public class LinaroRestrictedHeapTests
{
    [Fact]
    public void Boot_RegistersTheRestrictedHeapAndNoTeeHeap()
    {
        var machine = TeeMachine.Boot(TeeDesign.Linaro);
        Assert.Equal(new[] { "linux,cma", "restricted", "system" }, machine.Kernel.DeviceNodes.List("/dev/dma_heap"));
        Assert.Empty(machine.Tee.ProtmemPools);
    }

    [Fact]
    public void SdpBasic_OnTheRestrictedHeap_GivesZeroZeroZeroOneZero()
    {
        var machine = TeeMachine.Boot(TeeDesign.Linaro);
        using var output = new StringWriter();
        var run = machine.RunSdpBasic(new SdpBasicOptions { Loops = 10, HeapName = "restricted" }, output);
        Assert.True(run.Passed, output.ToString());
        var heap = (LinaroRestrictedHeap)machine.Kernel.DmaHeaps.Heaps.Single(h => h.Name == "restricted").PrivateData!;
        Assert.Equal(heap.Capacity, heap.Available);
        machine.AssertInvariants();
    }

    [Fact]
    public void RestrictedBuffer_NoCpuAccessAndOnlyTheFirewalledMasterReachesIt()
    {
        var machine = TeeMachine.Boot(TeeDesign.Linaro);
        using var client = new TeeClient(machine.Kernel);
        var fd = client.AllocFromHeap("restricted", 8192);
        Assert.Equal(-Errno.EINVAL, (int)client.Process.Mmap(0, 8192, Mman.PROT_READ, Mman.MAP_SHARED, fd, 0));
        var buffer = Assert.Single(machine.Kernel.DmaBufs);
        Assert.Equal(-Errno.EINVAL, buffer.Vmap(out _));
        var range = ((RestrictedBuffer)buffer.ExporterPrivate!).Range;
        Assert.False(machine.Soc.Bus.TryRead(machine.Soc.Cpu.Master, SecurityState.NonSecure, range.Start, new byte[4]));
        Assert.Equal(0, buffer.Attach(machine.Kernel.Devices["gpu0"], DmaDataDirection.ToDevice, out var refused));
        Assert.Equal(0, buffer.MapAttachment(refused!, DmaDataDirection.ToDevice, out var refusedTable));
        Assert.False(machine.Kernel.Devices["gpu0"].Master!.TryRead(refusedTable!.DmaAddressOf(0), new byte[4], SecurityState.NonSecure, out var refusedResult));
        Assert.Equal(DeviceAccessResult.FirewallDenied, refusedResult);
        buffer.Detach(refused!);
        Assert.Equal(0, buffer.Attach(machine.Kernel.Devices["vdec0"], DmaDataDirection.Bidirectional, out var attachment));
        Assert.Equal(0, buffer.MapAttachment(attachment!, DmaDataDirection.Bidirectional, out var table));
        Assert.True(machine.Kernel.Devices["vdec0"].Master!.TryRead(table!.DmaAddressOf(0), new byte[4]));
        buffer.Detach(attachment!);
        Assert.True(client.RegisterFd(fd, out var data) >= 0);
        Assert.Equal(TeeIoctl.TEE_SHM_DMA_BUF, data.Flags);
    }
}
