using System.Numerics;
using Protmem.Hardware;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Devices;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Gpu.Drm;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>
/// panthor_sched.c with the protected-mode series: GROUP_CREATE / DESTROY / SUBMIT / GET_STATE and the scheduler.
/// 1. The GPU runs one stream at a time (Model: one CSG slot); the next is the oldest job of the highest-priority
///    usable group with work whose head job's WAIT fences (its sync operations) have signalled.
/// 2. A stream reaching PROT_REGION raises CS_PROTM_PENDING and waits; the next scheduler tick lets its group
///    enter protected mode only when it is the top-priority group with work (others run first), it was created
///    PROTECTED and protected mode is supported; otherwise the group is killed (the review's advice).
/// 3. Entering takes GLB_PROTM_ENTER's time; normal groups wait while the GPU is protected. An entry never
///    acknowledged within 4 s (+ 0.5 s polling PROTM_ACTIVE) is the fatal platform hang of the review.
/// 4. A fault kills the faulting group (its fences fail with -EIO); a protected-mode fault also resets the GPU.
///    Other groups keep their jobs and run on.
/// </summary>
public sealed partial class PanthorDevice
{
    /// <summary>cs_slot_count: queues per group.</summary>
    public const uint MaxQueues = 8;

    /// <summary>The wait for GLB_PROTM_ENTER's acknowledgement.</summary>
    public const ulong ProtmEnterAckTimeoutNs = 4_000_000_000;

    /// <summary>The poll of GPU_STATUS.PROTM_ACTIVE after the acknowledgement.</summary>
    public const ulong ProtmActiveTimeoutNs = 500_000_000;

    private readonly List<PanthorGroup> _groups = [];
    private PanthorJob? _current;

    /// <summary>The job on the GPU, or null.</summary>
    public PanthorJob? Current => _current;

    /// <summary>Every live group, in creation order.</summary>
    public IReadOnlyList<PanthorGroup> Groups => _groups;

    /// <summary>
    /// panthor_ioctl_group_create: unknown flags (only the proposed PROTECTED) → -EINVAL; no queues or more than
    /// <see cref="MaxQueues"/> → -EINVAL; a queue with pad ≠ 0, priority over 15 or a ring buffer that is not a
    /// power of two in 4..64 KiB → -EINVAL; a priority past REALTIME → -EINVAL, HIGH or REALTIME for an
    /// unprivileged caller → -EPERM; an unknown VM → -EINVAL; core masks outside the GPU's cores or with fewer
    /// bits than the max counts → -EINVAL; PROTECTED without protected memory → -EINVAL.
    /// </summary>
    internal int IoctlGroupCreate(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmPanthorGroupCreate.Read(data);
        var client = (PanthorFilePriv)file.DriverPriv!;
        if ((args.Flags & ~PanthorIoctl.DRM_PANTHOR_GROUP_CREATE_PROTECTED) != 0 || args.Queues.Count == 0 || args.Queues.Count > MaxQueues)
        {
            return -Errno.EINVAL;
        }

        var result = ReadArray(caller, args.Queues, DrmPanthorQueueCreate.Size, DrmPanthorQueueCreate.Size, out var queues);
        if (result < 0)
        {
            return result;
        }

        foreach (var raw in queues)
        {
            var queue = DrmPanthorQueueCreate.Read(raw);
            if (raw[1] != 0 || raw[2] != 0 || raw[3] != 0 || queue.Priority > 15 || queue.RingbufSize < 4096 || queue.RingbufSize > 65536 || !BitOperations.IsPow2(queue.RingbufSize))
            {
                return -Errno.EINVAL;
            }
        }

        if (args.Priority > PanthorIoctl.PANTHOR_GROUP_PRIORITY_REALTIME)
        {
            return -Errno.EINVAL;
        }

        if (args.Priority >= PanthorIoctl.PANTHOR_GROUP_PRIORITY_HIGH && !MayUseHighPriority(caller))
        {
            return -Errno.EPERM;
        }

        if (!client.Vms.TryGetValue(args.VmId, out var vm)
            || !CoresFit(args.ComputeCoreMask, args.MaxComputeCores, ShaderPresent)
            || !CoresFit(args.FragmentCoreMask, args.MaxFragmentCores, ShaderPresent)
            || !CoresFit(args.TilerCoreMask, args.MaxTilerCores, 1))
        {
            return -Errno.EINVAL;
        }

        var isProtected = (args.Flags & PanthorIoctl.DRM_PANTHOR_GROUP_CREATE_PROTECTED) != 0;
        IReadOnlyList<Hardware.PhysRange> suspend = [];
        if (isProtected)
        {
            result = AllocSuspendBuffer(out suspend);
            if (result < 0)
            {
                return result;
            }
        }

        var group = new PanthorGroup(client, client.NextGroupHandle(), args.Priority, isProtected, vm, (int)args.Queues.Count, Kernel.FenceContextAlloc())
        {
            ProtmSuspendBuffer = suspend,
        };
        vm.Groups++;
        client.AddGroup(group);
        _groups.Add(group);
        args.GroupHandle = group.Handle;
        args.Write(data);
        return 0;
    }

    /// <summary>panthor_ioctl_group_destroy: pad ≠ 0 or an unknown handle → -EINVAL; its jobs fail with -ECANCELED.</summary>
    internal int IoctlGroupDestroy(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmPanthorGroupDestroy.Read(data);
        var client = (PanthorFilePriv)file.DriverPriv!;
        if (args.Pad != 0 || !client.Groups.TryGetValue(args.GroupHandle, out var group))
        {
            return -Errno.EINVAL;
        }

        DestroyGroup(client, group);
        return 0;
    }

    /// <summary>
    /// panthor_ioctl_group_submit: pad ≠ 0 or an unknown group → -EINVAL; each queue submit: a queue index past the
    /// group's, a stream size not a multiple of 8, an address not 64-byte aligned, a size without address (or the
    /// reverse), pad ≠ 0 → -EINVAL; each sync operation (panthor_submit_ctx): flags outside the handle type and
    /// SIGNAL, a handle type other than SYNCOBJ (Model: no timeline syncobjs) or a timeline value → -EINVAL; a WAIT
    /// on an unknown syncobj → -ENOENT, on an empty one → -EINVAL; a SIGNAL on an unknown syncobj → -EINVAL. A killed
    /// group → -ECANCELED; a lost device → -ENODEV. All are checked before any is queued. A job runs once its WAIT
    /// fences signal; each SIGNAL syncobj then holds the job's done fence (failed with -EIO when the group is killed).
    /// </summary>
    internal int IoctlGroupSubmit(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmPanthorGroupSubmit.Read(data);
        var client = (PanthorFilePriv)file.DriverPriv!;
        if (args.Pad != 0 || !client.Groups.TryGetValue(args.GroupHandle, out var group))
        {
            return -Errno.EINVAL;
        }

        var result = ReadArray(caller, args.QueueSubmits, DrmPanthorQueueSubmit.Size, DrmPanthorQueueSubmit.Size, out var raws);
        if (result < 0)
        {
            return result;
        }

        var submits = raws.Select(r => DrmPanthorQueueSubmit.Read(r)).ToList();
        var waits = new List<DmaFence>[submits.Count];
        var signals = new List<DrmSyncobj>[submits.Count];
        for (var i = 0; i < submits.Count; i++)
        {
            var s = submits[i];
            if (s.QueueIndex >= group.QueueCount || s.StreamSize % 8 != 0 || s.StreamAddr % 64 != 0 || (s.StreamSize == 0) != (s.StreamAddr == 0) || s.Pad != 0)
            {
                return -Errno.EINVAL;
            }

            result = ReadSyncOps(file, caller, s.Syncs, out waits[i], out signals[i]);
            if (result < 0)
            {
                return result;
            }
        }

        if (IsLost)
        {
            return -Errno.ENODEV;
        }

        if (!group.IsUsable)
        {
            return -Errno.ECANCELED;
        }

        for (var i = 0; i < submits.Count; i++)
        {
            var s = submits[i];
            var done = new DmaFence(group.FenceContext, ++group.FenceSeqno, Kernel.Hardware.Clock, "panthor", $"group-{group.Handle}");
            group.Push(new PanthorJob(group, s.QueueIndex, new CsContext(new DeviceAddr(s.StreamAddr), s.StreamSize), done, Kernel.Hardware.Clock.Now, waits[i]));
            foreach (var dependency in waits[i].Where(d => !d.IsSignaled))
            {
                // The scheduler looks again once the dependency signals (drm_sched_entity_wakeup).
                dependency.AddCallback(new DmaFenceCallback(_ => Kernel.Hardware.Events.ScheduleAfter(0, Kick, name: "panthor dependency signalled")));
            }

            foreach (var syncobj in signals[i])
            {
                syncobj.ReplaceFence(done);
            }

            Stats.Submitted++;
        }

        Kick();
        return 0;
    }

    /// <summary>
    /// panthor_submit_ctx_add_sync_signal / _add_deps_and_arm_jobs: the WAIT fences and SIGNAL syncobjs of one
    /// submission's sync operations (see <see cref="IoctlGroupSubmit"/> for the errno values).
    /// </summary>
    private int ReadSyncOps(DrmFile file, UserProcess caller, DrmPanthorObjArray array, out List<DmaFence> waits, out List<DrmSyncobj> signals)
    {
        waits = [];
        signals = [];
        var result = ReadArray(caller, array, DrmPanthorSyncOp.Size, DrmPanthorSyncOp.Size, out var raws);
        if (result < 0)
        {
            return result;
        }

        foreach (var raw in raws)
        {
            var op = DrmPanthorSyncOp.Read(raw);
            var type = op.Flags & PanthorIoctl.DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_MASK;
            if ((op.Flags & ~(PanthorIoctl.DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_MASK | PanthorIoctl.DRM_PANTHOR_SYNC_OP_SIGNAL)) != 0
                || type > PanthorIoctl.DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ)
            {
                return -Errno.EINVAL;
            }

            if (type == PanthorIoctl.DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ)
            {
                return Kernel.NotModelled.Record(caller, "ioctl(DRM_IOCTL_PANTHOR_GROUP_SUBMIT)", "timeline syncobj sync operations", Errno.EINVAL);
            }

            if (op.TimelineValue != 0)
            {
                return -Errno.EINVAL;
            }

            if ((op.Flags & PanthorIoctl.DRM_PANTHOR_SYNC_OP_SIGNAL) != 0)
            {
                if (!file.TryLookupSyncobj(op.Handle, out var syncobj))
                {
                    return -Errno.EINVAL;
                }

                signals.Add(syncobj);
                continue;
            }

            result = DrmDevice.SyncobjFindFence(file, op.Handle, out var fence);
            if (result < 0)
            {
                return result;
            }

            waits.Add(fence!);
        }

        return 0;
    }

    /// <summary>panthor_ioctl_group_get_state: pad ≠ 0 or an unknown handle → -EINVAL.</summary>
    internal static int IoctlGroupGetState(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmPanthorGroupGetState.Read(data);
        var client = (PanthorFilePriv)file.DriverPriv!;
        if (args.Pad != 0 || !client.Groups.TryGetValue(args.GroupHandle, out var group))
        {
            return -Errno.EINVAL;
        }

        args.State = group.State;
        args.FatalQueues = group.FatalQueues;
        args.Write(data);
        return 0;
    }

    /// <summary>Model: group_priority_permit's CAP_SYS_NICE or DRM master is root here (the model has no CAP_SYS_NICE).</summary>
    private static bool MayUseHighPriority(UserProcess caller) => caller.Credentials.Uid == 0 || caller.Credentials.Has(Capabilities.SysAdmin);

    /// <summary>drm_panthor_gpu_info.shader_present of the model's GPU.</summary>
    private const ulong ShaderPresent = 0x50005;

    private static bool CoresFit(ulong mask, byte max, ulong present) =>
        (mask & ~present) == 0 && BitOperations.PopCount(mask) >= max;

    private void DestroyGroup(PanthorFilePriv client, PanthorGroup group)
    {
        group.IsDestroyed = true;
        if (_current?.Group == group)
        {
            // Model: the group's CSG is terminated at once; the GPU is reset to drop its stream.
            Gpu.Reset();
            Stats.Resets++;
            _current = null;
        }

        foreach (var job in group.TakeAll())
        {
            Fail(job, -Errno.ECANCELED);
        }

        FreeSuspendBuffer(group.ProtmSuspendBuffer);
        group.Vm.Groups--;
        client.RemoveGroup(group.Handle);
        _groups.Remove(group);
        Kick();
    }

    /// <summary>The scheduler: starts the next stream when the GPU is free (see the type's summary).</summary>
    private void Kick()
    {
        if (IsLost || _current is not null || Gpu.IsBusy || Gpu.IsHung)
        {
            return;
        }

        TryResetFirmware();
        while (true)
        {
            var group = _groups.Where(g => g.IsUsable && g.Peek() is { IsReady: true }).OrderByDescending(g => g.Priority).ThenBy(g => g.Peek()!.SubmittedAt).FirstOrDefault();
            if (group is null)
            {
                return;
            }

            var job = group.Peek()!;
            if (job.ProtmPending && (!group.IsProtected || !ProtectedSupported))
            {
                Report(PanthorEventKind.ProtmRefused, $"{group}: PROT_REGION {(group.IsProtected ? "without protected-mode support" : "in a group not created PROTECTED")}; group killed");
                KillGroup(group, job, -Errno.EPERM);
                continue;
            }

            if (AttachVm(group.Vm) < 0)
            {
                KillGroup(group, job, -Errno.ENOMEM);
                continue;
            }

            _current = job;
            if (!job.ProtmPending)
            {
                Gpu.Run(job.Context);
                return;
            }

            Stats.ProtmEnters++;
            job.RanProtected = true;
            Gpu.EnterProtectedMode(job.Context);
            if (Gpu.IsHung)
            {
                Kernel.Hardware.Events.ScheduleAfter(ProtmEnterAckTimeoutNs + ProtmActiveTimeoutNs, OnProtmEnterTimeout, name: "panthor protm enter timeout");
            }

            return;
        }
    }

    /// <summary>The job IRQ (panthor_job_irq_handler and the CSG/CS event processing).</summary>
    private void OnJobIrq(GpuInterrupt irq)
    {
        if (_current is not { } job)
        {
            return;
        }

        _current = null;
        var group = job.Group;
        switch (irq.Status)
        {
            case GpuJobStatus.Done:
                group.Pop();
                job.Done.Signal();
                Stats.Completed++;
                if (job.RanProtected)
                {
                    Stats.FirstProtectedJobAt ??= Kernel.Hardware.Clock.Now;
                }

                break;
            case GpuJobStatus.ProtmPending:
                // CS_PROTM_PENDING: the stream waits at its PROT_REGION until a tick lets it in.
                Kernel.Hardware.Events.ScheduleAfter(0, Kick, name: "panthor tick");
                return;
            case GpuJobStatus.ProtmFault:
                Report(PanthorEventKind.ProtmFault, $"GPU fault in protected mode at 0x{irq.FaultAddress?.Value ?? 0:x} ({(irq.FaultKind == DeviceAccessResult.Ok ? "write to unprotected memory" : irq.FaultKind.ToString())}); {group} killed");
                KillGroup(group, job, -Errno.EIO);
                Gpu.Reset();
                Stats.Resets++;
                Report(PanthorEventKind.GpuReset, "GPU reset after a protected-mode fault");
                break;
            default:
                Report(PanthorEventKind.GroupFault, $"{group}: {(irq.Status == GpuJobStatus.Fault ? $"fault at 0x{irq.FaultAddress?.Value ?? 0:x} ({irq.FaultKind})" : "invalid instruction")}; group killed");
                KillGroup(group, job, -Errno.EIO);
                break;
        }

        Kick();
    }

    /// <summary>GLB_PROTM_ENTER never acknowledged: the platform is lost (a fatal, reported event; every job fails).</summary>
    private void OnProtmEnterTimeout()
    {
        if (!Gpu.IsHung || IsLost)
        {
            return;
        }

        IsLost = true;
        _current = null;
        Report(PanthorEventKind.PlatformHang, "GLB_PROTM_ENTER not acknowledged in 4000 ms: the firmware's protected sections are not in protected memory; the platform hangs");
        foreach (var group in _groups)
        {
            group.State |= PanthorIoctl.DRM_PANTHOR_GROUP_STATE_TIMEDOUT;
            foreach (var job in group.TakeAll())
            {
                Fail(job, -Errno.EIO);
            }
        }
    }

    private void KillGroup(PanthorGroup group, PanthorJob faulting, int error)
    {
        group.State |= PanthorIoctl.DRM_PANTHOR_GROUP_STATE_FATAL_FAULT;
        group.FatalQueues |= 1U << (int)faulting.QueueIndex;
        foreach (var job in group.TakeAll())
        {
            Fail(job, error);
        }
    }

    private void Fail(PanthorJob job, int error)
    {
        job.Done.SetError(error);
        job.Done.Signal();
        Stats.Failed++;
    }
}
