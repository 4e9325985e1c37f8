using Protmem.Kernel.Core;

namespace Protmem.Kernel.Media.V4l2;

/// <summary>
/// v4l2-mem2mem.c's scheduler (struct v4l2_m2m_dev): one job at a time on the device, contexts taking turns.
/// 1. <see cref="CtxInit"/> gives an open file its context; the driver's queue_init makes the two queues.
/// 2. <see cref="TrySchedule"/> (after QBUF and STREAMON) puts a context on the job queue once both queues
///    stream, each has a ready buffer and the driver's job_ready agrees.
/// 3. The first queued context runs (device_run); the driver ends the job with <see cref="JobFinish"/>, and
///    the next one runs.
/// 4. <see cref="CtxRelease"/> (paired with <see cref="CtxInit"/>) waits for a running job, leaves the job
///    queue and releases both queues.
/// </summary>
public sealed class V4l2M2mDev
{
    private readonly KernelContext _kernel;
    private readonly IV4l2M2mOps _ops;
    private readonly LinkedList<V4l2M2mCtx> _jobQueue = new();

    public V4l2M2mDev(KernelContext kernel, IV4l2M2mOps ops)
    {
        _kernel = kernel ?? throw new ArgumentNullException(nameof(kernel));
        _ops = ops ?? throw new ArgumentNullException(nameof(ops));
    }

    /// <summary>The context whose job runs now (curr_ctx), or null.</summary>
    public V4l2M2mCtx? CurrCtx { get; private set; }

    /// <summary>Contexts waiting for the device.</summary>
    public int QueuedJobs => _jobQueue.Count;

    /// <summary>Jobs run since probe.</summary>
    public long JobsRun { get; private set; }

    /// <summary>v4l2_m2m_ctx_init: a context whose queues <paramref name="queueInit"/> makes (source, destination).</summary>
    public V4l2M2mCtx CtxInit(object? priv, Func<V4l2M2mCtx, (Vb2Queue Src, Vb2Queue Dst)> queueInit)
    {
        ArgumentNullException.ThrowIfNull(queueInit);
        var ctx = new V4l2M2mCtx(this, priv);
        (ctx.OutQ, ctx.CapQ) = queueInit(ctx);
        return ctx;
    }

    /// <summary>v4l2_m2m_try_schedule.</summary>
    public void TrySchedule(V4l2M2mCtx ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (!ctx.JobQueued && !ctx.Aborting && ctx.OutQ.Streaming && ctx.CapQ.Streaming && ctx.SrcReadyCount > 0 && ctx.DstReadyCount > 0 && _ops.JobReady(ctx))
        {
            ctx.JobQueued = true;
            _jobQueue.AddLast(ctx);
        }

        TryRun();
    }

    /// <summary>v4l2_m2m_job_finish: the running job of <paramref name="ctx"/> ended; the context may queue again, the next job runs.</summary>
    public void JobFinish(V4l2M2mCtx ctx)
    {
        if (CurrCtx != ctx)
        {
            throw new KernelOopsException("v4l2_m2m_job_finish for a context whose job is not running");
        }

        CurrCtx = null;
        ctx.JobQueued = false;
        TrySchedule(ctx);
    }

    /// <summary>
    /// v4l2_m2m_cancel_job: a queued job leaves the job queue; a running one is waited for (the simulated
    /// machine runs until the driver finishes it).
    /// </summary>
    public void CancelJob(V4l2M2mCtx ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.Aborting = true;
        while (CurrCtx == ctx)
        {
            if (!_kernel.Hardware.Events.RunNext())
            {
                throw new KernelOopsException("a running m2m job can never finish: nothing is left to run");
            }
        }

        if (ctx.JobQueued)
        {
            _jobQueue.Remove(ctx);
            ctx.JobQueued = false;
        }
    }

    /// <summary>v4l2_m2m_streamoff's scheduler half: the context's job is cancelled before the queue stops.</summary>
    public int Streamoff(V4l2M2mCtx ctx, uint type)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (ctx.QueueOf(type) is not { } queue)
        {
            return -Uapi.Errno.EINVAL;
        }

        CancelJob(ctx);
        var result = queue.Streamoff(type);
        ctx.Aborting = false;
        TrySchedule(ctx);
        return result;
    }

    /// <summary>v4l2_m2m_ctx_release: the job cancelled, both queues released (every dma-buf detached and put).</summary>
    public void CtxRelease(V4l2M2mCtx ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        CancelJob(ctx);
        ctx.OutQ.Release();
        ctx.CapQ.Release();
    }

    private void TryRun()
    {
        if (CurrCtx is not null || _jobQueue.First is not { } first)
        {
            return;
        }

        _jobQueue.RemoveFirst();
        CurrCtx = first.Value;
        JobsRun++;
        _ops.DeviceRun(first.Value);
    }
}
