using Protmem.Hardware.Bus;
using Protmem.Hardware.Media;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Media.V4l2;
using Protmem.Uapi;
using Protmem.Uapi.Videodev2;

namespace Protmem.Kernel.Media.Rockchip;

/// <summary>
/// The RK3588 video encoder driver (after the hantro VEPU121 encoder in drivers/media/platform/verisilicon, with
/// the decoder's restricted-queue rules): a V4L2 memory-to-memory encoder of NV12 pictures into PMV1 frames
/// (docs/video-codec.md), one frame per job.
/// 1. Probe: the <c>rockchip,rk3588-vepu121</c> node's encoder block gets its IRQ handler and /dev/videoN is
///    registered (M2M_MPLANE | STREAMING).
/// 2. open(2): a <see cref="RkvencContext"/> with default formats (1920×1080) and two DMABUF queues that
///    allow restricted memory when the block has a secure mode (<see cref="RockchipCodecDevice{TContext}.SupportsRestrictedMem"/>).
/// 3. S_FMT / REQBUFS / QBUF / STREAMON as V4L2; a job runs when both queues stream with a buffer ready:
///    the picture and the bitstream are addressed through the encoder's IOMMU (dma-buf attach and map in
///    videobuf2), and a job whose CAPTURE queue is restricted runs in the block's secure mode.
/// 4. The IRQ: both buffers are done (V4L2_BUF_FLAG_ERROR on an encode error, which is logged in
///    <see cref="Errors"/>), the CAPTURE buffer's bytesused is the frame's size, the timestamp is copied
///    to it, the next job starts.
/// 5. The last close releases the context: its job is waited for, every dma-buf detached and put.
/// The context, format, queue and completion handling is <see cref="RockchipCodecDevice{TContext}"/>'s (shared with rkvdec).
/// Restricted rules (as rkvdec): RESTRICTED without DMABUF → -EINVAL (videobuf2); a dma-buf whose protection
/// does not match its queue → -EINVAL at QBUF; a restricted OUTPUT queue needs a restricted CAPTURE queue,
/// refused at REQBUFS / CREATE_BUFS (queue_setup) of whichever queue would break it, so protected pictures
/// are never encoded into ordinary memory.
/// </summary>
public sealed class RkvencDevice : RockchipCodecDevice<RkvencContext>
{
    /// <summary>The compatible of the encoder node.</summary>
    public const string Compatible = "rockchip,rk3588-vepu121";

    /// <summary>The driver's name (QUERYCAP's driver).</summary>
    public const string DriverName = "rkvenc";

    /// <summary>The smallest picture the driver accepts (each side).</summary>
    public const uint MinSize = 16;

    /// <summary>The size a new context starts with.</summary>
    public const uint DefaultWidth = 1920;

    public const uint DefaultHeight = 1080;

    private readonly List<RkvencJobError> _errors = [];

    private RkvencDevice(KernelContext kernel, PlatformDevice device, VideoEncoderCore hardware)
        : base(kernel, device, DriverName)
    {
        Hardware = hardware;
    }

    /// <summary>The encoder block's registers and IRQ.</summary>
    public VideoEncoderCore Hardware { get; }

    /// <summary>Jobs that ended in error, oldest first.</summary>
    public IReadOnlyList<RkvencJobError> Errors => _errors;

    private protected override DeviceMaster BlockMaster => Hardware.Master;

    private protected override bool BlockIsBusy => Hardware.IsBusy;

    private protected override string BlockKind => "encoder";

    private protected override (uint Width, uint Height) DefaultSize => (DefaultWidth, DefaultHeight);

    /// <summary>rkvenc_probe: -ENODEV without an encoder block behind the node's master; the video node's errno.</summary>
    public static int Probe(KernelContext kernel, PlatformDevice device, out RkvencDevice? rkvenc)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(device);
        rkvenc = null;
        if (device.Master is not { } master || !kernel.Hardware.VideoEncoders.TryGetValue(master.Name, out var hardware))
        {
            return -Errno.ENODEV;
        }

        var candidate = new RkvencDevice(kernel, device, hardware);
        var result = candidate.RegisterNode();
        if (result < 0)
        {
            return result;
        }

        hardware.InterruptHandler = candidate.OnInterrupt;
        rkvenc = candidate;
        return 0;
    }

    /// <summary>One format per side: NV12 on OUTPUT, PMV1 (compressed) on CAPTURE.</summary>
    public override int EnumFmt(V4l2Fh fh, ref V4l2Fmtdesc fmtdesc)
    {
        if (fmtdesc.Index != 0)
        {
            return -Errno.EINVAL;
        }

        var capture = fmtdesc.Type == V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
        fmtdesc.Pixelformat = capture ? V4l2Ioctl.V4L2_PIX_FMT_PMV1 : V4l2Ioctl.V4L2_PIX_FMT_NV12;
        fmtdesc.Flags = capture ? V4l2Ioctl.V4L2_FMT_FLAG_COMPRESSED : 0;
        fmtdesc.Description = capture ? "PMV1 intra video" : "Y/UV 4:2:0";
        fmtdesc.MbusCode = 0;
        return 0;
    }

    /// <summary>
    /// rkvenc_device_run: the oldest picture into the oldest bitstream buffer, in secure mode when the CAPTURE queue is restricted.
    /// Model: the block reads the whole picture of the OUTPUT format (vb2 made the plane at least sizeimage); the
    /// OUTPUT buffer's bytesused is not checked, as hantro's encoder does not.
    /// </summary>
    public override void DeviceRun(V4l2M2mCtx ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var src = ctx.NextSrcBuf() ?? throw new KernelOopsException("rkvenc: a job runs without a picture buffer");
        var dst = ctx.NextDstBuf() ?? throw new KernelOopsException("rkvenc: a job runs without a bitstream buffer");
        var format = ((RkvencContext)ctx.Priv!).OutputFormat;
        Hardware.SecureMode = ctx.CapQ.RestrictedMem;
        var picture = src.Plane.DmaAddress + src.Plane.DataOffset;
        Hardware.Start(picture, (int)format.Width, (int)format.Height, dst.Plane.DmaAddress, dst.Plane.Length);
    }

    /// <summary>Removes the video node (rkvenc_remove).</summary>
    internal void Remove()
    {
        Hardware.InterruptHandler = null;
        UnregisterNode();
    }

    private protected override RkvencContext CreateContext(V4l2Fh fh) => new(fh);

    /// <summary>Clamped to [<see cref="MinSize"/>, <paramref name="max"/>] (both even), then rounded up to even.</summary>
    private static uint Even(uint value, uint max)
    {
        var clamped = Math.Clamp(value, MinSize, max);
        return clamped + (clamped & 1);
    }

    private protected override void AdjustOutput(ref V4l2Format format)
    {
        format.Pixelformat = V4l2Ioctl.V4L2_PIX_FMT_NV12;
        format.Width = Even(format.Width, Pmv1Codec.MaxWidth);
        format.Height = Even(format.Height, Pmv1Codec.MaxHeight);
        format.Field = V4l2Ioctl.V4L2_FIELD_NONE;
        format.Colorspace = V4l2Ioctl.V4L2_COLORSPACE_SMPTE170M;
        format.NumPlanes = 1;
        format.BytesPerLine = format.Width;
        format.SizeImage = (uint)Pmv1Codec.Nv12Size((int)format.Width, (int)format.Height);
    }

    private protected override V4l2Format CaptureFor(V4l2Format output) => new()
    {
        Type = V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE,
        Width = output.Width,
        Height = output.Height,
        Pixelformat = V4l2Ioctl.V4L2_PIX_FMT_PMV1,
        Field = V4l2Ioctl.V4L2_FIELD_NONE,
        Colorspace = V4l2Ioctl.V4L2_COLORSPACE_DEFAULT,
        NumPlanes = 1,
        BytesPerLine = 0,
        SizeImage = (uint)Pmv1Codec.MaxFrameSize((int)output.Width, (int)output.Height),
    };

    /// <summary>rkvenc_irq_handler: both buffers done with the job's state, the frame's bytesused and timestamp set, the next job.</summary>
    private void OnInterrupt(VideoEncoderInterrupt irq)
    {
        var ctx = RunningContext();
        var secure = Hardware.SecureMode;
        Hardware.SecureMode = false;
        var state = irq.Status == VideoEncoderStatus.Done ? Vb2BufferState.Done : Vb2BufferState.Error;
        if (state == Vb2BufferState.Error)
        {
            _errors.Add(new RkvencJobError(irq.Time, ctx.Fh.OwnerPid, irq.Status, secure, irq.FaultAddress, irq.FaultKind));
        }

        CompleteJob(ctx, state, irq.BytesWritten);
    }
}
