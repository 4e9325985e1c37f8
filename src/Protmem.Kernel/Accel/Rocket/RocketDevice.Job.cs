using System.Buffers.Binary;
using Protmem.Hardware;
using Protmem.Hardware.Devices;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Gpu.Drm;
using Protmem.Uapi;
using Protmem.Uapi.Accel;

namespace Protmem.Kernel.Accel.Rocket;

/// <summary>
/// rocket_job.c: SUBMIT, the per-core schedulers, running a job under the board's isolation strategy,
/// the completion IRQ and the 500 ms timeout.
/// 1. SUBMIT validates the submit (job_count 0 → 0; job_struct_size too small or reserved ≠ 0 → -EINVAL),
///    then each job; a job that fails its checks is dropped and the ioctl still returns 0, as the merged
///    code ignores rocket_ioctl_submit_job's result.
/// 2. A job is placed (drm_sched_entity_select_rq): on its client's last core while the client has a job
///    unfinished, else on the least-loaded core.
/// 3. It runs when its dependencies (the in BOs' writers, the out BOs' readers and writers) have signaled and
///    it is its client's oldest job; the strategy's maps or attach happen first.
/// 4. The core's IRQ starts the next task, or ends the job (unmaps or detach) and signals its fence.
/// 5. A DMA error is only warned about (the merged hard IRQ WARN_ONs it); the job then hits the 500 ms
///    timeout: the core is reset, the client's domain detached, the fence fails with -ECANCELED.
/// </summary>
public sealed partial class RocketDevice
{
    /// <summary>JOB_TIMEOUT_MS.</summary>
    public const ulong JobTimeoutNs = 500_000_000;

    /// <summary>Model: kvmalloc_array of more entries than this fails (-ENOMEM) instead of being tried.</summary>
    private const uint MaxArrayEntries = 1 << 20;

    /// <summary>rocket_ioctl_submit.</summary>
    internal int IoctlSubmit(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmRocketSubmit.Read(data);
        if (args.JobCount == 0)
        {
            return 0;
        }

        if (args.JobStructSize < DrmRocketJob.Size || args.Reserved != 0)
        {
            return -Errno.EINVAL;
        }

        var client = (RocketFilePriv)file.DriverPriv!;
        Span<byte> raw = stackalloc byte[DrmRocketJob.Size];
        for (var i = 0UL; i < args.JobCount; i++)
        {
            if (caller.CopyFromUser(args.Jobs + (i * args.JobStructSize), raw) < 0)
            {
                return -Errno.EFAULT;
            }

            // Model (as merged): the job's own errors (EINVAL, EFAULT, ENOENT, ENOMEM) are dropped with it.
            _ = SubmitJob(client, caller, DrmRocketJob.Read(raw));
        }

        return 0;
    }

    /// <summary>rocket_ioctl_submit_job: 0, or the errno the merged ioctl then ignores.</summary>
    internal int SubmitJob(RocketFilePriv client, UserProcess caller, DrmRocketJob job)
    {
        if (job.TaskCount == 0 || job.TaskStructSize < DrmRocketTask.Size)
        {
            return -Errno.EINVAL;
        }

        if (job.TaskCount > MaxArrayEntries || job.InBoHandleCount > MaxArrayEntries || job.OutBoHandleCount > MaxArrayEntries)
        {
            return -Errno.ENOMEM;
        }

        var tasks = new (DeviceAddr, uint)[job.TaskCount];
        Span<byte> raw = stackalloc byte[DrmRocketTask.Size];
        for (var i = 0U; i < job.TaskCount; i++)
        {
            if (caller.CopyFromUser(job.Tasks + ((ulong)i * job.TaskStructSize), raw) < 0)
            {
                return -Errno.EFAULT;
            }

            var task = DrmRocketTask.Read(raw);
            if (task.RegcmdCount == 0)
            {
                return -Errno.EINVAL;
            }

            tasks[i] = (new DeviceAddr(task.Regcmd), task.RegcmdCount);
        }

        var result = LookupBos(client, caller, job.InBoHandles, job.InBoHandleCount, out var inBos);
        if (result < 0)
        {
            return result;
        }

        result = LookupBos(client, caller, job.OutBoHandles, job.OutBoHandleCount, out var outBos);
        if (result < 0)
        {
            Array.ForEach(inBos, b => b.Put());
            return result;
        }

        // drm_sched_job_add_implicit_dependencies: readers wait for writers, writers for everyone.
        var dependencies = new List<DmaFence>();
        foreach (var bo in inBos)
        {
            dependencies.AddRange(bo.Resv.GetFences(DmaResvUsage.Write));
        }

        foreach (var bo in outBos)
        {
            dependencies.AddRange(bo.Resv.GetFences(DmaResvUsage.Read));
        }

        var done = new DmaFence(client.FenceContext, ++client.FenceSeqno, Kernel.Hardware.Clock);
        var rjob = new RocketJob(client, tasks, inBos, outBos, [.. dependencies.Where(f => !f.IsSignaled).Distinct()], done);
        foreach (var bo in outBos)
        {
            bo.Resv.AddFence(done, DmaResvUsage.Write);
        }

        DomainGet(client);
        Push(rjob);
        return 0;
    }

    private static int LookupBos(RocketFilePriv client, UserProcess caller, ulong address, uint count, out RocketGemObject[] bos)
    {
        bos = [];
        if (count == 0)
        {
            return 0;
        }

        var handles = new uint[count];
        Span<byte> raw = stackalloc byte[4];
        for (var i = 0U; i < count; i++)
        {
            if (caller.CopyFromUser(address + ((ulong)i * 4), raw) < 0)
            {
                return -Errno.EFAULT;
            }

            handles[i] = BinaryPrimitives.ReadUInt32LittleEndian(raw);
        }

        var result = DrmDevice.ObjectsLookup(client.File, handles, out var objects);
        if (result < 0)
        {
            return result;
        }

        bos = [.. objects.Cast<RocketGemObject>()];
        return 0;
    }

    /// <summary>drm_sched_job_arm + drm_sched_entity_push_job: placement, then a try to run.</summary>
    private void Push(RocketJob job)
    {
        var client = job.File;
        var core = client.Entity.Count > 0 && client.LastCore is { } last
            ? last
            : _cores.OrderBy(c => c.Load).ThenBy(c => c.Index).First();
        job.Core = core;
        client.LastCore = core;
        client.Enqueue(job);
        core.Push(job);
        foreach (var dependency in job.Dependencies)
        {
            dependency.AddCallback(new DmaFenceCallback(_ => RunNext(core)));
        }

        RunNext(core);
    }

    /// <summary>drm_sched_main for one core: the oldest queued job that is ready and its client's oldest starts.</summary>
    private void RunNext(RocketCore core)
    {
        if (core.InFlight is not null)
        {
            return;
        }

        var job = core.Queue.FirstOrDefault(j => j.IsReady && j.File.Entity.First(e => !e.Started) == j);
        if (job is null)
        {
            return;
        }

        core.Remove(job);
        Run(core, job);
    }

    /// <summary>rocket_job_run: the strategy's maps or attach, then the first task on the hardware and the timeout armed.</summary>
    private void Run(RocketCore core, RocketJob job)
    {
        job.Started = true;
        core.InFlight = job;
        Stats.JobsRun++;
        var clock = Kernel.Hardware.Clock;
        var start = clock.Now;
        var switched = core.LastFile is not null && core.LastFile != job.File;
        if (switched)
        {
            Stats.ClientSwitches++;
        }

        core.LastFile = job.File;
        var result = Prepare(core, job);
        var spent = clock.Now - start;
        Stats.IsolationNs += spent;
        if (switched)
        {
            Stats.SwitchNs += spent;
        }

        if (result < 0)
        {
            Finish(core, job, result);
            return;
        }

        job.Timeout = Kernel.Hardware.Events.ScheduleAfter(JobTimeoutNs, () => TimedOut(core, job), name: core.Device.Name + " timeout");
        var (regcmd, count) = job.Tasks[0];
        core.Hardware.Start(regcmd, count);
    }

    /// <summary>The IRQ thread: the next task, the end of the job, or (after a DMA error) only a warning.</summary>
    private void OnInterrupt(RocketCore core, NpuInterrupt irq)
    {
        if (core.InFlight is not { } job)
        {
            return;
        }

        if (irq.Status != NpuTaskStatus.Done)
        {
            // The merged hard IRQ WARN_ONs DMA errors and does not end the job; the timeout will.
            _faults.Add(new RocketFault(irq.Time, core.Device.Name, job.File.File.Id, job.File.File.OwnerPid, irq.Status, irq.FaultAddress, irq.FaultKind, TimedOut: false));
            return;
        }

        job.NextTask++;
        if (job.NextTask < job.Tasks.Count)
        {
            var (regcmd, count) = job.Tasks[job.NextTask];
            core.Hardware.Start(regcmd, count);
            return;
        }

        Finish(core, job, 0);
    }

    /// <summary>rocket_job_timedout + rocket_reset: the core is reset, its domain detached, the job's fence fails.</summary>
    private void TimedOut(RocketCore core, RocketJob job)
    {
        job.Timeout = null;
        var last = core.Hardware.LastInterrupt;
        _faults.Add(new RocketFault(Kernel.Hardware.Clock.Now, core.Device.Name, job.File.File.Id, job.File.File.OwnerPid, last?.Status ?? NpuTaskStatus.Done, last?.FaultAddress, last?.FaultKind ?? default, TimedOut: true));
        core.Hardware.Reset();
        Stats.Resets++;
        if (Isolation == RocketIsolation.PerFileDomainKeepAttached && core.AttachedDomain is { } attached)
        {
            // The RFC's review point: after a reset the attached domain must be forgotten, or the next job faults.
            Kernel.Iommu.DetachDevice(attached, core.Device);
            Stats.Detaches++;
            core.AttachedDomain = null;
        }

        Finish(core, job, -Errno.ECANCELED);
    }

    /// <summary>The end of a job: the strategy's unmaps or detach, the fence signaled (with the error), references dropped.</summary>
    private void Finish(RocketCore core, RocketJob job, int error)
    {
        job.Timeout?.Cancel();
        job.Timeout = null;
        var clock = Kernel.Hardware.Clock;
        var start = clock.Now;
        Release(core, job);
        Stats.IsolationNs += clock.Now - start;
        core.InFlight = null;
        if (error != 0)
        {
            job.Done.SetError(error);
            Stats.JobsFailed++;
        }

        job.File.Finished(job);
        job.Done.Signal();
        foreach (var bo in job.InBos.Concat(job.OutBos))
        {
            bo.Put();
        }

        DomainPut(job.File);
        RunNext(core);
    }
}
