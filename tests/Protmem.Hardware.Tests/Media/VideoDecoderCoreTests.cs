using Protmem.Hardware.Bus;
using Protmem.Hardware.Firewall;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Media;

namespace Protmem.Hardware.Tests.Media;

/// <summary>
/// The decoder block on the test board: "vdec" (id 5, secure-capable, behind "vdec-mmu") and "dma" (id 4,
/// non-secure, no IOMMU) are both decoders. Protected memory is a firewall region open to secure
/// transactions only, as the secure world programs one for a secure-capable master. The firewall checks
/// secure transactions per master (as rk3588's does).
/// </summary>
public sealed class VideoDecoderCoreTests
{
    private const int Width = 64;
    private const int Height = 32;
    private static readonly PhysAddr Bitstream = TestBoards.Dram(0x10_0000);
    private static readonly PhysAddr Picture = TestBoards.Dram(0x20_0000);
    private static readonly PhysAddr ProtectedBase = TestBoards.Dram(0x100_0000);
    private static readonly PhysAddr ProtectedBitstream = ProtectedBase;
    private static readonly PhysAddr ProtectedPicture = ProtectedBase + 0x10_0000;

    private readonly Soc _soc;
    private readonly byte[] _image = Pmv1CodecTests.Image("gradient", Width, Height);
    private readonly byte[] _frame;
    private readonly List<VideoDecoderInterrupt> _irqs = [];

    public VideoDecoderCoreTests()
    {
        var board = TestBoards.Description();
        _soc = new Soc(board with
        {
            Masters = [.. board.Masters, new BusMasterDescription(5, "vdec", CanIssueNonSecure: true, CanIssueSecure: true)],
            Iommus = [.. board.Iommus, new IommuDescription("vdec-mmu", ["vdec"])],
            VideoDecoders = ["vdec", "dma"],
            FirewallFiltersSecureByMaster = true,
        });
        _frame = Pmv1Codec.Encode(_image, Width, Height);
        foreach (var core in _soc.VideoDecoders.Values)
        {
            core.InterruptHandler = _irqs.Add;
        }
    }

    private FirewallCapability? _capability;

    private FirewallCapability Capability => _capability ??= TestBoards.Capability(_soc);

    private VideoDecoderCore Dma => _soc.VideoDecoders["dma"];

    private VideoDecoderCore Vdec => _soc.VideoDecoders["vdec"];

    private static uint PictureSize => (uint)Pmv1Codec.Nv12Size(Width, Height);

    [Fact]
    public void Start_ValidFrame_WritesTheCpuDecodeAndInterruptsAfterItsCost()
    {
        _soc.Memory.Write(Bitstream, _frame);
        var before = _soc.Clock.Now;

        Dma.Start(new DeviceAddr(Bitstream.Value), (uint)_frame.Length, new DeviceAddr(Picture.Value), PictureSize);
        Assert.True(Dma.IsBusy);
        _soc.Events.RunUntilEmpty();

        var irq = Assert.Single(_irqs);
        Assert.Equal(VideoDecoderStatus.Done, irq.Status);
        Assert.Equal((Width, Height, (int)PictureSize), (irq.Width, irq.Height, irq.BytesWritten));
        Assert.Equal(before + VideoDecoderCore.StartNs + (PictureSize / VideoDecoderCore.BytesPerNs), irq.Time);
        Assert.Equal(_image, ReadPhys(Picture, PictureSize));
        Assert.False(Dma.IsBusy);
        Assert.Equal((1, 0), (Dma.JobsStarted, Dma.JobsFailed));
    }

    [Fact]
    public void Start_WhileBusy_Throws()
    {
        _soc.Memory.Write(Bitstream, _frame);
        Dma.Start(new DeviceAddr(Bitstream.Value), (uint)_frame.Length, new DeviceAddr(Picture.Value), PictureSize);

        Assert.Throws<InvalidOperationException>(() => Dma.Start(new DeviceAddr(Bitstream.Value), (uint)_frame.Length, new DeviceAddr(Picture.Value), PictureSize));
    }

    [Fact]
    public void Start_CorruptFrame_BitstreamErrorAndNothingWritten()
    {
        var corrupt = (byte[])_frame.Clone();
        corrupt[^1] = 0x05;
        _soc.Memory.Write(Bitstream, corrupt.AsSpan(0, corrupt.Length - 1));

        Run(Dma, Bitstream, (uint)corrupt.Length - 1, Picture, PictureSize);

        Assert.Equal(VideoDecoderStatus.BitstreamError, Assert.Single(_irqs).Status);
        Assert.All(ReadPhys(Picture, PictureSize), b => Assert.Equal(0, b));
        Assert.Equal(1, Dma.JobsFailed);
    }

    [Fact]
    public void Start_PictureSmallerThanTheFrame_BitstreamError()
    {
        _soc.Memory.Write(Bitstream, _frame);

        Run(Dma, Bitstream, (uint)_frame.Length, Picture, PictureSize - 1);

        var irq = Assert.Single(_irqs);
        Assert.Equal(VideoDecoderStatus.BitstreamError, irq.Status);
        Assert.Equal((Width, Height, 0), (irq.Width, irq.Height, irq.BytesWritten));
    }

    [Fact]
    public void Start_UnmappedPicture_DmaWriteErrorAtTheIova()
    {
        var table = AttachVdec();
        _soc.Memory.Write(Bitstream, _frame);
        Assert.Equal(IommuMapResult.Success, table.Map(new DeviceAddr(0x10_0000), Bitstream, 0x1000, IommuProt.Read));

        Vdec.Start(new DeviceAddr(0x10_0000), (uint)_frame.Length, new DeviceAddr(0x40_0000), PictureSize);
        _soc.Events.RunUntilEmpty();

        var irq = Assert.Single(_irqs);
        Assert.Equal(VideoDecoderStatus.DmaWriteError, irq.Status);
        Assert.Equal(new DeviceAddr(0x40_0000), irq.FaultAddress);
        Assert.Equal(DeviceAccessResult.IommuFault, irq.FaultKind);
    }

    [Fact]
    public void Start_NormalModeProtectedBitstream_FirewallRefusesTheReadAndNothingIsWritten()
    {
        // A driver that forgot the restricted check still cannot decode protected content into ordinary memory.
        Protect();
        _soc.Memory.Write(ProtectedBitstream, _frame);

        Run(Dma, ProtectedBitstream, (uint)_frame.Length, Picture, PictureSize);

        var irq = Assert.Single(_irqs);
        Assert.Equal(VideoDecoderStatus.DmaReadError, irq.Status);
        Assert.Equal(DeviceAccessResult.FirewallDenied, irq.FaultKind);
        Assert.Equal(new DeviceAddr(ProtectedBitstream.Value), irq.FaultAddress);
        Assert.All(ReadPhys(Picture, PictureSize), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Start_SecureModeProtectedBitstreamIntoOrdinaryMemory_SecureWriteErrorAndNothingIsWritten()
    {
        // A driver that set secure mode for an ordinary CAPTURE buffer: the block refuses the write.
        var table = AttachVdec();
        Protect();
        _soc.Memory.Write(ProtectedBitstream, _frame);
        table.Map(new DeviceAddr(0x10_0000), ProtectedBitstream, 0x2000, IommuProt.Read);
        table.Map(new DeviceAddr(0x20_0000), Picture, 0x1000, IommuProt.Write);
        table.Map(new DeviceAddr(0x20_1000), ProtectedPicture, 0x3000, IommuProt.Write);
        Vdec.SecureMode = true;

        Vdec.Start(new DeviceAddr(0x10_0000), (uint)_frame.Length, new DeviceAddr(0x20_0000), PictureSize);
        _soc.Events.RunUntilEmpty();

        var irq = Assert.Single(_irqs);
        Assert.Equal(VideoDecoderStatus.SecureWriteError, irq.Status);
        Assert.Equal(new DeviceAddr(0x20_0000), irq.FaultAddress);
        Assert.Equal(0, irq.BytesWritten);
        Assert.All(ReadPhys(Picture, 0x1000), b => Assert.Equal(0, b));
        Assert.All(ReadPhys(ProtectedPicture, 0x3000), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Start_SecureModeProtectedToProtected_DecodesWithSecureTransactions()
    {
        var table = AttachVdec();
        Protect();
        _soc.Memory.Write(ProtectedBitstream, _frame);
        table.Map(new DeviceAddr(0x10_0000), ProtectedBitstream, 0x2000, IommuProt.Read);
        table.Map(new DeviceAddr(0x20_0000), ProtectedPicture, 0x4000, IommuProt.Write);
        Vdec.SecureMode = true;

        Vdec.Start(new DeviceAddr(0x10_0000), (uint)_frame.Length, new DeviceAddr(0x20_0000), PictureSize);
        _soc.Events.RunUntilEmpty();

        Assert.Equal(VideoDecoderStatus.Done, Assert.Single(_irqs).Status);
        Assert.Equal(_image, ReadPhys(ProtectedPicture, PictureSize));
        Assert.Empty(Vdec.Master.Faults);
    }

    [Fact]
    public void Start_SecureModeBitstreamInAnotherUseCasesRegion_FirewallRefusesTheReadAndNothingIsWritten()
    {
        // A region whose use case does not list the decoder (a crypto key, a trusted-UI pad): even in secure
        // mode the decoder cannot read it into memory the display could scan out.
        var table = AttachVdec();
        Protect();
        var keyPage = new PhysRange(ProtectedBase + 0x20_0000, 0x1000);
        var cpu = FirewallPermissions.MasterBit(_soc.Cpu.Master.Id);
        _soc.Firewall.ProgramRegion(Capability, 2, keyPage, FirewallPermissions.SecureOnly.WithSecureMasters(cpu, cpu));
        _soc.Memory.Write(keyPage.Start, _frame);
        table.Map(new DeviceAddr(0x10_0000), keyPage.Start, 0x1000, IommuProt.Read);
        table.Map(new DeviceAddr(0x20_0000), ProtectedPicture, 0x4000, IommuProt.Write);
        Vdec.SecureMode = true;

        Vdec.Start(new DeviceAddr(0x10_0000), (uint)_frame.Length, new DeviceAddr(0x20_0000), PictureSize);
        _soc.Events.RunUntilEmpty();

        var irq = Assert.Single(_irqs);
        Assert.Equal(VideoDecoderStatus.DmaReadError, irq.Status);
        Assert.Equal(DeviceAccessResult.FirewallDenied, irq.FaultKind);
        Assert.All(ReadPhys(ProtectedPicture, 0x4000), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Start_NormalModeIntoProtectedMemory_FirewallRefusesTheWrite()
    {
        var table = AttachVdec();
        Protect();
        _soc.Memory.Write(Bitstream, _frame);
        table.Map(new DeviceAddr(0x10_0000), Bitstream, 0x2000, IommuProt.Read);
        table.Map(new DeviceAddr(0x20_0000), ProtectedPicture, 0x4000, IommuProt.Write);

        Vdec.Start(new DeviceAddr(0x10_0000), (uint)_frame.Length, new DeviceAddr(0x20_0000), PictureSize);
        _soc.Events.RunUntilEmpty();

        var irq = Assert.Single(_irqs);
        Assert.Equal(VideoDecoderStatus.DmaWriteError, irq.Status);
        Assert.Equal(DeviceAccessResult.FirewallDenied, irq.FaultKind);
    }

    [Fact]
    public void SecureMode_OnAMasterWithoutSecureTransactions_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Dma.SecureMode = true);
    }

    [Fact]
    public void SecureMode_ChangedWhileBusy_Throws()
    {
        _soc.Memory.Write(Bitstream, _frame);
        AttachVdec().Map(new DeviceAddr(0x10_0000), Bitstream, 0x2000, IommuProt.Read);
        Vdec.Start(new DeviceAddr(0x10_0000), (uint)_frame.Length, new DeviceAddr(0x20_0000), PictureSize);

        Assert.Throws<InvalidOperationException>(() => Vdec.SecureMode = true);
    }

    [Fact]
    public void Reset_JobInFlight_NoInterruptAndSecureModeEnds()
    {
        var table = AttachVdec();
        _soc.Memory.Write(Bitstream, _frame);
        table.Map(new DeviceAddr(0x10_0000), Bitstream, 0x2000, IommuProt.Read);
        Vdec.SecureMode = true;
        Vdec.Start(new DeviceAddr(0x10_0000), (uint)_frame.Length, new DeviceAddr(0x20_0000), PictureSize);

        Vdec.Reset();
        _soc.Events.RunUntilEmpty();

        Assert.Empty(_irqs);
        Assert.False(Vdec.IsBusy);
        Assert.False(Vdec.SecureMode);
    }

    [Fact]
    public void Soc_VideoDecoderNotAMaster_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Soc(TestBoards.Description() with { VideoDecoders = ["nope"] }));
    }

    private void Run(VideoDecoderCore core, PhysAddr bitstream, uint length, PhysAddr picture, uint pictureLength)
    {
        core.Start(new DeviceAddr(bitstream.Value), length, new DeviceAddr(picture.Value), pictureLength);
        _soc.Events.RunUntilEmpty();
    }

    private RkIommuPageTable AttachVdec()
    {
        var table = _soc.CreateRkIommuPageTable(TestBoards.TablePool());
        _soc.Iommu("vdec-mmu").Attach(table.Root);
        return table;
    }

    /// <summary>1 MiB of bitstream and 1 MiB of picture, secure transactions only (no master's non-secure access).</summary>
    private void Protect()
    {
        _soc.Firewall.ProgramRegion(Capability, 1, new PhysRange(ProtectedBase, 0x20_0000), FirewallPermissions.SecureOnly);
    }

    private byte[] ReadPhys(PhysAddr at, uint length)
    {
        var bytes = new byte[length];
        _soc.Memory.Read(at, bytes);
        return bytes;
    }
}
