namespace Protmem.Kernel.Media.V4l2;

/// <summary>struct v4l2_m2m_ops: what the mem2mem scheduler asks of its driver.</summary>
public interface IV4l2M2mOps
{
    /// <summary>device_run: start the context's job on the hardware; it ends with <see cref="V4l2M2mDev.JobFinish"/>.</summary>
    void DeviceRun(V4l2M2mCtx ctx);

    /// <summary>job_ready: whether the context can run now (beyond a source and a destination buffer being ready).</summary>
    bool JobReady(V4l2M2mCtx ctx) => true;
}
