using Protmem.Hardware.Bus;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Media.V4l2;
using Protmem.Uapi;
using Protmem.Uapi.Videodev2;

namespace Protmem.Kernel.Media.Rockchip;

/// <summary>
/// What the Rockchip memory-to-memory codec drivers (rkvdec, rkvenc) share, as hantro shares its core: one
/// context per open file with two DMABUF queues, the OUTPUT format driving the CAPTURE one, the restricted-queue
/// pairing, the ready lists and the completion of a job.
/// 1. <see cref="RegisterNode"/> (from the driver's probe) registers /dev/videoN (M2M_MPLANE | STREAMING).
/// 2. open(2): a context (the driver's <see cref="CreateContext"/>) with the default size adjusted by the driver, and
///    two DMABUF queues that allow restricted memory when the block has a secure mode (<see cref="SupportsRestrictedMem"/>).
/// 3. S_FMT: -EBUSY while the queue has buffers; OUTPUT resets CAPTURE to its size (unless CAPTURE has buffers).
/// 4. A job runs when both queues stream with a buffer ready (the driver's <see cref="IV4l2M2mOps.DeviceRun"/>);
///    the driver's IRQ handler ends it with <see cref="CompleteJob"/>.
/// 5. The last close releases the context: its job is waited for, every dma-buf detached and put.
/// Restricted pairing: a restricted OUTPUT queue needs a restricted CAPTURE queue, refused at REQBUFS / CREATE_BUFS
/// (queue_setup) of whichever queue would break it.
/// </summary>
/// <typeparam name="TContext">The driver's per-file context.</typeparam>
public abstract class RockchipCodecDevice<TContext> : IV4l2FileOps, IV4l2IoctlOps, IV4l2M2mOps, IVb2Ops, IDeviceInvariants
    where TContext : RockchipCodecContext
{
    private readonly KernelContext _kernel;
    private readonly List<TContext> _contexts = [];
    private readonly string _driverName;
    private VideoDevice? _vdev;

    private protected RockchipCodecDevice(KernelContext kernel, PlatformDevice device, string driverName)
    {
        _kernel = kernel;
        _driverName = driverName;
        Device = device;
        M2m = new V4l2M2mDev(kernel, this);
    }

    /// <summary>The platform device (its master, its IOMMU).</summary>
    public PlatformDevice Device { get; }

    /// <summary>The mem2mem scheduler over the block.</summary>
    public V4l2M2mDev M2m { get; }

    /// <summary>The video node, /dev/videoN.</summary>
    public VideoDevice Vdev => _vdev ?? throw new KernelOopsException($"{_driverName}: the video node is used before probe registered it");

    /// <summary>Open contexts.</summary>
    public IReadOnlyList<TContext> Contexts => _contexts;

    /// <summary>
    /// Whether the queues allow restricted memory (allow_restricted_mem): only when the block has a secure mode,
    /// i.e. its master is wired for secure transactions; otherwise RESTRICTED is -EINVAL and not advertised.
    /// </summary>
    public bool SupportsRestrictedMem => BlockMaster.Master.CanIssueSecure;

    /// <summary>The block's bus master.</summary>
    private protected abstract DeviceMaster BlockMaster { get; }

    /// <summary>Whether the block runs a job now.</summary>
    private protected abstract bool BlockIsBusy { get; }

    /// <summary>The size a new context starts with.</summary>
    private protected abstract (uint Width, uint Height) DefaultSize { get; }

    /// <summary>"decoder" or "encoder", for the invariant's message.</summary>
    private protected abstract string BlockKind { get; }

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

        if (BlockIsBusy != (M2m.CurrCtx is not null))
        {
            throw new KernelOopsException($"invariant broken: the {BlockKind} block runs exactly while a context's job does");
        }
    }

    /// <summary>The driver's open: a context with default formats and its two queues.</summary>
    public int Open(V4l2Fh fh)
    {
        ArgumentNullException.ThrowIfNull(fh);
        var ctx = CreateContext(fh);
        var (width, height) = DefaultSize;
        var output = new V4l2Format { Type = V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE, Width = width, Height = height };
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

    /// <summary>The driver's release: v4l2_m2m_ctx_release (paired with <see cref="Open"/>).</summary>
    public void Release(V4l2Fh fh)
    {
        ArgumentNullException.ThrowIfNull(fh);
        var ctx = Context(fh);
        M2m.CtxRelease(ctx.M2m);
        _contexts.Remove(ctx);
    }

    /// <summary>vidioc_querycap: the driver's name as driver, card and bus.</summary>
    public int Querycap(V4l2Fh fh, ref V4l2Capability cap)
    {
        cap.Driver = _driverName;
        cap.Card = _driverName;
        cap.BusInfo = "platform:" + _driverName;
        return 0;
    }

    /// <summary>One format per side (the driver's).</summary>
    public abstract int EnumFmt(V4l2Fh fh, ref V4l2Fmtdesc fmtdesc);

    public int GFmt(V4l2Fh fh, ref V4l2Format format)
    {
        var ctx = Context(fh);
        format = format.Type == V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE ? ctx.OutputFormat : ctx.CaptureFormat;
        return 0;
    }

    /// <summary>OUTPUT: the driver's adjustment. CAPTURE: the driver's format at the OUTPUT format's size.</summary>
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
    /// queue_setup: the plane is the format's sizeimage. A restricted OUTPUT queue forces a restricted CAPTURE queue: a
    /// non-restricted CAPTURE queue while OUTPUT is restricted with buffers, or a restricted OUTPUT queue while CAPTURE
    /// has non-restricted buffers, is -EINVAL.
    /// </summary>
    public int QueueSetup(Vb2Queue queue, ref uint count, out uint planeSize)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var ctx = (TContext)queue.DriverPriv!;
        planeSize = queue.IsOutput ? ctx.OutputFormat.SizeImage : ctx.CaptureFormat.SizeImage;
        var other = queue.IsOutput ? ctx.M2m.CapQ : ctx.M2m.OutQ;
        var breaks = queue.IsOutput
            ? queue.RestrictedMem && other.IsBusy && !other.RestrictedMem
            : !queue.RestrictedMem && other.RestrictedMem && other.IsBusy;
        return breaks ? -Errno.EINVAL : 0;
    }

    /// <summary>buf_queue: v4l2_m2m_buf_queue.</summary>
    public void BufQueue(Vb2Buffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ((TContext)buffer.Queue.DriverPriv!).M2m.BufQueue(buffer);
    }

    public int StartStreaming(Vb2Queue queue) => 0;

    /// <summary>stop_streaming: every buffer the driver holds goes back with an error.</summary>
    public void StopStreaming(Vb2Queue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ((TContext)queue.DriverPriv!).M2m.ReturnAll(queue);
    }

    /// <summary>device_run: the driver starts the block on the oldest source and destination buffers.</summary>
    public abstract void DeviceRun(V4l2M2mCtx ctx);

    /// <summary>The new context of <paramref name="fh"/>.</summary>
    private protected abstract TContext CreateContext(V4l2Fh fh);

    /// <summary>The OUTPUT format the driver would set for <paramref name="format"/>.</summary>
    private protected abstract void AdjustOutput(ref V4l2Format format);

    /// <summary>The CAPTURE format that goes with the OUTPUT format <paramref name="output"/>.</summary>
    private protected abstract V4l2Format CaptureFor(V4l2Format output);

    /// <summary>video_register_device of the m2m node (from the driver's probe).</summary>
    private protected int RegisterNode()
    {
        var caps = V4l2Ioctl.V4L2_CAP_VIDEO_M2M_MPLANE | V4l2Ioctl.V4L2_CAP_STREAMING;
        var result = VideoDevice.Register(_kernel, Device, _driverName, caps, this, this, out var vdev);
        _vdev = vdev;
        return result;
    }

    /// <summary>Removes the video node (the driver's remove).</summary>
    private protected void UnregisterNode() => _vdev?.Unregister();

    /// <summary>The context whose job runs; an interrupt with none is an oops.</summary>
    private protected TContext RunningContext() =>
        (TContext)(M2m.CurrCtx ?? throw new KernelOopsException($"{_driverName}: an interrupt with no job running")).Priv!;

    /// <summary>
    /// The IRQ's common half: both buffers leave the ready lists and are done with <paramref name="state"/>, the
    /// CAPTURE buffer holding <paramref name="bytesWritten"/> bytes and the OUTPUT buffer's timestamp, both the job's
    /// sequence number; the next job runs.
    /// </summary>
    private protected void CompleteJob(TContext ctx, Vb2BufferState state, int bytesWritten)
    {
        var m2m = ctx.M2m;
        var src = m2m.SrcBufRemove();
        var dst = m2m.DstBufRemove();
        dst.Plane.BytesUsed = (uint)bytesWritten;
        dst.Timestamp = src.Timestamp;
        dst.Sequence = ctx.Sequence;
        src.Sequence = ctx.Sequence;
        ctx.Sequence++;
        src.Queue.BufferDone(src, state);
        dst.Queue.BufferDone(dst, state);
        M2m.JobFinish(m2m);
    }

    private static TContext Context(V4l2Fh fh) => (TContext)fh.DriverPriv!;
}
