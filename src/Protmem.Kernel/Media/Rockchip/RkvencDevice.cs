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
///    allow restricted memory when the block has a secure mode (<see cref="SupportsRestrictedMem"/>).
/// 3. S_FMT / REQBUFS / QBUF / STREAMON as V4L2; a job runs when both queues stream with a buffer ready:
///    the picture and the bitstream are addressed through the encoder's IOMMU (dma-buf attach and map in
///    videobuf2), and a job whose CAPTURE queue is restricted runs in the block's secure mode.
/// 4. The IRQ: both buffers are done (V4L2_BUF_FLAG_ERROR on an encode error, which is logged in
///    <see cref="Errors"/>), the CAPTURE buffer's bytesused is the frame's size, the timestamp is copied
///    to it, the next job starts.
/// 5. The last close releases the context: its job is waited for, every dma-buf detached and put.
/// Restricted rules (as rkvdec): RESTRICTED without DMABUF → -EINVAL (videobuf2); a dma-buf whose protection
/// does not match its queue → -EINVAL at QBUF; a restricted OUTPUT queue needs a restricted CAPTURE queue,
/// refused at REQBUFS / CREATE_BUFS (queue_setup) of whichever queue would break it, so protected pictures
/// are never encoded into ordinary memory.
/// </summary>
public sealed class RkvencDevice : IV4l2FileOps, IV4l2IoctlOps, IV4l2M2mOps, IVb2Ops, IDeviceInvariants
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

    private readonly KernelContext _kernel;
    private readonly List<RkvencContext> _contexts = [];
    private readonly List<RkvencJobError> _errors = [];
    private VideoDevice? _vdev;

    private RkvencDevice(KernelContext kernel, PlatformDevice device, VideoEncoderCore hardware)
    {
        _kernel = kernel;
        Device = device;
        Hardware = hardware;
        M2m = new V4l2M2mDev(kernel, this);
    }

    /// <summary>The vepu platform device (its master, its IOMMU).</summary>
    public PlatformDevice Device { get; }

    /// <summary>The encoder block's registers and IRQ.</summary>
    public VideoEncoderCore Hardware { get; }

    /// <summary>The mem2mem scheduler over the block.</summary>
    public V4l2M2mDev M2m { get; }

    /// <summary>The video node, /dev/videoN.</summary>
    public VideoDevice Vdev => _vdev ?? throw new KernelOopsException("rkvenc: the video node is used before probe registered it");

    /// <summary>Open contexts.</summary>
    public IReadOnlyList<RkvencContext> Contexts => _contexts;

    /// <summary>
    /// Whether the queues allow restricted memory (allow_restricted_mem): only when the block has a secure mode,
    /// i.e. its master is wired for secure transactions; otherwise RESTRICTED is -EINVAL and not advertised.
    /// </summary>
    public bool SupportsRestrictedMem => Hardware.Master.Master.CanIssueSecure;

    /// <summary>Jobs that ended in error, oldest first.</summary>
    public IReadOnlyList<RkvencJobError> Errors => _errors;

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
        var caps = V4l2Ioctl.V4L2_CAP_VIDEO_M2M_MPLANE | V4l2Ioctl.V4L2_CAP_STREAMING;
        var result = VideoDevice.Register(kernel, device, DriverName, caps, candidate, candidate, out var vdev);
        if (result < 0)
        {
            return result;
        }

        candidate._vdev = vdev;
        hardware.InterruptHandler = candidate.OnInterrupt;
        rkvenc = candidate;
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
            throw new KernelOopsException("invariant broken: the encoder block runs exactly while a context's job does");
        }
    }

    /// <summary>rkvenc_open.</summary>
    public int Open(V4l2Fh fh)
    {
        ArgumentNullException.ThrowIfNull(fh);
        var ctx = new RkvencContext(fh);
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

    /// <summary>rkvenc_release: v4l2_m2m_ctx_release (paired with <see cref="Open"/>).</summary>
    public void Release(V4l2Fh fh)
    {
        ArgumentNullException.ThrowIfNull(fh);
        var ctx = Context(fh);
        M2m.CtxRelease(ctx.M2m);
        _contexts.Remove(ctx);
    }

    /// <summary>rkvenc_querycap.</summary>
    public int Querycap(V4l2Fh fh, ref V4l2Capability cap)
    {
        cap.Driver = DriverName;
        cap.Card = DriverName;
        cap.BusInfo = "platform:" + DriverName;
        return 0;
    }

    /// <summary>One format per side: NV12 on OUTPUT, PMV1 (compressed) on CAPTURE.</summary>
    public int EnumFmt(V4l2Fh fh, ref V4l2Fmtdesc fmtdesc)
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

    public int GFmt(V4l2Fh fh, ref V4l2Format format)
    {
        var ctx = Context(fh);
        format = format.Type == V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE ? ctx.OutputFormat : ctx.CaptureFormat;
        return 0;
    }

    /// <summary>OUTPUT: NV12 at an even size in [16, 3840] × [16, 2160]. CAPTURE: PMV1 at the OUTPUT format's size, sizeimage its largest frame.</summary>
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
    /// rkvenc_queue_setup: the plane is the format's sizeimage. A restricted OUTPUT queue forces a restricted CAPTURE
    /// queue: a non-restricted CAPTURE queue while OUTPUT is restricted with buffers, or a restricted OUTPUT queue
    /// while CAPTURE has non-restricted buffers, is -EINVAL.
    /// </summary>
    public int QueueSetup(Vb2Queue queue, ref uint count, out uint planeSize)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var ctx = (RkvencContext)queue.DriverPriv!;
        planeSize = queue.IsOutput ? ctx.OutputFormat.SizeImage : ctx.CaptureFormat.SizeImage;
        var other = queue.IsOutput ? ctx.M2m.CapQ : ctx.M2m.OutQ;
        var breaks = queue.IsOutput
            ? queue.RestrictedMem && other.IsBusy && !other.RestrictedMem
            : !queue.RestrictedMem && other.RestrictedMem && other.IsBusy;
        return breaks ? -Errno.EINVAL : 0;
    }

    /// <summary>rkvenc_buf_queue: v4l2_m2m_buf_queue.</summary>
    public void BufQueue(Vb2Buffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ((RkvencContext)buffer.Queue.DriverPriv!).M2m.BufQueue(buffer);
    }

    public int StartStreaming(Vb2Queue queue) => 0;

    /// <summary>rkvenc_stop_streaming: every buffer the driver holds goes back with an error.</summary>
    public void StopStreaming(Vb2Queue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ((RkvencContext)queue.DriverPriv!).M2m.ReturnAll(queue);
    }

    /// <summary>
    /// rkvenc_device_run: the oldest picture into the oldest bitstream buffer, in secure mode when the CAPTURE queue is restricted.
    /// Model: the block reads the whole picture of the OUTPUT format (vb2 made the plane at least sizeimage); the
    /// OUTPUT buffer's bytesused is not checked, as hantro's encoder does not.
    /// </summary>
    public void DeviceRun(V4l2M2mCtx ctx)
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
        _vdev?.Unregister();
    }

    private static RkvencContext Context(V4l2Fh fh) => (RkvencContext)fh.DriverPriv!;

    /// <summary>Clamped to [<see cref="MinSize"/>, <paramref name="max"/>] (both even), then rounded up to even.</summary>
    private static uint Even(uint value, uint max)
    {
        var clamped = Math.Clamp(value, MinSize, max);
        return clamped + (clamped & 1);
    }

    private static void AdjustOutput(ref V4l2Format format)
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

    private static V4l2Format CaptureFor(V4l2Format output) => new()
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
        if (M2m.CurrCtx is not { } m2m)
        {
            throw new KernelOopsException("rkvenc: an interrupt with no job running");
        }

        var ctx = (RkvencContext)m2m.Priv!;
        var secure = Hardware.SecureMode;
        Hardware.SecureMode = false;
        var src = m2m.SrcBufRemove();
        var dst = m2m.DstBufRemove();
        var state = irq.Status == VideoEncoderStatus.Done ? Vb2BufferState.Done : Vb2BufferState.Error;
        if (state == Vb2BufferState.Error)
        {
            _errors.Add(new RkvencJobError(irq.Time, ctx.Fh.OwnerPid, irq.Status, secure, irq.FaultAddress, irq.FaultKind));
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
