using Protmem.Hardware.Bus;
using Protmem.Hardware.Media;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Media.V4l2;
using Protmem.Uapi;
using Protmem.Uapi.Videodev2;

namespace Protmem.Kernel.Media.Rockchip;

/// <summary>
/// The RK3588 video decoder driver (after drivers/media/platform/rockchip/rkvdec, with the restricted-queue
/// rules of the MediaTek secure-decoder series): a stateless V4L2 memory-to-memory decoder of PMV1 frames
/// (docs/video-codec.md) into NV12, one frame per job.
/// 1. Probe: the <c>rockchip,rk3588-vdec</c> node's decoder block gets its IRQ handler and /dev/videoN is
///    registered (M2M_MPLANE | STREAMING).
/// 2. open(2): a <see cref="RkvdecContext"/> with default formats (1920×1080) and two DMABUF queues that
///    allow restricted memory when the block has a secure mode (<see cref="RockchipCodecDevice{TContext}.SupportsRestrictedMem"/>).
/// 3. S_FMT / REQBUFS / QBUF / STREAMON as V4L2; a job runs when both queues stream with a buffer ready:
///    the bitstream and the picture are addressed through the decoder's IOMMU (dma-buf attach and map in
///    videobuf2), and a job whose CAPTURE queue is restricted runs in the block's secure mode.
/// 4. The IRQ: both buffers are done (V4L2_BUF_FLAG_ERROR on a decode error, which is logged in
///    <see cref="Errors"/>), the timestamp copied to the picture, the next job starts.
/// 5. The last close releases the context: its job is waited for, every dma-buf detached and put.
/// The context, format, queue and completion handling is <see cref="RockchipCodecDevice{TContext}"/>'s (shared with rkvenc).
/// Restricted rules: RESTRICTED without DMABUF → -EINVAL (videobuf2); a dma-buf whose protection does not
/// match its queue → -EINVAL at QBUF; a restricted OUTPUT queue needs a restricted CAPTURE queue, refused
/// at REQBUFS / CREATE_BUFS (queue_setup) of whichever queue would break it, so the pair never exists.
/// </summary>
public sealed class RkvdecDevice : RockchipCodecDevice<RkvdecContext>
{
    /// <summary>The compatible of the decoder node.</summary>
    public const string Compatible = "rockchip,rk3588-vdec";

    /// <summary>The driver's name (QUERYCAP's driver).</summary>
    public const string DriverName = "rkvdec";

    /// <summary>The smallest picture the driver accepts (each side).</summary>
    public const uint MinSize = 16;

    /// <summary>The size a new context starts with.</summary>
    public const uint DefaultWidth = 1920;

    public const uint DefaultHeight = 1080;

    private readonly List<RkvdecJobError> _errors = [];

    private RkvdecDevice(KernelContext kernel, PlatformDevice device, VideoDecoderCore hardware)
        : base(kernel, device, DriverName)
    {
        Hardware = hardware;
    }

    /// <summary>The decoder block's registers and IRQ.</summary>
    public VideoDecoderCore Hardware { get; }

    /// <summary>Jobs that ended in error, oldest first.</summary>
    public IReadOnlyList<RkvdecJobError> Errors => _errors;

    private protected override DeviceMaster BlockMaster => Hardware.Master;

    private protected override bool BlockIsBusy => Hardware.IsBusy;

    private protected override string BlockKind => "decoder";

    private protected override (uint Width, uint Height) DefaultSize => (DefaultWidth, DefaultHeight);

    /// <summary>rkvdec_probe: -ENODEV without a decoder block behind the node's master; the video node's errno.</summary>
    public static int Probe(KernelContext kernel, PlatformDevice device, out RkvdecDevice? rkvdec)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(device);
        rkvdec = null;
        if (device.Master is not { } master || !kernel.Hardware.VideoDecoders.TryGetValue(master.Name, out var hardware))
        {
            return -Errno.ENODEV;
        }

        var candidate = new RkvdecDevice(kernel, device, hardware);
        var result = candidate.RegisterNode();
        if (result < 0)
        {
            return result;
        }

        hardware.InterruptHandler = candidate.OnInterrupt;
        rkvdec = candidate;
        return 0;
    }

    /// <summary>One format per side: PMV1 (compressed) on OUTPUT, NV12 on CAPTURE.</summary>
    public override int EnumFmt(V4l2Fh fh, ref V4l2Fmtdesc fmtdesc)
    {
        if (fmtdesc.Index != 0)
        {
            return -Errno.EINVAL;
        }

        var output = fmtdesc.Type == V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
        fmtdesc.Pixelformat = output ? V4l2Ioctl.V4L2_PIX_FMT_PMV1 : V4l2Ioctl.V4L2_PIX_FMT_NV12;
        fmtdesc.Flags = output ? V4l2Ioctl.V4L2_FMT_FLAG_COMPRESSED : 0;
        fmtdesc.Description = output ? "PMV1 intra video" : "Y/UV 4:2:0";
        fmtdesc.MbusCode = 0;
        return 0;
    }

    /// <summary>rkvdec_device_run: the oldest bitstream into the oldest picture, in secure mode when the CAPTURE queue is restricted.</summary>
    public override void DeviceRun(V4l2M2mCtx ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var src = ctx.NextSrcBuf() ?? throw new KernelOopsException("rkvdec: a job runs without a bitstream buffer");
        var dst = ctx.NextDstBuf() ?? throw new KernelOopsException("rkvdec: a job runs without a picture buffer");
        Hardware.SecureMode = ctx.CapQ.RestrictedMem;
        var bitstream = src.Plane.DmaAddress + src.Plane.DataOffset;
        Hardware.Start(bitstream, src.Plane.BytesUsed - src.Plane.DataOffset, dst.Plane.DmaAddress, dst.Plane.Length);
    }

    /// <summary>Removes the video node (rkvdec_remove).</summary>
    internal void Remove()
    {
        Hardware.InterruptHandler = null;
        UnregisterNode();
    }

    private protected override RkvdecContext CreateContext(V4l2Fh fh) => new(fh);

    /// <summary>Clamped to [<see cref="MinSize"/>, <paramref name="max"/>] (both even), then rounded up to even.</summary>
    private static uint Even(uint value, uint max)
    {
        var clamped = Math.Clamp(value, MinSize, max);
        return clamped + (clamped & 1);
    }

    private protected override void AdjustOutput(ref V4l2Format format)
    {
        format.Pixelformat = V4l2Ioctl.V4L2_PIX_FMT_PMV1;
        format.Width = Even(format.Width, Pmv1Codec.MaxWidth);
        format.Height = Even(format.Height, Pmv1Codec.MaxHeight);
        format.Field = V4l2Ioctl.V4L2_FIELD_NONE;
        format.Colorspace = V4l2Ioctl.V4L2_COLORSPACE_DEFAULT;
        format.NumPlanes = 1;
        format.BytesPerLine = 0;
        var largest = (uint)Pmv1Codec.MaxFrameSize((int)format.Width, (int)format.Height);
        format.SizeImage = format.SizeImage == 0 ? largest : Math.Clamp(format.SizeImage, (uint)Pmv1Codec.HeaderSize, largest);
    }

    private protected override V4l2Format CaptureFor(V4l2Format output) => new()
    {
        Type = V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE,
        Width = output.Width,
        Height = output.Height,
        Pixelformat = V4l2Ioctl.V4L2_PIX_FMT_NV12,
        Field = V4l2Ioctl.V4L2_FIELD_NONE,
        Colorspace = V4l2Ioctl.V4L2_COLORSPACE_SMPTE170M,
        NumPlanes = 1,
        BytesPerLine = output.Width,
        SizeImage = (uint)Pmv1Codec.Nv12Size((int)output.Width, (int)output.Height),
    };

    /// <summary>rkvdec_irq_handler: both buffers done with the job's state, the picture's bytesused and timestamp set, the next job.</summary>
    private void OnInterrupt(VideoDecoderInterrupt irq)
    {
        var ctx = RunningContext();
        var secure = Hardware.SecureMode;
        Hardware.SecureMode = false;
        var state = irq.Status == VideoDecoderStatus.Done ? Vb2BufferState.Done : Vb2BufferState.Error;
        if (state == Vb2BufferState.Error)
        {
            _errors.Add(new RkvdecJobError(irq.Time, ctx.Fh.OwnerPid, irq.Status, secure, irq.FaultAddress, irq.FaultKind));
        }

        CompleteJob(ctx, state, irq.BytesWritten);
    }
}
