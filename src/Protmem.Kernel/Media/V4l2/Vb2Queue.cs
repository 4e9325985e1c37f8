using System.Diagnostics.CodeAnalysis;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Iommu;
using Protmem.Uapi;
using Protmem.Uapi.Videodev2;

namespace Protmem.Kernel.Media.V4l2;

/// <summary>
/// videobuf2 (videobuf2-core.c and videobuf2-dma-contig.c's dma-buf half here, videobuf2-v4l2.c's ioctls in
/// Vb2Queue.V4l2.cs): one buffer queue of V4L2_MEMORY_DMABUF buffers, with the proposed restricted-memory mode.
/// 1. REQBUFS / CREATE_BUFS: the memory type, the restricted flag and the driver's queue_setup decide; buffers are allocated (empty).
/// 2. QBUF: the plane's dma-buf fd is looked up, checked (size, protection), attached to the device and mapped
///    through its IOMMU; the buffer goes to the driver (buf_queue) once the queue streams.
/// 3. The driver ends it with <see cref="BufferDone"/>; DQBUF hands it back and unmaps it (the attachment stays).
/// 4. STREAMOFF takes every buffer back; REQBUFS(0), a requeue with another dma-buf and <see cref="Release"/>
///    detach the dma-bufs and drop their references.
/// Model: V4L2_MEMORY_MMAP and USERPTR are not offered (io_modes is DMABUF only), so REQBUFS with them is
/// -EINVAL as Linux answers for a memory type a queue does not support, and EXPBUF (MMAP only) is -EINVAL.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Linux's name (struct vb2_queue): a V4L2 reader looks for it.")]
public sealed partial class Vb2Queue
{
    private readonly KernelContext _kernel;
    private readonly IVb2Ops _ops;
    private readonly List<Vb2Buffer> _buffers = [];
    private readonly List<Vb2Buffer> _queued = [];
    private readonly Queue<Vb2Buffer> _done = new();

    /// <summary>vb2_queue_init: a DMABUF queue of <paramref name="type"/> whose buffers <paramref name="device"/> reaches, driven by <paramref name="ops"/>.</summary>
    public Vb2Queue(KernelContext kernel, PlatformDevice device, uint type, IVb2Ops ops, object? driverPriv, bool allowRestrictedMem)
    {
        _kernel = kernel ?? throw new ArgumentNullException(nameof(kernel));
        Device = device ?? throw new ArgumentNullException(nameof(device));
        _ops = ops ?? throw new ArgumentNullException(nameof(ops));
        Type = type;
        DriverPriv = driverPriv;
        AllowRestrictedMem = allowRestrictedMem;
    }

    /// <summary>The device that DMAs to and from the buffers (vb2_queue.dev).</summary>
    public PlatformDevice Device { get; }

    /// <summary>V4L2_BUF_TYPE_*.</summary>
    public uint Type { get; }

    /// <summary>True for the OUTPUT (program → device) side.</summary>
    public bool IsOutput => Type == V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;

    /// <summary>vb2_queue.drv_priv: the driver's context.</summary>
    public object? DriverPriv { get; }

    /// <summary>Proposed vb2_queue.allow_restricted_mem: the driver accepts restricted buffers on this queue.</summary>
    public bool AllowRestrictedMem { get; }

    /// <summary>Proposed vb2_queue.restricted_mem: the queue's buffers must be protected memory.</summary>
    public bool RestrictedMem { get; private set; }

    /// <summary>The memory type of the allocated buffers (0 before REQBUFS).</summary>
    public uint Memory { get; private set; }

    /// <summary>
    /// vb2_queue.timestamp_flags: V4L2_BUF_FLAG_TIMESTAMP_COPY (the default, an m2m queue's: the timestamp comes from
    /// the program's OUTPUT buffer) or V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC (a capture device's: the driver stamps the frame).
    /// </summary>
    public uint TimestampFlags { get; init; } = V4l2Ioctl.V4L2_BUF_FLAG_TIMESTAMP_COPY;

    /// <summary>
    /// vb2_queue.owner: for a queue the video device owns (vdev->queue), the file that allocated its buffers; the
    /// vb2_ioctl_* helpers answer -EBUSY to every other file. Null while no file owns it (and on m2m queues).
    /// </summary>
    public V4l2Fh? Owner { get; internal set; }

    /// <summary>Between STREAMON and STREAMOFF.</summary>
    public bool Streaming { get; private set; }

    /// <summary>The allocated buffers, by index.</summary>
    public IReadOnlyList<Vb2Buffer> Buffers => _buffers;

    /// <summary>Buffers on the done list, to be dequeued.</summary>
    public int DoneCount => _done.Count;

    /// <summary>vb2_is_busy: buffers are allocated (the format may not change).</summary>
    public bool IsBusy => _buffers.Count > 0;

    /// <summary>
    /// vb2_buffer_done: the driver gives back <paramref name="buffer"/> (which it owned) as done or failed; it
    /// joins the done list. Giving back a buffer the driver does not own is an oops.
    /// </summary>
    public void BufferDone(Vb2Buffer buffer, Vb2BufferState state)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Queue != this || buffer.State != Vb2BufferState.Active || state is not (Vb2BufferState.Done or Vb2BufferState.Error))
        {
            throw new KernelOopsException($"vb2_buffer_done of {buffer} as {state}: only a buffer the driver owns ends, as done or error");
        }

        buffer.State = state;
        _done.Enqueue(buffer);
    }

    /// <summary>vb2_queue_release: streaming stops, every dma-buf is detached and put.</summary>
    public void Release()
    {
        Cancel();
        FreeBuffers();
        Memory = 0;
        RestrictedMem = false;
    }

    /// <summary>Checks the queue: each buffer's state matches the lists it is on, and a mapped plane belongs to a queued buffer.</summary>
    public void AssertInvariants()
    {
        if (_queued.Any(b => !_buffers.Contains(b) || b.State != Vb2BufferState.Queued))
        {
            throw new KernelOopsException($"invariant broken: a buffer waiting for the {this} queue to stream is one of its buffers, queued");
        }

        foreach (var buffer in _buffers)
        {
            var onDone = _done.Contains(buffer);
            if (onDone != buffer.State is Vb2BufferState.Done or Vb2BufferState.Error)
            {
                throw new KernelOopsException($"invariant broken: {buffer} is on the done list exactly when it is done");
            }

            if (buffer.Plane.Table is not null && buffer.State == Vb2BufferState.Dequeued)
            {
                throw new KernelOopsException($"invariant broken: {buffer} is mapped for the device only while the program has queued it");
            }
        }
    }

    public override string ToString() => IsOutput ? "OUTPUT" : "CAPTURE";

    private void Allocate(uint count, uint planeSize)
    {
        for (var i = 0U; i < count; i++)
        {
            _buffers.Add(new Vb2Buffer(this, (uint)_buffers.Count, planeSize));
        }
    }

    /// <summary>__prepare_dmabuf + the proposed restricted check.</summary>
    private int PrepareDmabuf(UserProcess caller, Vb2Buffer buffer, V4l2Plane plane)
    {
        if (!caller.Files.TryGet(plane.Fd, out var file) || file.PrivateData is not DmaBuf dmabuf || !ReferenceEquals(file.Operations, _kernel.DmaBufFileOperations))
        {
            return -Errno.EINVAL;
        }

        var length = plane.Length == 0 ? (uint)Math.Min(dmabuf.Size, uint.MaxValue) : plane.Length;
        if (length < buffer.MinLength)
        {
            return -Errno.EINVAL;
        }

        if (dmabuf.Size < length)
        {
            return -Errno.EFAULT;
        }

        var bytesUsed = IsOutput ? (plane.BytesUsed == 0 ? length : plane.BytesUsed) : 0;
        if (IsOutput && (bytesUsed > length || (plane.DataOffset > 0 && plane.DataOffset >= bytesUsed)))
        {
            return -Errno.EINVAL;
        }

        // Proposed: a restricted queue requires restricted dma-bufs. Model: the series leaves the converse to the
        // TEE; here a protected dma-buf on an ordinary queue is refused as well, so no job can mix the two.
        // Model: the check asks DmaBuf.Protection before the attach (the series inspects the sg table after map).
        if ((dmabuf.Protection is not null) != RestrictedMem)
        {
            return -Errno.EINVAL;
        }

        var p = buffer.Plane;
        if (!ReferenceEquals(p.DmaBuf, dmabuf))
        {
            ReleasePlane(p);
            var attached = dmabuf.Attach(Device, Direction, out var attachment);
            if (attached < 0)
            {
                return attached;
            }

            p.DmaBuf = dmabuf.Get();
            p.Attachment = attachment;
        }

        var mapped = dmabuf.MapAttachment(p.Attachment!, Direction, out var table);
        if (mapped < 0)
        {
            return mapped;
        }

        p.Table = table;
        p.Fd = plane.Fd;
        p.Length = length;
        p.BytesUsed = bytesUsed;
        p.DataOffset = IsOutput ? plane.DataOffset : 0;
        return 0;
    }

    private DmaDataDirection Direction => IsOutput ? DmaDataDirection.ToDevice : DmaDataDirection.FromDevice;

    private void HandOver(Vb2Buffer buffer)
    {
        _queued.Remove(buffer);
        buffer.State = Vb2BufferState.Active;
        _ops.BufQueue(buffer);
    }

    private void Cancel()
    {
        if (Streaming)
        {
            _ops.StopStreaming(this);
        }

        Streaming = false;
        if (_buffers.Any(b => b.State == Vb2BufferState.Active))
        {
            throw new KernelOopsException($"the driver kept buffers of the {this} queue after stop_streaming");
        }

        _queued.Clear();
        _done.Clear();
        foreach (var buffer in _buffers)
        {
            UnmapPlane(buffer.Plane);
            buffer.State = Vb2BufferState.Dequeued;
        }
    }

    private void FreeBuffers()
    {
        foreach (var buffer in _buffers)
        {
            ReleasePlane(buffer.Plane);
        }

        _buffers.Clear();
    }

    private void UnmapPlane(Vb2Plane plane)
    {
        if (plane.Table is { } table)
        {
            plane.DmaBuf!.UnmapAttachment(plane.Attachment!, table, Direction);
            plane.Table = null;
        }
    }

    /// <summary>__vb2_plane_dmabuf_put: unmap, detach, put (paired with the attach and Get in <see cref="PrepareDmabuf"/>).</summary>
    private void ReleasePlane(Vb2Plane plane)
    {
        UnmapPlane(plane);
        if (plane.DmaBuf is { } dmabuf)
        {
            dmabuf.Detach(plane.Attachment!);
            dmabuf.Put();
            plane.DmaBuf = null;
            plane.Attachment = null;
        }
    }
}
