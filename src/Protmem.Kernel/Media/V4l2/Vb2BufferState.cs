namespace Protmem.Kernel.Media.V4l2;

/// <summary>enum vb2_buffer_state: who owns a buffer now.</summary>
public enum Vb2BufferState
{
    /// <summary>VB2_BUF_STATE_DEQUEUED: the program's.</summary>
    Dequeued,

    /// <summary>VB2_BUF_STATE_QUEUED: queued, waiting for the queue to stream (the core holds it).</summary>
    Queued,

    /// <summary>VB2_BUF_STATE_ACTIVE: the driver's (on its ready list or on the hardware).</summary>
    Active,

    /// <summary>VB2_BUF_STATE_DONE: on the done list, to be dequeued.</summary>
    Done,

    /// <summary>VB2_BUF_STATE_ERROR: on the done list, the job failed (V4L2_BUF_FLAG_ERROR).</summary>
    Error,
}
