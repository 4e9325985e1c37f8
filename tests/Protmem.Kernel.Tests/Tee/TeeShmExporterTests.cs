using Protmem.Hardware;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Tee;
using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tests.Tee;

/// <summary>
/// TEE_IOC_SHM_REGISTER_FD asks the exporters, never a buffer's type: a buffer becomes a shm only when
/// the exporter that recognises it as its own describes it, and only as that exporter says.
/// </summary>
public class TeeShmExporterTests
{
    [Fact]
    public void RegisterFd_BufferOfAnExporterThatRegistered_IsAShmOfTheExporterPages()
    {
        var machine = TeeMachine.Boot(TeeDesign.Static);
        using var client = new TeeClient(machine.Kernel);
        var exporter = new CarveoutExporter(new PhysRange(new PhysAddr(0x4800_0000), 0x2000));
        machine.Kernel.RegisterTeeShmExporter(exporter);
        var fd = exporter.Export(machine.Kernel, client.Process);

        var id = client.RegisterFd(fd, out var data);

        Assert.True(id >= 0, Errno.Describe(-id));
        Assert.Equal(TeeIoctl.TEE_SHM_DMA_BUF, data.Flags);
        Assert.Equal(0x2000UL, data.ShmSize);
        Assert.Equal([exporter.Range], machine.Tee.Shms[(int)data.Id].Pages);
        Assert.Equal([machine.Tee], exporter.Asked);
    }

    [Fact]
    public void RegisterFd_BufferNoRegisteredExporterOwns_IsEinvalAndTakesNoReference()
    {
        var machine = TeeMachine.Boot(TeeDesign.Static);
        using var client = new TeeClient(machine.Kernel);
        var exporter = new CarveoutExporter(new PhysRange(new PhysAddr(0x4800_0000), 0x2000));
        var fd = exporter.Export(machine.Kernel, client.Process);

        Assert.Equal(-Errno.EINVAL, client.RegisterFd(fd, out _));
        Assert.Empty(machine.Tee.Shms);
        Assert.Equal(0, client.Process.Close(fd));
        Assert.Empty(machine.Kernel.DmaBufs);
    }

    [Fact]
    public void RegisterFd_ExporterRefusesThisTee_IsEinvalAndNothingStaysBehind()
    {
        var machine = TeeMachine.Boot(TeeDesign.Static);
        using var client = new TeeClient(machine.Kernel);
        var exporter = new CarveoutExporter(new PhysRange(new PhysAddr(0x4800_0000), 0x2000)) { Refuse = true };
        machine.Kernel.RegisterTeeShmExporter(exporter);
        var fd = exporter.Export(machine.Kernel, client.Process);

        Assert.Equal(-Errno.EINVAL, client.RegisterFd(fd, out _));
        Assert.Empty(machine.Tee.Shms);
        Assert.Equal(0, client.Process.Close(fd));
        Assert.Empty(machine.Kernel.DmaBufs);
        machine.AssertInvariants();
    }

    [Fact]
    public void RegisterFd_SystemHeapBuffer_IsEinval()
    {
        var machine = TeeMachine.Boot(TeeDesign.Static);
        using var client = new TeeClient(machine.Kernel);
        var fd = client.AllocFromHeap("system", 4096);

        Assert.Equal(-Errno.EINVAL, client.RegisterFd(fd, out _));
        Assert.Empty(machine.Tee.Shms);
    }

    /// <summary>An exporter of one fixed range (a board-specific carveout driver, say), with its own ops.</summary>
    private sealed class CarveoutExporter(PhysRange range) : DmaBufOps, ITeeShmExporter
    {
        public PhysRange Range { get; } = range;

        public bool Refuse { get; init; }

        public List<TeeDevice> Asked { get; } = [];

        public int Export(KernelContext kernel, Core.UserProcess process) =>
            DmaBuf.Export(kernel, this, Range.Length, Fcntl.O_RDWR, null, "carveout").InstallFd(process, Fcntl.O_CLOEXEC);

        public bool Owns(DmaBuf buffer) => ReferenceEquals(buffer.Ops, this);

        public int UpdateShm(TeeDevice tee, DmaBuf buffer, TeeShm shm)
        {
            Asked.Add(tee);
            if (Refuse)
            {
                return -Errno.EINVAL;
            }

            shm.Pages = [Range];
            return 0;
        }

        public bool TeeTakes(TeeDevice tee, DmaHeap heap) => false;

        public override int MapDmaBuf(DmaBufAttachment attachment, DmaDataDirection direction, out SgTable? table)
        {
            table = null;
            return -Errno.EINVAL;
        }

        public override void UnmapDmaBuf(DmaBufAttachment attachment, SgTable table, DmaDataDirection direction)
        {
        }

        public override void Release(DmaBuf buffer)
        {
        }
    }
}
