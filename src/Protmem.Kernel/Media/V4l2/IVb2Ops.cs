namespace Protmem.Kernel.Media.V4l2;

/// <summary>struct vb2_ops: what a queue asks of its driver.</summary>
public interface IVb2Ops
{
    /// <summary>
    /// queue_setup: the plane size for the queue's current format (and room for <paramref name="count"/>
    /// buffers, which the driver may lower); 0 or -errno (the driver may refuse the queue's restricted mode).
    /// </summary>
    int QueueSetup(Vb2Queue queue, ref uint count, out uint planeSize);

    /// <summary>buf_queue: the buffer now belongs to the driver (an m2m driver puts it on its ready list).</summary>
    void BufQueue(Vb2Buffer buffer);

    /// <summary>start_streaming: 0, or -errno to refuse (the queued buffers then go back to the program).</summary>
    int StartStreaming(Vb2Queue queue);

    /// <summary>stop_streaming: the driver gives back every buffer it owns (<see cref="Vb2Queue.BufferDone"/> with an error).</summary>
    void StopStreaming(Vb2Queue queue);
}
