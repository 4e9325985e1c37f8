using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Kernel.DmaBufs.Heaps;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Tee;
using Protmem.Uapi;
using Protmem.Uapi.Tee;
using Protmem.Userspace.Xtest;

namespace Protmem.Kernel.Tests.Tee;

/// <summary>The MediaTek-style secure-world-managed heap: allocation, free and sg retrieval are secmem TA commands.</summary>
public class MtkSecureHeapTests
{
    [Fact]
    public void Boot_RegistersTheSecureWorldHeapAndNoTeeHeap()
    {
        var machine = TeeMachine.Boot(TeeDesign.Mtk);
        Assert.Contains(MtkSecureHeap.HeapName, machine.Kernel.DeviceNodes.List("/dev/dma_heap"));
        Assert.Empty(machine.Tee.ProtmemPools);
        Assert.Equal(0, machine.Firmware.SessionCount);
    }

    [Fact]
    public void Allocate_SizeAlignedAndSgTableMatchesTheTasBlock()
    {
        var machine = TeeMachine.Boot(TeeDesign.Mtk);
        using var client = new TeeClient(machine.Kernel);
        var first = client.AllocFromHeap(MtkSecureHeap.HeapName, 5000);
        var second = client.AllocFromHeap(MtkSecureHeap.HeapName, 3 * HwConstants.PageSize);
        Assert.True(first >= 0 && second >= 0);
        var buffers = machine.Kernel.DmaBufs.Select(b => b.ExporterPrivate).OfType<MtkSecureBuffer>().ToList();
        Assert.Equal(2, buffers.Count);
        Assert.Equal(2, machine.Firmware.SecmemBlockCount);
        foreach (var buffer in buffers)
        {
            var block = machine.Firmware.SecmemBlocks[buffer.Handle];
            Assert.Equal([block], buffer.Ranges);
            Assert.True(TeeMachine.Restricted.Contains(block));
        }

        Assert.Equal([2 * HwConstants.PageSize, 3 * HwConstants.PageSize], buffers.Select(b => b.Ranges.Aggregate(0UL, (sum, r) => sum + r.Length)).Order());
        Assert.False(buffers[0].Ranges[0].Overlaps(buffers[1].Ranges[0]));
        Assert.Equal(1, machine.Firmware.SessionCount);
        machine.AssertInvariants();
    }

    [Fact]
    public void Close_LastBuffer_TheTasCarveoutIsEmptyAndTheSessionClosed()
    {
        var machine = TeeMachine.Boot(TeeDesign.Mtk);
        using var client = new TeeClient(machine.Kernel);
        var fds = Enumerable.Range(0, 4).Select(_ => client.AllocFromHeap(MtkSecureHeap.HeapName, 64 * 1024)).ToList();
        Assert.All(fds, fd => Assert.True(fd >= 0));
        Assert.Equal(4, machine.Firmware.SecmemBlockCount);
        foreach (var fd in fds)
        {
            Assert.Equal(0, client.Process.Close(fd));
        }

        Assert.Equal(0, machine.Firmware.SecmemBlockCount);
        Assert.Empty(machine.Firmware.SecmemBlocks);
        Assert.Equal(0, machine.Firmware.SessionCount);
        Assert.Equal(1, machine.Tee.OpenContexts);
        machine.AssertInvariants();
    }

    [Fact]
    public void SecureBuffer_NoCpuAccessAndOnlyTheFirewalledMasterReachesIt()
    {
        var machine = TeeMachine.Boot(TeeDesign.Mtk);
        using var client = new TeeClient(machine.Kernel);
        var fd = client.AllocFromHeap(MtkSecureHeap.HeapName, 8192);
        Assert.Equal(-Errno.EINVAL, (int)client.Process.Mmap(0, 8192, Mman.PROT_READ, Mman.MAP_SHARED, fd, 0));
        var buffer = Assert.Single(machine.Kernel.DmaBufs);
        Assert.Equal(-Errno.EINVAL, buffer.Vmap(out _));
        var range = ((MtkSecureBuffer)buffer.ExporterPrivate!).Ranges[0];
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
        Assert.Equal(8192UL, data.ShmSize);
    }

    [Fact]
    public void Allocate_MoreThanTheCarveout_ENOMEMAndNothingHeld()
    {
        var machine = TeeMachine.Boot(TeeDesign.Mtk);
        using var client = new TeeClient(machine.Kernel);
        Assert.Equal(-Errno.ENOMEM, client.AllocFromHeap(MtkSecureHeap.HeapName, TeeMachine.Restricted.Length + HwConstants.PageSize));
        Assert.Equal(0, machine.Firmware.SecmemBlockCount);
        Assert.Equal(0, machine.Firmware.SessionCount);
        Assert.True(client.AllocFromHeap(MtkSecureHeap.HeapName, TeeMachine.Restricted.Length) >= 0);
        Assert.Equal(-Errno.ENOMEM, client.AllocFromHeap(MtkSecureHeap.HeapName, HwConstants.PageSize));
    }

    [Fact]
    public void Allocate_WithoutTheSecmemTa_EOPNOTSUPP()
    {
        var machine = TeeMachine.Boot(TeeDesign.Static, new TeeConfig { Design = ProtectedMemoryDesign.SecureWorldHeap });
        using var client = new TeeClient(machine.Kernel);
        Assert.Equal(-Errno.EOPNOTSUPP, client.AllocFromHeap(MtkSecureHeap.HeapName, 4096));
        Assert.Equal(0, machine.Firmware.SessionCount);
        Assert.Equal(1, machine.Tee.OpenContexts);
    }

    [Fact]
    public void RegisterFd_AnotherTeesHeapBufferOrSystemBuffer_EINVAL()
    {
        var machine = TeeMachine.Boot(TeeDesign.Mtk);
        using var client = new TeeClient(machine.Kernel);
        var system = client.AllocFromHeap("system", 4096);
        Assert.Equal(-Errno.EINVAL, client.RegisterFd(system, out _));
    }

    [Fact]
    public void SdpBasic_OnTheSecureWorldHeap_PassesAndGivesEverythingBack()
    {
        var machine = TeeMachine.Boot(TeeDesign.Mtk);
        using var output = new StringWriter();
        var run = machine.RunSdpBasic(new SdpBasicOptions { Loops = 10, HeapName = MtkSecureHeap.HeapName }, output);
        Assert.True(run.Passed, output.ToString());
        Assert.Equal(0, machine.Firmware.SecmemBlockCount);
        Assert.Equal(0, machine.Firmware.SessionCount);
        Assert.Empty(machine.Tee.Shms);
        machine.AssertInvariants();
    }
}
