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
///    allow restricted memory when the block has a secure mode (<see cref="SupportsRestrictedMem"/>).
/// 3. S_FMT / REQBUFS / QBUF / STREAMON as V4L2; a job runs when both queues stream with a buffer ready:
///    the bitstream and the picture are addressed through the decoder's IOMMU (dma-buf attach and map in
///    videobuf2), and a job whose CAPTURE queue is restricted runs in the block's secure mode.
/// 4. The IRQ: both buffers are done (V4L2_BUF_FLAG_ERROR on a decode error, which is logged in
///    <see cref="Errors"/>), the timestamp copied to the picture, the next job starts.
/// 5. The last close releases the context: its job is waited for, every dma-buf detached and put.
/// Restricted rules: RESTRICTED without DMABUF → -EINVAL (videobuf2); a dma-buf whose protection does not
/// match its queue → -EINVAL at QBUF; a restricted OUTPUT queue needs a restricted CAPTURE queue, refused
/// at REQBUFS / CREATE_BUFS (queue_setup) of whichever queue would break it, so the pair never exists.
/// </summary>
public sealed class RkvdecDevice : IV4l2FileOps, IV4l2IoctlOps, IV4l2M2mOps, IVb2Ops, IDeviceInvariants
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

    private readonly KernelContext _kernel;
    private readonly List<RkvdecContext> _contexts = [];
    private readonly List<RkvdecJobError> _errors = [];
    private VideoDevice? _vdev;

    private RkvdecDevice(KernelContext kernel, PlatformDevice device, VideoDecoderCore hardware)
    {
        _kernel = kernel;
        Device = device;
        Hardware = hardware;
        M2m = new V4l2M2mDev(kernel, this);
    }

    /// <summary>The vdec platform device (its master, its IOMMU).</summary>
    public PlatformDevice Device { get; }

    /// <summary>The decoder block's registers and IRQ.</summary>
    public VideoDecoderCore Hardware { get; }

    /// <summary>The mem2mem scheduler over the block.</summary>
    public V4l2M2mDev M2m { get; }

    /// <summary>The video node, /dev/videoN.</summary>
    public VideoDevice Vdev => _vdev ?? throw new KernelOopsException("rkvdec: the video node is used before probe registered it");

    /// <summary>Open contexts.</summary>
    public IReadOnlyList<RkvdecContext> Contexts => _contexts;

    /// <summary>
    /// Whether the queues allow restricted memory (allow_restricted_mem): only when the block has a secure mode,
    /// i.e. its master is wired for secure transactions; otherwise RESTRICTED is -EINVAL and not advertised.
    /// </summary>
    public bool SupportsRestrictedMem => Hardware.Master.Master.CanIssueSecure;

    /// <summary>Jobs that ended in error, oldest first.</summary>
    public IReadOnlyList<RkvdecJobError> Errors => _errors;

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
        var caps = V4l2Ioctl.V4L2_CAP_VIDEO_M2M_MPLANE | V4l2Ioctl.V4L2_CAP_STREAMING;
        var result = VideoDevice.Register(kernel, device, DriverName, caps, candidate, candidate, out var vdev);
        if (result < 0)
        {
            return result;
        }

        candidate._vdev = vdev;
        hardware.InterruptHandler = candidate.OnInterrupt;
        rkvdec = candidate;
        return 0;
    }

    /// <summary>Checks the scheduler and every context's queues.</summary>
    public void AssertInvariants()
    {
        foreach (var ctx in _contexts)
        {
            ctx.M2m.OutQ.AssertInvariants();
            ctx.M2m.CapQ.AssertInvariants();
            if (ctx.M2m.OutQ.RestrictedMem && ctx.M2m.OutQ.IsBusy && ctx.M2m.CapQ.IsBusy && !ctx.M2m.CapQ.RestrictedMem)
            {
                throw new KernelOopsException($"invariant broken: {ctx} has a restricted OUTPUT queue only with a restricted CAPTURE queue");
            }
        }

        if (Hardware.IsBusy != (M2m.CurrCtx is not null))
        {
            throw new KernelOopsException("invariant broken: the decoder block runs exactly while a context's job does");
        }
    }

    /// <summary>rkvdec_open.</summary>
    public int Open(V4l2Fh fh)
    {
        ArgumentNullException.ThrowIfNull(fh);
        var ctx = new RkvdecContext(fh);
        var output = new V4l2Format { Type = V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE, Width = DefaultWidth, Height = DefaultHeight };
        AdjustOutput(ref output);
        ctx.OutputFormat = output;
        ctx.CaptureFormat = CaptureFor(output);
        var restricted = SupportsRestrictedMem;
        ctx.M2m = M2m.CtxInit(ctx, m2m => (
            new Vb2Queue(_kernel, Device, V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE, this, ctx, restricted),
            new Vb2Queue(_kernel, Device, V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, this, ctx, restricted)));
        fh.M2mCtx = ctx.M2m;
        fh.DriverPriv = ctx;
        _contexts.Add(ctx);
        return 0;
    }

    /// <summary>rkvdec_release: v4l2_m2m_ctx_release (paired with <see cref="Open"/>).</summary>
    public void Release(V4l2Fh fh)
    {
        ArgumentNullException.ThrowIfNull(fh);
        var ctx = (RkvdecContext)fh.DriverPriv!;
        M2m.CtxRelease(ctx.M2m);
        _contexts.Remove(ctx);
    }

    /// <summary>rkvdec_querycap.</summary>
    public int Querycap(V4l2Fh fh, ref V4l2Capability cap)
    {
        cap.Driver = DriverName;
        cap.Card = DriverName;
        cap.BusInfo = "platform:" + DriverName;
        return 0;
    }

    /// <summary>One format per side: PMV1 (compressed) on OUTPUT, NV12 on CAPTURE.</summary>
    public int EnumFmt(V4l2Fh fh, ref V4l2Fmtdesc fmtdesc)
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

    public int GFmt(V4l2Fh fh, ref V4l2Format format)
    {
        var ctx = Context(fh);
        format = format.Type == V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE ? ctx.OutputFormat : ctx.CaptureFormat;
        return 0;
    }

    /// <summary>OUTPUT: PMV1 at an even size in [16, 3840] × [16, 2160]. CAPTURE: NV12 at the OUTPUT format's size.</summary>
    public int TryFmt(V4l2Fh fh, ref V4l2Format format)
    {
        if (format.Type == V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE)
        {
            AdjustOutput(ref format);
        }
        else
        {
            format = CaptureFor(Context(fh).OutputFormat);
        }

        return 0;
    }

    /// <summary>-EBUSY while the queue has buffers; setting OUTPUT resets CAPTURE to its size (unless CAPTURE has buffers).</summary>
    public int SFmt(V4l2Fh fh, ref V4l2Format format)
    {
        var ctx = Context(fh);
        var output = format.Type == V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
        if ((output ? ctx.M2m.OutQ : ctx.M2m.CapQ).IsBusy)
        {
            return -Errno.EBUSY;
        }

        TryFmt(fh, ref format);
        if (output)
        {
            ctx.OutputFormat = format;
            if (!ctx.M2m.CapQ.IsBusy)
            {
                ctx.CaptureFormat = CaptureFor(format);
            }
        }
        else
        {
            ctx.CaptureFormat = format;
        }

        return 0;
    }

    /// <summary>
    /// rkvdec_queue_setup: the plane is the format's sizeimage. A restricted OUTPUT queue forces a restricted CAPTURE
    /// queue: a non-restricted CAPTURE queue while OUTPUT is restricted with buffers, or a restricted OUTPUT queue
    /// while CAPTURE has non-restricted buffers, is -EINVAL.
    /// </summary>
    public int QueueSetup(Vb2Queue queue, ref uint count, out uint planeSize)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var ctx = (RkvdecContext)queue.DriverPriv!;
        planeSize = queue.IsOutput ? ctx.OutputFormat.SizeImage : ctx.CaptureFormat.SizeImage;
        var other = queue.IsOutput ? ctx.M2m.CapQ : ctx.M2m.OutQ;
        if (queue.IsOutput ? queue.RestrictedMem && other.IsBusy && !other.RestrictedMem : !queue.RestrictedMem && other.RestrictedMem && other.IsBusy)
        {
            return -Errno.EINVAL;
        }

        return 0;
    }

    /// <summary>rkvdec_buf_queue: v4l2_m2m_buf_queue.</summary>
    public void BufQueue(Vb2Buffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ((RkvdecContext)buffer.Queue.DriverPriv!).M2m.BufQueue(buffer);
    }

    public int StartStreaming(Vb2Queue queue) => 0;

    /// <summary>rkvdec_stop_streaming: every buffer the driver holds goes back with an error.</summary>
    public void StopStreaming(Vb2Queue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ((RkvdecContext)queue.DriverPriv!).M2m.ReturnAll(queue);
    }

    /// <summary>rkvdec_device_run: the oldest bitstream into the oldest picture, in secure mode when the CAPTURE queue is restricted.</summary>
    public void DeviceRun(V4l2M2mCtx ctx)
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
        _vdev?.Unregister();
    }

    private static RkvdecContext Context(V4l2Fh fh) => (RkvdecContext)fh.DriverPriv!;

    /// <summary>Clamped to [<see cref="MinSize"/>, <paramref name="max"/>] (both even), then rounded up to even.</summary>
    private static uint Even(uint value, uint max)
    {
        var clamped = Math.Clamp(value, MinSize, max);
        return clamped + (clamped & 1);
    }

    private static void AdjustOutput(ref V4l2Format format)
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

    private static V4l2Format CaptureFor(V4l2Format output) => new()
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
        if (M2m.CurrCtx is not { } m2m)
        {
            throw new KernelOopsException("rkvdec: an interrupt with no job running");
        }

        var ctx = (RkvdecContext)m2m.Priv!;
        var secure = Hardware.SecureMode;
        Hardware.SecureMode = false;
        var src = m2m.SrcBufRemove();
        var dst = m2m.DstBufRemove();
        var state = irq.Status == VideoDecoderStatus.Done ? Vb2BufferState.Done : Vb2BufferState.Error;
        if (state == Vb2BufferState.Error)
        {
            _errors.Add(new RkvdecJobError(irq.Time, ctx.Fh.OwnerPid, irq.Status, secure, irq.FaultAddress, irq.FaultKind));
        }

        dst.Plane.BytesUsed = (uint)irq.BytesWritten;
        dst.Timestamp = src.Timestamp;
        dst.Sequence = ctx.Sequence;
        src.Sequence = ctx.Sequence;
        ctx.Sequence++;
        src.Queue.BufferDone(src, state);
        dst.Queue.BufferDone(dst, state);
        M2m.JobFinish(m2m);
    }
}
