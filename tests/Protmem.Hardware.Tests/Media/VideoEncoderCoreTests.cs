using Protmem.Hardware.Bus;
using Protmem.Hardware.Firewall;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Media;

namespace Protmem.Hardware.Tests.Media;

/// <summary>
/// The encoder block on the test board: "vepu" (id 5, secure-capable, behind "vepu-mmu") and "dma" (id 4,
/// non-secure, no IOMMU) are both encoders. Protected memory is a firewall region open to secure
/// transactions only, as the secure world programs one for a secure-capable master.
/// </summary>
public sealed class VideoEncoderCoreTests
{
    private const int Width = 64;
    private const int Height = 32;
    private static readonly PhysAddr Picture = TestBoards.Dram(0x10_0000);
    private static readonly PhysAddr Bitstream = TestBoards.Dram(0x20_0000);
    private static readonly PhysAddr ProtectedBase = TestBoards.Dram(0x100_0000);
    private static readonly PhysAddr ProtectedPicture = ProtectedBase;
    private static readonly PhysAddr ProtectedBitstream = ProtectedBase + 0x10_0000;

    private readonly Soc _soc;
    private readonly byte[] _image = Pmv1CodecTests.Image("gradient", Width, Height);
    private readonly byte[] _frame;
    private readonly List<VideoEncoderInterrupt> _irqs = [];

    public VideoEncoderCoreTests()
    {
        var board = TestBoards.Description();
        _soc = new Soc(board with
        {
            Masters = [.. board.Masters, new BusMasterDescription(5, "vepu", CanIssueNonSecure: true, CanIssueSecure: true)],
            Iommus = [.. board.Iommus, new IommuDescription("vepu-mmu", ["vepu"])],
            VideoEncoders = ["vepu", "dma"],
        });
        _frame = Pmv1Codec.Encode(_image, Width, Height);
        foreach (var core in _soc.VideoEncoders.Values)
        {
            core.InterruptHandler = _irqs.Add;
        }
    }

    private VideoEncoderCore Dma => _soc.VideoEncoders["dma"];

    private VideoEncoderCore Vepu => _soc.VideoEncoders["vepu"];

    private static uint Capacity => (uint)Pmv1Codec.MaxFrameSize(Width, Height);

    [Fact]
    public void Start_ValidPicture_WritesTheCpuEncodeAndInterruptsAfterItsCost()
    {
        _soc.Memory.Write(Picture, _image);
        var before = _soc.Clock.Now;

        Dma.Start(new DeviceAddr(Picture.Value), Width, Height, new DeviceAddr(Bitstream.Value), Capacity);
        Assert.True(Dma.IsBusy);
        _soc.Events.RunUntilEmpty();

        var irq = Assert.Single(_irqs);
        Assert.Equal(VideoEncoderStatus.Done, irq.Status);
        Assert.Equal(_frame.Length, irq.BytesWritten);
        Assert.Equal(before + VideoEncoderCore.StartNs + ((ulong)_image.Length / VideoEncoderCore.BytesPerNs), irq.Time);
        Assert.Equal(_frame, ReadPhys(Bitstream, (uint)_frame.Length));
        Assert.False(Dma.IsBusy);
        Assert.Equal((1, 0), (Dma.JobsStarted, Dma.JobsFailed));
    }

    [Fact]
    public void Start_WhileBusy_Throws()
    {
        Dma.Start(new DeviceAddr(Picture.Value), Width, Height, new DeviceAddr(Bitstream.Value), Capacity);

        Assert.Throws<InvalidOperationException>(() => Dma.Start(new DeviceAddr(Picture.Value), Width, Height, new DeviceAddr(Bitstream.Value), Capacity));
    }

    [Theory]
    [InlineData(63, 32)]
    [InlineData(64, 0)]
    [InlineData(3842, 32)]
    public void Start_SizePmv1CannotCode_FormatErrorAndNothingWritten(int width, int height)
    {
        _soc.Memory.Write(Picture, _image);

        Run(Dma, Picture, width, height, Bitstream, Capacity);

        Assert.Equal(VideoEncoderStatus.FormatError, Assert.Single(_irqs).Status);
        Assert.All(ReadPhys(Bitstream, Capacity), b => Assert.Equal(0, b));
        Assert.Equal(1, Dma.JobsFailed);
    }

    [Fact]
    public void Start_CapacitySmallerThanTheFrame_BufferFullAndNothingWritten()
    {
        _soc.Memory.Write(Picture, _image);

        Run(Dma, Picture, Width, Height, Bitstream, (uint)_frame.Length - 1);

        var irq = Assert.Single(_irqs);
        Assert.Equal((VideoEncoderStatus.BufferFull, 0), (irq.Status, irq.BytesWritten));
        Assert.All(ReadPhys(Bitstream, Capacity), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Start_CapacityExactlyTheFrame_Done()
    {
        _soc.Memory.Write(Picture, _image);

        Run(Dma, Picture, Width, Height, Bitstream, (uint)_frame.Length);

        Assert.Equal((VideoEncoderStatus.Done, _frame.Length), (_irqs[0].Status, _irqs[0].BytesWritten));
    }

    [Fact]
    public void Start_UnmappedBitstream_DmaWriteErrorAtTheIova()
    {
        var table = AttachVepu();
        _soc.Memory.Write(Picture, _image);
        Assert.Equal(IommuMapResult.Success, table.Map(new DeviceAddr(0x10_0000), Picture, 0x1000, IommuProt.Read));

        Vepu.Start(new DeviceAddr(0x10_0000), Width, Height, new DeviceAddr(0x40_0000), Capacity);
        _soc.Events.RunUntilEmpty();

        var irq = Assert.Single(_irqs);
        Assert.Equal(VideoEncoderStatus.DmaWriteError, irq.Status);
        Assert.Equal(new DeviceAddr(0x40_0000), irq.FaultAddress);
        Assert.Equal(DeviceAccessResult.IommuFault, irq.FaultKind);
    }

    [Fact]
    public void Start_UnmappedPicture_DmaReadErrorAndNothingWritten()
    {
        var table = AttachVepu();
        table.Map(new DeviceAddr(0x20_0000), Bitstream, 0x4000, IommuProt.Write);

        Vepu.Start(new DeviceAddr(0x10_0000), Width, Height, new DeviceAddr(0x20_0000), Capacity);
        _soc.Events.RunUntilEmpty();

        var irq = Assert.Single(_irqs);
        Assert.Equal((VideoEncoderStatus.DmaReadError, DeviceAccessResult.IommuFault), (irq.Status, irq.FaultKind));
        Assert.Equal(new DeviceAddr(0x10_0000), irq.FaultAddress);
        Assert.All(ReadPhys(Bitstream, Capacity), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Start_NormalModeProtectedPicture_FirewallRefusesTheReadAndNothingIsWritten()
    {
        // A driver that forgot the restricted check still cannot encode protected pictures into ordinary memory.
        Protect();
        _soc.Memory.Write(ProtectedPicture, _image);

        Run(Dma, ProtectedPicture, Width, Height, Bitstream, Capacity);

        var irq = Assert.Single(_irqs);
        Assert.Equal(VideoEncoderStatus.DmaReadError, irq.Status);
        Assert.Equal(DeviceAccessResult.FirewallDenied, irq.FaultKind);
        Assert.Equal(new DeviceAddr(ProtectedPicture.Value), irq.FaultAddress);
        Assert.All(ReadPhys(Bitstream, Capacity), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Start_SecureModeProtectedPictureIntoOrdinaryMemory_SecureWriteErrorAndNothingIsWritten()
    {
        // A driver that set secure mode for an ordinary CAPTURE buffer: the block refuses the write.
        var table = AttachVepu();
        Protect();
        _soc.Memory.Write(ProtectedPicture, _image);
        table.Map(new DeviceAddr(0x10_0000), ProtectedPicture, 0x1000, IommuProt.Read);
        table.Map(new DeviceAddr(0x20_0000), Bitstream, 0x1000, IommuProt.Write);
        table.Map(new DeviceAddr(0x20_1000), ProtectedBitstream, 0x3000, IommuProt.Write);
        Vepu.SecureMode = true;

        Vepu.Start(new DeviceAddr(0x10_0000), Width, Height, new DeviceAddr(0x20_0000), Capacity);
        _soc.Events.RunUntilEmpty();

        var irq = Assert.Single(_irqs);
        Assert.Equal(VideoEncoderStatus.SecureWriteError, irq.Status);
        Assert.Equal(new DeviceAddr(0x20_0000), irq.FaultAddress);
        Assert.Equal(0, irq.BytesWritten);
        Assert.All(ReadPhys(Bitstream, 0x1000), b => Assert.Equal(0, b));
        Assert.All(ReadPhys(ProtectedBitstream, 0x3000), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Start_SecureModeProtectedToProtected_EncodesWithSecureTransactions()
    {
        var table = AttachVepu();
        Protect();
        _soc.Memory.Write(ProtectedPicture, _image);
        table.Map(new DeviceAddr(0x10_0000), ProtectedPicture, 0x1000, IommuProt.Read);
        table.Map(new DeviceAddr(0x20_0000), ProtectedBitstream, 0x4000, IommuProt.Write);
        Vepu.SecureMode = true;

        Vepu.Start(new DeviceAddr(0x10_0000), Width, Height, new DeviceAddr(0x20_0000), Capacity);
        _soc.Events.RunUntilEmpty();

        Assert.Equal(VideoEncoderStatus.Done, Assert.Single(_irqs).Status);
        Assert.Equal(_frame, ReadPhys(ProtectedBitstream, (uint)_frame.Length));
        Assert.Empty(Vepu.Master.Faults);
    }

    [Fact]
    public void Start_NormalModeIntoProtectedMemory_FirewallRefusesTheWrite()
    {
        var table = AttachVepu();
        Protect();
        _soc.Memory.Write(Picture, _image);
        table.Map(new DeviceAddr(0x10_0000), Picture, 0x1000, IommuProt.Read);
        table.Map(new DeviceAddr(0x20_0000), ProtectedBitstream, 0x4000, IommuProt.Write);

        Vepu.Start(new DeviceAddr(0x10_0000), Width, Height, new DeviceAddr(0x20_0000), Capacity);
        _soc.Events.RunUntilEmpty();

        var irq = Assert.Single(_irqs);
        Assert.Equal(VideoEncoderStatus.DmaWriteError, irq.Status);
        Assert.Equal(DeviceAccessResult.FirewallDenied, irq.FaultKind);
    }

    [Fact]
    public void SecureMode_OnAMasterWithoutSecureTransactions_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Dma.SecureMode = true);
    }

    [Fact]
    public void Reset_JobInFlight_NoInterruptAndSecureModeEnds()
    {
        AttachVepu();
        Vepu.SecureMode = true;
        Vepu.Start(new DeviceAddr(0x10_0000), Width, Height, new DeviceAddr(0x20_0000), Capacity);

        Assert.Throws<InvalidOperationException>(() => Vepu.SecureMode = false);
        Vepu.Reset();
        _soc.Events.RunUntilEmpty();

        Assert.Empty(_irqs);
        Assert.False(Vepu.IsBusy);
        Assert.False(Vepu.SecureMode);
    }

    [Fact]
    public void Soc_VideoEncoderNotAMaster_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Soc(TestBoards.Description() with { VideoEncoders = ["nope"] }));
    }

    private void Run(VideoEncoderCore core, PhysAddr picture, int width, int height, PhysAddr bitstream, uint capacity)
    {
        core.Start(new DeviceAddr(picture.Value), width, height, new DeviceAddr(bitstream.Value), capacity);
        _soc.Events.RunUntilEmpty();
    }

    private RkIommuPageTable AttachVepu()
    {
        var table = _soc.CreateRkIommuPageTable(TestBoards.TablePool());
        _soc.Iommu("vepu-mmu").Attach(table.Root);
        return table;
    }

    /// <summary>1 MiB of picture and 1 MiB of bitstream, secure transactions only (no master's non-secure access).</summary>
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
