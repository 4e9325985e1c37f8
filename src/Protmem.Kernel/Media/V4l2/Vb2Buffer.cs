namespace Protmem.Kernel.Media.V4l2;

/// <summary>struct vb2_v4l2_buffer: one buffer of a queue, its state, its one plane and the metadata an m2m decoder copies.</summary>
public sealed class Vb2Buffer
{
    internal Vb2Buffer(Vb2Queue queue, uint index, uint minLength)
    {
        Queue = queue;
        Index = index;
        MinLength = minLength;
    }

    /// <summary>The queue the buffer belongs to.</summary>
    public Vb2Queue Queue { get; }

    /// <summary>The buffer's index in its queue.</summary>
    public uint Index { get; }

    /// <summary>Who owns the buffer now.</summary>
    public Vb2BufferState State { get; internal set; }

    /// <summary>The plane size the format asks for (queue_setup's sizes[0]): a smaller dma-buf is refused at QBUF.</summary>
    public uint MinLength { get; }

    /// <summary>The one memory plane (every format here has one).</summary>
    public Vb2Plane Plane { get; } = new();

    /// <summary>timestamp (tv_sec, tv_usec) given on OUTPUT, copied to the CAPTURE buffer decoded from it.</summary>
    public (long Sec, long Usec) Timestamp { get; internal set; }

    /// <summary>The sequence number set when the buffer is done.</summary>
    public uint Sequence { get; internal set; }

    public override string ToString() => $"{Queue} buffer {Index} ({State})";
}
