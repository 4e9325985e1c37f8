using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Kernel.Media.V4l2;

/// <summary>
/// struct v4l2_m2m_ctx: one open file's pair of queues (OUTPUT = source, CAPTURE = destination) and the
/// ready lists of buffers the driver owns, oldest first.
/// </summary>
public sealed class V4l2M2mCtx
{
    private readonly LinkedList<Vb2Buffer> _srcReady = new();
    private readonly LinkedList<Vb2Buffer> _dstReady = new();

    internal V4l2M2mCtx(V4l2M2mDev dev, object? priv)
    {
        Dev = dev;
        Priv = priv;
    }

    /// <summary>The scheduler the context belongs to.</summary>
    public V4l2M2mDev Dev { get; }

    /// <summary>The driver's context (m2m_ctx->priv).</summary>
    public object? Priv { get; }

    /// <summary>The source queue (set by the driver's queue_init).</summary>
    public Vb2Queue OutQ { get; internal set; } = null!;

    /// <summary>The destination queue.</summary>
    public Vb2Queue CapQ { get; internal set; } = null!;

    /// <summary>Source buffers the driver owns and has not started.</summary>
    public int SrcReadyCount => _srcReady.Count;

    /// <summary>Destination buffers the driver owns and has not filled.</summary>
    public int DstReadyCount => _dstReady.Count;

    /// <summary>True while the context sits on the job queue or runs.</summary>
    public bool JobQueued { get; internal set; }

    /// <summary>TRANS_ABORT: set while a job is cancelled (STREAMOFF, release), so that no new job is queued meanwhile.</summary>
    public bool Aborting { get; internal set; }

    /// <summary>The queue of <paramref name="type"/>, or null for another buffer type.</summary>
    public Vb2Queue? QueueOf(uint type) => type == OutQ.Type ? OutQ : type == CapQ.Type ? CapQ : null;

    /// <summary>v4l2_m2m_next_src_buf: the oldest ready source buffer, or null.</summary>
    public Vb2Buffer? NextSrcBuf() => _srcReady.First?.Value;

    /// <summary>v4l2_m2m_next_dst_buf.</summary>
    public Vb2Buffer? NextDstBuf() => _dstReady.First?.Value;

    /// <summary>v4l2_m2m_src_buf_remove: takes the oldest ready source buffer off the list.</summary>
    public Vb2Buffer SrcBufRemove() => Remove(_srcReady);

    /// <summary>v4l2_m2m_dst_buf_remove.</summary>
    public Vb2Buffer DstBufRemove() => Remove(_dstReady);

    /// <summary>v4l2_m2m_buf_queue (from buf_queue): the buffer joins its side's ready list.</summary>
    public void BufQueue(Vb2Buffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        (buffer.Queue == OutQ ? _srcReady : _dstReady).AddLast(buffer);
    }

    /// <summary>For stop_streaming: every ready buffer of <paramref name="queue"/> goes back with an error.</summary>
    public void ReturnAll(Vb2Queue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var list = queue == OutQ ? _srcReady : _dstReady;
        while (list.First is { } node)
        {
            list.RemoveFirst();
            queue.BufferDone(node.Value, Vb2BufferState.Error);
        }
    }

    /// <summary>v4l2_m2m_poll: POLLOUT when a source buffer is done, POLLIN when a destination buffer is; POLLERR when neither queue streams.</summary>
    public int Poll()
    {
        if (!OutQ.Streaming && !CapQ.Streaming)
        {
            return Uapi.Poll.POLLERR;
        }

        var mask = 0;
        if (OutQ.DoneCount > 0)
        {
            mask |= Uapi.Poll.POLLOUT | Uapi.Poll.POLLWRNORM;
        }

        if (CapQ.DoneCount > 0)
        {
            mask |= Uapi.Poll.POLLIN | Uapi.Poll.POLLRDNORM;
        }

        return mask;
    }

    private static Vb2Buffer Remove(LinkedList<Vb2Buffer> list)
    {
        var node = list.First ?? throw new KernelOopsException("v4l2_m2m_buf_remove from an empty ready list");
        list.RemoveFirst();
        return node.Value;
    }
}
