using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Tee;
using Protmem.Kernel.Tee.Optee;
using Protmem.Uapi;

namespace Protmem.Kernel.Tests.Tee;

/// <summary>The pools behind the protected heaps: lazy lend, reclaim on last free, scrub, direct map, attach checks.</summary>
public class ProtmemPoolTests
{
    private const string SecureVideo = "protected,secure-video";

    [Fact]
    public void Probe_Static_RegistersOnlySecureVideoOverTheCarveout()
    {
        var machine = TeeMachine.Boot(TeeDesign.Static);
        Assert.Equal(new[] { "linux,cma", SecureVideo, "system" }, machine.Kernel.DeviceNodes.List("/dev/dma_heap"));
        var pool = Assert.Single(machine.Tee.ProtmemPools).Value;
        Assert.Equal(4UL << 20, pool.Capacity);
    }

    [Fact]
    public void Probe_Dynamic_RegistersAHeapPerSupportedUseCaseAndLendsNothing()
    {
        var machine = TeeMachine.Boot(TeeDesign.Dynamic);
        Assert.Equal(new[] { "linux,cma", SecureVideo, "protected,trusted-ui", "system" }, machine.Kernel.DeviceNodes.List("/dev/dma_heap"));
        Assert.Empty(machine.Firmware.ProtectedRegions);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DynamicPool_FirstAllocLendsWholeRegion_LastFreeReclaimsScrubbedAndUnfirewalled(bool ffa)
    {
        var machine = TeeMachine.Boot(ffa ? TeeDesign.DynamicFfa : TeeDesign.Dynamic);
        var cmaBefore = machine.Kernel.Snapshot().CmaAllocatedPages;
        using var client = new TeeClient(machine.Kernel);
        var a = client.AllocFromHeap(SecureVideo, 4096);
        var b = client.AllocFromHeap(SecureVideo, 8192);
        var region = Assert.Single(machine.Firmware.ProtectedRegions).Range;
        Assert.Equal(1UL << 20, region.Length);
        Assert.False(machine.Soc.Firewall.Allows(machine.Soc.Cpu.Master.Id, SecurityState.NonSecure, region, AccessDirection.Read));
        Assert.True(machine.Soc.Firewall.Allows(machine.Soc.Master("vdec").Id, SecurityState.NonSecure, region, AccessDirection.Write));

        // Fill it as the secure world would (secure-state CPU), then free everything.
        Assert.True(machine.Soc.Bus.TryWrite(machine.Soc.Cpu.Master, SecurityState.Secure, region.Start, new byte[] { 0xAA, 0xBB }));
        client.Process.Close(a);
        Assert.Single(machine.Firmware.ProtectedRegions);
        client.Process.Close(b);

        Assert.Empty(machine.Firmware.ProtectedRegions);
        var bytes = new byte[2];
        Assert.True(machine.Soc.Bus.TryRead(machine.Soc.Cpu.Master, SecurityState.NonSecure, region.Start, bytes));
        Assert.Equal(new byte[2], bytes);
        Assert.Equal(cmaBefore, machine.Kernel.Snapshot().CmaAllocatedPages);
        var pool = (OpteeDynamicProtmemPool)machine.Tee.ProtmemPools[1];
        Assert.Equal((1, 1), (pool.Lends, pool.Reclaims));
    }

    [Fact]
    public void DynamicPool_AllocLargerThanRegion_IsEnomemAndLendsNothing()
    {
        var machine = TeeMachine.Boot(TeeDesign.Dynamic);
        using var client = new TeeClient(machine.Kernel);
        Assert.Equal(-Errno.ENOMEM, client.AllocFromHeap(SecureVideo, 2UL << 20));
        Assert.Empty(machine.Firmware.ProtectedRegions);
    }

    [Fact]
    public void StaticPool_Exhausted_IsEnomem()
    {
        var machine = TeeMachine.Boot(TeeDesign.Static);
        using var client = new TeeClient(machine.Kernel);
        Assert.True(client.AllocFromHeap(SecureVideo, 4UL << 20) >= 0);
        Assert.Equal(-Errno.ENOMEM, client.AllocFromHeap(SecureVideo, 4096));
    }

    [Fact]
    public void DirectMapHazard_WithoutTheOption_IsReportedForTheLentRegion()
    {
        var machine = TeeMachine.Boot(TeeDesign.Dynamic, hazardFatal: true);
        using var client = new TeeClient(machine.Kernel);
        Assert.Empty(machine.Soc.Oracle.SpeculativeHazards());
        Assert.True(client.AllocFromHeap(SecureVideo, 4096) >= 0);
        var region = Assert.Single(machine.Firmware.ProtectedRegions).Range;
        var hazards = machine.Soc.Oracle.SpeculativeHazards();
        Assert.Contains(hazards, h => h.Space == machine.Soc.LinearMap && h.Phys.Overlaps(region));
        Assert.Throws<InvalidOperationException>(machine.Soc.Oracle.ThrowIfFatalHazard);
    }

    [Fact]
    public void DirectMapHazard_WithTheOption_IsNeverReportedAndTheMapComesBack()
    {
        var machine = TeeMachine.Boot(TeeDesign.Dynamic, new TeeConfig { RemoveLentMemoryFromDirectMap = true }, hazardFatal: true);
        using var client = new TeeClient(machine.Kernel);
        var fd = client.AllocFromHeap(SecureVideo, 4096);
        var region = Assert.Single(machine.Firmware.ProtectedRegions).Range;
        Assert.Empty(machine.Soc.Oracle.SpeculativeHazards());
        Assert.False(machine.Kernel.DirectMap.IsMapped(region.Start));
        machine.Soc.Oracle.ThrowIfFatalHazard();
        client.Process.Close(fd);
        Assert.True(machine.Kernel.DirectMap.IsMapped(region.Start));
        Assert.Empty(machine.Kernel.DirectMap.RemovedByDrivers);
    }

    [Theory]
    [InlineData("vdec0", DmaDataDirection.Bidirectional, DeviceAccessResult.Ok, DeviceAccessResult.Ok)]
    [InlineData("display0", DmaDataDirection.ToDevice, DeviceAccessResult.Ok, DeviceAccessResult.FirewallDenied)]
    [InlineData("display0", DmaDataDirection.Bidirectional, DeviceAccessResult.Ok, DeviceAccessResult.FirewallDenied)]
    [InlineData("gpu0", DmaDataDirection.ToDevice, DeviceAccessResult.FirewallDenied, DeviceAccessResult.FirewallDenied)]
    public void Attach_AnyMaster_GetsAnSgTableAndOnlyTheFirewallsGrantsReachTheBuffer(string device, DmaDataDirection direction, DeviceAccessResult read, DeviceAccessResult write)
    {
        var machine = TeeMachine.Boot(TeeDesign.Dynamic);
        using var client = new TeeClient(machine.Kernel);
        Assert.True(client.AllocFromHeap(SecureVideo, 8192) >= 0);
        var buffer = Assert.Single(machine.Kernel.DmaBufs);
        Assert.Equal(0, buffer.Attach(machine.Kernel.Devices[device], direction, out var attachment));
        Assert.Equal(0, buffer.MapAttachment(attachment!, direction, out var table));
        Assert.Equal(((TeeHeapBuffer)buffer.ExporterPrivate!).Range.Start, table!.Entries[0].Phys);
        var master = machine.Kernel.Devices[device].Master!;
        master.TryRead(table.DmaAddressOf(0), new byte[8], SecurityState.NonSecure, out var readResult);
        master.TryWrite(table.DmaAddressOf(0), new byte[8], SecurityState.NonSecure, out var writeResult);
        Assert.Equal((read, write), (readResult, writeResult));
        Assert.Equal((read == DeviceAccessResult.Ok ? 0 : 1) + (write == DeviceAccessResult.Ok ? 0 : 1), master.Faults.Count);
        buffer.Detach(attachment!);
    }

    [Fact]
    public void Vdec_ThroughItsIommu_ReadsWhatTheSecureWorldWrote()
    {
        var machine = TeeMachine.Boot(TeeDesign.Static);
        using var client = new TeeClient(machine.Kernel);
        Assert.True(client.AllocFromHeap(SecureVideo, 4096) >= 0);
        var buffer = Assert.Single(machine.Kernel.DmaBufs);
        var pa = ((TeeHeapBuffer)buffer.ExporterPrivate!).Range.Start;
        Assert.True(machine.Soc.Bus.TryWrite(machine.Soc.Cpu.Master, SecurityState.Secure, pa, new byte[] { 7, 8, 9 }));
        Assert.Equal(0, buffer.Attach(machine.Kernel.Devices["vdec0"], DmaDataDirection.ToDevice, out var attachment));
        Assert.Equal(0, buffer.MapAttachment(attachment!, DmaDataDirection.ToDevice, out var table));
        var bytes = new byte[3];
        Assert.True(machine.Soc.Device("vdec").TryRead(table!.DmaAddressOf(0), bytes));
        Assert.Equal(new byte[] { 7, 8, 9 }, bytes);
        buffer.Detach(attachment!);
    }
}
