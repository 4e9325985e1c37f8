using Protmem.Hardware.Media;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Media.V4l2;
using Protmem.Uapi;
using Protmem.Uapi.Videodev2;

namespace Protmem.Kernel.Media.Rockchip;

/// <summary>
/// The RK3588 camera capture driver (after drivers/media/platform/rockchip/rkcif): a single V4L2 capture device whose
/// one DMABUF queue (vdev->queue) the camera block fills with NV12 frames.
/// 1. Probe: the <c>rockchip,rk3588-vicap</c> node's camera block gets its IRQ handler, the CAPTURE_MPLANE queue is
///    made (restricted memory allowed when the block has a secure mode, <see cref="SupportsRestrictedMem"/>) and
///    /dev/videoN is registered (VIDEO_CAPTURE_MPLANE | STREAMING) with it.
/// 2. open(2) from any process; S_FMT sets the one device-wide format (NV12, even size), -EBUSY while buffers exist.
/// 3. REQBUFS makes the calling file the queue's owner (others get -EBUSY for the buffer and streaming ioctls); QBUF
///    attaches and maps the dma-buf through the camera's IOMMU.
/// 4. STREAMON programs the camera's size, its secure mode (exactly when the queue is restricted) and starts it;
///    buffers go to the block oldest first.
/// 5. Each frame's IRQ completes the oldest buffer: bytesused, sequence, a monotonic timestamp (simulated time, end
///    of frame). A refused write (IOMMU or firewall fault, or a secure-mode write to memory that is not protected)
///    gives the buffer back with V4L2_BUF_FLAG_ERROR and is logged in <see cref="Errors"/>. Frames the camera dropped
///    for want of a buffer show as gaps in the sequence, logged in <see cref="SequenceGaps"/> and counted.
/// 6. STREAMOFF, REQBUFS(0) or the owner's close stops the camera, gives every buffer back and leaves secure mode;
///    the owner's close also detaches and puts every dma-buf.
/// Restricted rules (as rkvdec): RESTRICTED without DMABUF → -EINVAL (videobuf2); a dma-buf whose protection does
/// not match the queue → -EINVAL at QBUF, so a restricted queue only ever holds protected buffers and the camera in
/// secure mode writes nothing else.
/// Model: the sensor subdevice, media controller links and the ISP are not modelled; the camera takes the size the
/// format sets, up to what the encoder accepts (<see cref="Pmv1Codec.MaxWidth"/> × <see cref="Pmv1Codec.MaxHeight"/>).
/// </summary>
public sealed class RkcifDevice : IV4l2FileOps, IV4l2IoctlOps, IVb2Ops, IDeviceInvariants
{
    /// <summary>The compatible of the camera node.</summary>
    public const string Compatible = "rockchip,rk3588-vicap";

    /// <summary>The driver's name (QUERYCAP's driver).</summary>
    public const string DriverName = "rkcif";

    /// <summary>The smallest frame the driver accepts (each side).</summary>
    public const uint MinSize = 16;

    /// <summary>The size the device starts with.</summary>
    public const uint DefaultWidth = 1920;

    public const uint DefaultHeight = 1080;

    private readonly LinkedList<Vb2Buffer> _active = new();
    private readonly List<RkcifFrameError> _errors = [];
    private readonly List<RkcifSequenceGap> _gaps = [];
    private readonly KernelContext _kernel;
    private VideoDevice? _vdev;
    private V4l2Format _format;
    private uint _nextSequence;

    private RkcifDevice(KernelContext kernel, PlatformDevice device, CameraCore hardware)
    {
        _kernel = kernel;
        Device = device;
        Hardware = hardware;
        var format = new V4l2Format { Type = V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, Width = DefaultWidth, Height = DefaultHeight };
        Adjust(ref format);
        _format = format;
        Queue = new Vb2Queue(kernel, device, V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, this, this, SupportsRestrictedMem)
        {
            TimestampFlags = V4l2Ioctl.V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC,
        };
    }

    /// <summary>The vicap platform device (its master, its IOMMU).</summary>
    public PlatformDevice Device { get; }

    /// <summary>The camera block's registers and IRQ.</summary>
    public CameraCore Hardware { get; }

    /// <summary>The device's one buffer queue (vdev->queue).</summary>
    public Vb2Queue Queue { get; }

    /// <summary>The video node, /dev/videoN.</summary>
    public VideoDevice Vdev => _vdev ?? throw new KernelOopsException("rkcif: the video node is used before probe registered it");

    /// <summary>The current format (device-wide).</summary>
    public V4l2Format Format => _format;

    /// <summary>
    /// Whether the queue allows restricted memory (allow_restricted_mem): only when the block has a secure mode,
    /// i.e. its master is wired for secure transactions; otherwise RESTRICTED is -EINVAL and not advertised.
    /// </summary>
    public bool SupportsRestrictedMem => Hardware.Master.Master.CanIssueSecure;

    /// <summary>Frames that ended in error, oldest first.</summary>
    public IReadOnlyList<RkcifFrameError> Errors => _errors;

    /// <summary>Runs of frames dropped for want of a buffer, as sequence gaps, oldest first.</summary>
    public IReadOnlyList<RkcifSequenceGap> SequenceGaps => _gaps;

    /// <summary>Frames dropped since probe that the driver has seen (the sum of <see cref="SequenceGaps"/>).</summary>
    public long FramesDropped { get; private set; }

    /// <summary>rkcif_plat_probe: -ENODEV without a camera block behind the node's master; the video node's errno.</summary>
    public static int Probe(KernelContext kernel, PlatformDevice device, out RkcifDevice? rkcif)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(device);
        rkcif = null;
        if (device.Master is not { } master || !kernel.Hardware.Cameras.TryGetValue(master.Name, out var hardware))
        {
            return -Errno.ENODEV;
        }

        var candidate = new RkcifDevice(kernel, device, hardware);
        var caps = V4l2Ioctl.V4L2_CAP_VIDEO_CAPTURE_MPLANE | V4l2Ioctl.V4L2_CAP_STREAMING;
        var result = VideoDevice.Register(kernel, device, DriverName, caps, candidate, candidate, out var vdev, candidate.Queue);
        if (result < 0)
        {
            return result;
        }

        candidate._vdev = vdev;
        hardware.InterruptHandler = candidate.OnInterrupt;
        rkcif = candidate;
        return 0;
    }

    /// <summary>Checks the queue, its owner, and that the camera streams, holds buffers and is in secure mode exactly as the driver believes.</summary>
    public void AssertInvariants()
    {
        Queue.AssertInvariants();
        if (Queue.IsBusy && Queue.Owner is not { IsOpen: true })
        {
            throw new KernelOopsException("invariant broken: the rkcif queue has buffers only while an open file owns it");
        }

        if (Hardware.IsStreaming != Queue.Streaming)
        {
            throw new KernelOopsException("invariant broken: the camera streams exactly while the rkcif queue does");
        }

        if (Hardware.SecureMode != (Queue.Streaming && Queue.RestrictedMem))
        {
            throw new KernelOopsException("invariant broken: the camera is in secure mode exactly while a restricted queue streams");
        }

        if (Hardware.QueuedBuffers != _active.Count || _active.Any(b => b.State != Vb2BufferState.Active) || Queue.Buffers.Count(b => b.State == Vb2BufferState.Active) != _active.Count)
        {
            throw new KernelOopsException("invariant broken: the camera holds exactly the buffers the driver owns");
        }

        var unseen = Hardware.IsStreaming ? Hardware.Sequence - _nextSequence : 0;
        if (Hardware.FramesDropped != FramesDropped + unseen)
        {
            throw new KernelOopsException("invariant broken: every frame the camera dropped shows as a sequence gap");
        }
    }

    /// <summary>rkcif_open (v4l2_fh_open): any number of files; only the queue's owner may stream.</summary>
    public int Open(V4l2Fh fh)
    {
        ArgumentNullException.ThrowIfNull(fh);
        fh.DriverPriv = this;
        return 0;
    }

    /// <summary>vb2_fop_release: the owner's close releases the queue (streaming stops, dma-bufs put).</summary>
    public void Release(V4l2Fh fh) => Vdev.Vb2FopRelease(fh);

    /// <summary>rkcif_querycap.</summary>
    public int Querycap(V4l2Fh fh, ref V4l2Capability cap)
    {
        cap.Driver = DriverName;
        cap.Card = DriverName;
        cap.BusInfo = "platform:" + Device.Name;
        return 0;
    }

    /// <summary>One format: NV12.</summary>
    public int EnumFmt(V4l2Fh fh, ref V4l2Fmtdesc fmtdesc)
    {
        if (fmtdesc.Index != 0)
        {
            return -Errno.EINVAL;
        }

        fmtdesc.Pixelformat = V4l2Ioctl.V4L2_PIX_FMT_NV12;
        fmtdesc.Flags = 0;
        fmtdesc.Description = "Y/UV 4:2:0";
        fmtdesc.MbusCode = 0;
        return 0;
    }

    public int GFmt(V4l2Fh fh, ref V4l2Format format)
    {
        format = _format;
        return 0;
    }

    /// <summary>NV12 (whatever was asked) at an even size in [16, <see cref="Pmv1Codec.MaxWidth"/>] × [16, <see cref="Pmv1Codec.MaxHeight"/>].</summary>
    public int TryFmt(V4l2Fh fh, ref V4l2Format format)
    {
        Adjust(ref format);
        return 0;
    }

    /// <summary>-EBUSY while the queue has buffers (vb2_is_busy), from any file.</summary>
    public int SFmt(V4l2Fh fh, ref V4l2Format format)
    {
        if (Queue.IsBusy)
        {
            return -Errno.EBUSY;
        }

        Adjust(ref format);
        _format = format;
        return 0;
    }

    /// <summary>rkcif_queue_setup: one plane of the format's sizeimage.</summary>
    public int QueueSetup(Vb2Queue queue, ref uint count, out uint planeSize)
    {
        planeSize = _format.SizeImage;
        return 0;
    }

    /// <summary>rkcif_buf_queue: the buffer joins the driver's list and the camera's, oldest first.</summary>
    public void BufQueue(Vb2Buffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        _active.AddLast(buffer);
        Hardware.QueueBuffer(buffer.Plane.DmaAddress, buffer.Plane.Length);
    }

    /// <summary>rkcif_start_streaming: the camera gets the format's size and, for a restricted queue, secure mode, and starts.</summary>
    public int StartStreaming(Vb2Queue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        Hardware.SetFormat((int)_format.Width, (int)_format.Height);
        Hardware.SecureMode = queue.RestrictedMem;
        _nextSequence = 0;
        Hardware.StreamOn();
        return 0;
    }

    /// <summary>rkcif_stop_streaming: the camera stops and leaves secure mode; every buffer it held goes back with an error.</summary>
    public void StopStreaming(Vb2Queue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var unseen = Hardware.Sequence - _nextSequence;
        Hardware.StreamOff();
        Hardware.SecureMode = false;
        if (unseen > 0)
        {
            LogGap(_nextSequence, unseen);
        }

        while (_active.First is { } node)
        {
            _active.RemoveFirst();
            queue.BufferDone(node.Value, Vb2BufferState.Error);
        }
    }

    /// <summary>Removes the video node (rkcif_plat_remove).</summary>
    internal void Remove()
    {
        Hardware.InterruptHandler = null;
        _vdev?.Unregister();
    }

    private static uint Even(uint value, uint max)
    {
        var clamped = Math.Clamp(value, MinSize, max);
        return clamped + (clamped & 1);
    }

    private static void Adjust(ref V4l2Format format)
    {
        format.Type = V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
        format.Pixelformat = V4l2Ioctl.V4L2_PIX_FMT_NV12;
        format.Width = Even(format.Width, Pmv1Codec.MaxWidth);
        format.Height = Even(format.Height, Pmv1Codec.MaxHeight);
        format.Field = V4l2Ioctl.V4L2_FIELD_NONE;
        format.Colorspace = V4l2Ioctl.V4L2_COLORSPACE_SMPTE170M;
        format.NumPlanes = 1;
        format.BytesPerLine = format.Width;
        format.SizeImage = (uint)Pmv1Codec.Nv12Size((int)format.Width, (int)format.Height);
    }

    private void LogGap(uint first, uint count)
    {
        _gaps.Add(new RkcifSequenceGap(_kernel.Hardware.Clock.Now, first, count));
        FramesDropped += count;
    }

    /// <summary>rkcif_irq_handler: the oldest buffer done (or failed) with the frame's bytesused, sequence and timestamp.</summary>
    private void OnInterrupt(CameraInterrupt irq)
    {
        if (_active.First is not { } node || node.Value.Plane.DmaAddress != irq.Buffer)
        {
            throw new KernelOopsException($"rkcif: a frame interrupt for {irq.Buffer}, which is not the oldest buffer the driver gave the camera");
        }

        _active.RemoveFirst();
        var buffer = node.Value;
        if (irq.Sequence < _nextSequence)
        {
            throw new KernelOopsException($"rkcif: frame {irq.Sequence} after frame {_nextSequence - 1}");
        }

        if (irq.Sequence > _nextSequence)
        {
            LogGap(_nextSequence, irq.Sequence - _nextSequence);
        }

        _nextSequence = irq.Sequence + 1;
        var state = irq.Status == CameraStatus.Done ? Vb2BufferState.Done : Vb2BufferState.Error;
        if (state == Vb2BufferState.Error)
        {
            _errors.Add(new RkcifFrameError(irq.Time, Queue.Owner?.OwnerPid ?? 0, irq.Sequence, irq.Status, Hardware.SecureMode, irq.FaultAddress, irq.FaultKind));
        }

        buffer.Plane.BytesUsed = (uint)irq.BytesWritten;
        buffer.Sequence = irq.Sequence;
        buffer.Timestamp = ((long)(irq.Time / 1_000_000_000UL), (long)(irq.Time % 1_000_000_000UL / 1_000UL));
        Queue.BufferDone(buffer, state);
    }
}
