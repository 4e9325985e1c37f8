using Protmem.Hardware.Bus;
using Protmem.Hardware.Firewall;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Media;

namespace Protmem.Hardware.Tests.Media;

/// <summary>
/// The camera block on the test board: "cam" (id 5, secure-capable, behind "cam-mmu") and "dma" (id 4,
/// non-secure, no IOMMU) are both cameras. Protected memory is a firewall region open to secure
/// transactions only, as the secure world programs one for a secure-capable master.
/// </summary>
public sealed class CameraCoreTests
{
    private const int Width = 64;
    private const int Height = 32;
    private static readonly PhysAddr BufferA = TestBoards.Dram(0x10_0000);
    private static readonly PhysAddr BufferB = TestBoards.Dram(0x20_0000);
    private static readonly PhysAddr ProtectedBase = TestBoards.Dram(0x100_0000);

    private readonly Soc _soc;
    private readonly List<CameraInterrupt> _irqs = [];

    public CameraCoreTests()
    {
        var board = TestBoards.Description();
        _soc = new Soc(board with
        {
            Masters = [.. board.Masters, new BusMasterDescription(5, "cam", CanIssueNonSecure: true, CanIssueSecure: true)],
            Iommus = [.. board.Iommus, new IommuDescription("cam-mmu", ["cam"])],
            Cameras = ["cam", "dma"],
        });
        foreach (var core in _soc.Cameras.Values)
        {
            core.InterruptHandler = _irqs.Add;
            core.SetFormat(Width, Height);
        }
    }

    private static uint FrameSize => (uint)Pmv1Codec.Nv12Size(Width, Height);

    private CameraCore Dma => _soc.Cameras["dma"];

    private CameraCore Cam => _soc.Cameras["cam"];

    [Fact]
    public void Frame_SuccessiveSequences_DifferAndAreNv12Sized()
    {
        var first = CameraScene.Frame(Width, Height, 0);
        var second = CameraScene.Frame(Width, Height, 1);

        Assert.Equal((int)FrameSize, first.Length);
        Assert.NotEqual(first, second);
        Assert.Equal(first, CameraScene.Frame(Width, Height, 0));
        Assert.Contains(CameraScene.BoxLuma, first.AsSpan(0, Width * Height).ToArray());
    }

    [Fact]
    public void Frame_OddSize_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CameraScene.Frame(63, 32, 0));
    }

    [Fact]
    public void StreamOn_TwoBuffers_WritesTheSceneOnePeriodApartWithSequences()
    {
        var start = _soc.Clock.Now;
        Dma.QueueBuffer(new DeviceAddr(BufferA.Value), FrameSize);
        Dma.QueueBuffer(new DeviceAddr(BufferB.Value), FrameSize);

        Dma.StreamOn();
        _soc.Events.RunUntil(start + (2 * CameraCore.FramePeriodNs));

        Assert.Equal(2, _irqs.Count);
        Assert.All(_irqs, irq => Assert.Equal((CameraStatus.Done, (int)FrameSize), (irq.Status, irq.BytesWritten)));
        Assert.Equal([0u, 1u], _irqs.Select(i => i.Sequence));
        Assert.Equal([start + CameraCore.FramePeriodNs, start + (2 * CameraCore.FramePeriodNs)], _irqs.Select(i => i.Time));
        Assert.Equal([new DeviceAddr(BufferA.Value), new DeviceAddr(BufferB.Value)], _irqs.Select(i => i.Buffer));
        Assert.Equal(CameraScene.Frame(Width, Height, 0), ReadPhys(BufferA, FrameSize));
        Assert.Equal(CameraScene.Frame(Width, Height, 1), ReadPhys(BufferB, FrameSize));
        Assert.Equal(2, Dma.FramesCaptured);
    }

    [Fact]
    public void StreamOn_NoBufferQueued_FramesAreDroppedWithoutInterruptAndSequenceAdvances()
    {
        var start = _soc.Clock.Now;
        Dma.StreamOn();
        _soc.Events.RunUntil(start + (2 * CameraCore.FramePeriodNs));
        Dma.QueueBuffer(new DeviceAddr(BufferA.Value), FrameSize);
        _soc.Events.RunUntil(start + (3 * CameraCore.FramePeriodNs));

        Assert.Equal(2, Dma.FramesDropped);
        var irq = Assert.Single(_irqs);
        Assert.Equal(2u, irq.Sequence);
        Assert.Equal(CameraScene.Frame(Width, Height, 2), ReadPhys(BufferA, FrameSize));
    }

    [Fact]
    public void StreamOff_QueuedBuffers_NoMoreFramesAndQueueForgotten()
    {
        Dma.QueueBuffer(new DeviceAddr(BufferA.Value), FrameSize);
        Dma.StreamOn();

        Dma.StreamOff();
        _soc.Events.RunUntil(_soc.Clock.Now + (3 * CameraCore.FramePeriodNs));

        Assert.Empty(_irqs);
        Assert.False(Dma.IsStreaming);
        Assert.Equal(0, Dma.QueuedBuffers);
        Assert.All(ReadPhys(BufferA, FrameSize), b => Assert.Equal(0, b));
    }

    [Fact]
    public void EndOfFrame_UnmappedBuffer_DmaWriteErrorWithIommuFaultAndNextFrameGoesOn()
    {
        var table = AttachCam();
        table.Map(new DeviceAddr(0x20_0000), BufferB, 0x4000, IommuProt.Write);
        Cam.QueueBuffer(new DeviceAddr(0x40_0000), FrameSize);
        Cam.QueueBuffer(new DeviceAddr(0x20_0000), FrameSize);

        Cam.StreamOn();
        _soc.Events.RunUntil(_soc.Clock.Now + (2 * CameraCore.FramePeriodNs));

        Assert.Equal(2, _irqs.Count);
        Assert.Equal(CameraStatus.DmaWriteError, _irqs[0].Status);
        Assert.Equal(DeviceAccessResult.IommuFault, _irqs[0].FaultKind);
        Assert.Equal(new DeviceAddr(0x40_0000), _irqs[0].FaultAddress);
        Assert.Equal(CameraStatus.Done, _irqs[1].Status);
        Assert.Equal(CameraScene.Frame(Width, Height, 1), ReadPhys(BufferB, FrameSize));
        Assert.Equal((1, 1), (Cam.FramesCaptured, Cam.FramesFailed));
    }

    [Fact]
    public void EndOfFrame_NormalModeIntoProtectedMemory_FirewallRefusesTheWrite()
    {
        Protect();
        Dma.QueueBuffer(new DeviceAddr(ProtectedBase.Value), FrameSize);

        Dma.StreamOn();
        _soc.Events.RunUntil(_soc.Clock.Now + CameraCore.FramePeriodNs);

        var irq = Assert.Single(_irqs);
        Assert.Equal(CameraStatus.DmaWriteError, irq.Status);
        Assert.Equal(DeviceAccessResult.FirewallDenied, irq.FaultKind);
        Assert.All(ReadPhys(ProtectedBase, FrameSize), b => Assert.Equal(0, b));
    }

    [Fact]
    public void EndOfFrame_SecureModeIntoOrdinaryMemory_SecureWriteErrorAndNothingIsWritten()
    {
        var table = AttachCam();
        Protect();
        table.Map(new DeviceAddr(0x20_0000), BufferA, 0x1000, IommuProt.Write);
        table.Map(new DeviceAddr(0x20_1000), ProtectedBase, 0x3000, IommuProt.Write);
        Cam.SecureMode = true;
        Cam.QueueBuffer(new DeviceAddr(0x20_0000), FrameSize);

        Cam.StreamOn();
        _soc.Events.RunUntil(_soc.Clock.Now + CameraCore.FramePeriodNs);

        var irq = Assert.Single(_irqs);
        Assert.Equal(CameraStatus.SecureWriteError, irq.Status);
        Assert.Equal(new DeviceAddr(0x20_0000), irq.FaultAddress);
        Assert.All(ReadPhys(BufferA, 0x1000), b => Assert.Equal(0, b));
        Assert.All(ReadPhys(ProtectedBase, 0x3000), b => Assert.Equal(0, b));
    }

    [Fact]
    public void EndOfFrame_SecureModeIntoProtectedMemory_WritesTheSceneWithSecureTransactions()
    {
        var table = AttachCam();
        Protect();
        table.Map(new DeviceAddr(0x20_0000), ProtectedBase, 0x4000, IommuProt.Write);
        Cam.SecureMode = true;
        Cam.QueueBuffer(new DeviceAddr(0x20_0000), FrameSize);

        Cam.StreamOn();
        _soc.Events.RunUntil(_soc.Clock.Now + CameraCore.FramePeriodNs);

        Assert.Equal(CameraStatus.Done, Assert.Single(_irqs).Status);
        Assert.Equal(CameraScene.Frame(Width, Height, 0), ReadPhys(ProtectedBase, FrameSize));
        Assert.Empty(Cam.Master.Faults);
    }

    [Fact]
    public void SecureMode_OnAMasterWithoutSecureTransactions_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Dma.SecureMode = true);
    }

    [Fact]
    public void SecureMode_ChangedWhileStreaming_Throws()
    {
        Cam.StreamOn();

        Assert.Throws<InvalidOperationException>(() => Cam.SecureMode = true);
        Assert.Throws<InvalidOperationException>(() => Cam.SetFormat(32, 32));
    }

    [Fact]
    public void QueueBuffer_SmallerThanAFrame_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Dma.QueueBuffer(new DeviceAddr(BufferA.Value), FrameSize - 1));
    }

    [Fact]
    public void Reset_Streaming_StopsAndSecureModeEnds()
    {
        Cam.SecureMode = true;
        Cam.QueueBuffer(new DeviceAddr(0x20_0000), FrameSize);
        Cam.StreamOn();

        Cam.Reset();
        _soc.Events.RunUntil(_soc.Clock.Now + (2 * CameraCore.FramePeriodNs));

        Assert.Empty(_irqs);
        Assert.False(Cam.IsStreaming);
        Assert.False(Cam.SecureMode);
    }

    [Fact]
    public void Soc_CameraNotAMaster_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Soc(TestBoards.Description() with { Cameras = ["nope"] }));
    }

    private RkIommuPageTable AttachCam()
    {
        var table = _soc.CreateRkIommuPageTable(TestBoards.TablePool());
        _soc.Iommu("cam-mmu").Attach(table.Root);
        return table;
    }

    /// <summary>2 MiB at <see cref="ProtectedBase"/>, secure transactions only (no master's non-secure access).</summary>
    private void Protect()
    {
        var capability = TestBoards.Capability(_soc);
        _soc.Firewall.ProgramRegion(capability, 1, new PhysRange(ProtectedBase, 0x20_0000), FirewallPermissions.SecureOnly);
    }

    private byte[] ReadPhys(PhysAddr at, uint length)
    {
        var bytes = new byte[length];
        _soc.Memory.Read(at, bytes);
        return bytes;
    }
}
