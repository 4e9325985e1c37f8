using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// drm_syncobj.c's ioctls (binary sync objects): CREATE, DESTROY, HANDLE_TO_FD / FD_TO_HANDLE (a syncobj fd, or
/// with EXPORT/IMPORT_SYNC_FILE a sync_file), WAIT, RESET and SIGNAL. A driver without DRIVER_SYNCOBJ gets
/// -EOPNOTSUPP for each. Errno values are Linux's: an unknown handle is -EINVAL for DESTROY and HANDLE_TO_FD
/// (drm_syncobj_destroy, drm_syncobj_handle_to_fd) and -ENOENT for the others (drm_syncobj_array_find,
/// drm_syncobj_find_fence).
/// </summary>
public sealed partial class DrmDevice
{
    /// <summary>Model: the most handles one WAIT, RESET or SIGNAL takes; more is -ENOMEM (Linux's kmalloc_array would fail far later).</summary>
    public const uint MaxSyncobjArray = 4096;

    private const uint WaitFlags = DrmSyncobjIoctl.DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL | DrmSyncobjIoctl.DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT;

    private bool HasSyncobj => (Driver.Features & DrmDriverFeatures.Syncobj) != 0;

    /// <summary>
    /// drm_syncobj_find_fence for a binary syncobj (no wait for submit): 0 and the fence, -ENOENT for an unknown
    /// handle, -EINVAL for an empty syncobj. Drivers call it for their submits' wait operations.
    /// </summary>
    public static int SyncobjFindFence(DrmFile file, uint handle, out DmaFence? fence)
    {
        ArgumentNullException.ThrowIfNull(file);
        fence = null;
        if (!file.TryLookupSyncobj(handle, out var syncobj))
        {
            return -Errno.ENOENT;
        }

        fence = syncobj.Fence;
        return fence is null ? -Errno.EINVAL : 0;
    }

    /// <summary>drm_syncobj_create_ioctl: flags other than CREATE_SIGNALED → -EINVAL.</summary>
    private int IoctlSyncobjCreate(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmSyncobjCreate.Read(data);
        if (!HasSyncobj)
        {
            return -Errno.EOPNOTSUPP;
        }

        if ((args.Flags & ~DrmSyncobjIoctl.DRM_SYNCOBJ_CREATE_SIGNALED) != 0)
        {
            return -Errno.EINVAL;
        }

        var syncobj = DrmSyncobj.Create((args.Flags & DrmSyncobjIoctl.DRM_SYNCOBJ_CREATE_SIGNALED) != 0);
        var result = file.SyncobjHandleCreate(syncobj, out var handle);
        syncobj.Put();
        if (result < 0)
        {
            return result;
        }

        args.Handle = handle;
        args.Write(data);
        return 0;
    }

    /// <summary>drm_syncobj_destroy_ioctl: pad ≠ 0 → -EINVAL; an unknown handle → -EINVAL.</summary>
    private int IoctlSyncobjDestroy(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmSyncobjDestroy.Read(data);
        if (!HasSyncobj)
        {
            return -Errno.EOPNOTSUPP;
        }

        return args.Pad != 0 ? -Errno.EINVAL : file.SyncobjHandleDelete(args.Handle);
    }

    /// <summary>
    /// drm_syncobj_handle_to_fd_ioctl: pad ≠ 0 or flags other than EXPORT_SYNC_FILE → -EINVAL. Without the flag, a
    /// new close-on-exec syncobj fd (an unknown handle → -EINVAL); with it, a new sync_file of the current fence
    /// (an unknown handle → -ENOENT, an empty syncobj → -EINVAL).
    /// </summary>
    private int IoctlSyncobjHandleToFd(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmSyncobjHandle.Read(data);
        if (!HasSyncobj)
        {
            return -Errno.EOPNOTSUPP;
        }

        if (args.Pad != 0 || (args.Flags != 0 && args.Flags != DrmSyncobjIoctl.DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE))
        {
            return -Errno.EINVAL;
        }

        var fd = caller.Files.ReserveFd(Fcntl.O_CLOEXEC);
        if (fd < 0)
        {
            return fd;
        }

        OpenFile created;
        if (args.Flags != 0)
        {
            // drm_syncobj_export_sync_file.
            var result = SyncobjFindFence(file, args.Handle, out var fence);
            if (result < 0)
            {
                caller.Files.Unreserve(fd);
                return result;
            }

            created = SyncFile.Create(Kernel, fence!);
        }
        else
        {
            if (!file.TryLookupSyncobj(args.Handle, out var syncobj))
            {
                caller.Files.Unreserve(fd);
                return -Errno.EINVAL;
            }

            // The file's reference, paired in DrmSyncobj.Release.
            created = Kernel.CreateFile(syncobj, syncobj.Get(), Fcntl.O_RDWR);
        }

        caller.Files.Install(fd, created);
        args.Fd = fd;
        args.Write(data);
        return 0;
    }

    /// <summary>
    /// drm_syncobj_fd_to_handle_ioctl: pad ≠ 0 or flags other than IMPORT_SYNC_FILE → -EINVAL. Without the flag, the
    /// fd must be a syncobj fd (else -EINVAL) and a new handle names its syncobj; with it, the fd must be a sync_file
    /// (else -EINVAL) whose fence replaces that of the syncobj named by handle (unknown → -ENOENT).
    /// </summary>
    private int IoctlSyncobjFdToHandle(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmSyncobjHandle.Read(data);
        if (!HasSyncobj)
        {
            return -Errno.EOPNOTSUPP;
        }

        if (args.Pad != 0 || (args.Flags != 0 && args.Flags != DrmSyncobjIoctl.DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE))
        {
            return -Errno.EINVAL;
        }

        if (args.Flags != 0)
        {
            // drm_syncobj_import_sync_file_fence.
            if (!caller.Files.TryGet<SyncFile>(args.Fd, out _, out var sync))
            {
                return -Errno.EINVAL;
            }

            if (!file.TryLookupSyncobj(args.Handle, out var target))
            {
                return -Errno.ENOENT;
            }

            target.ReplaceFence(sync.Fence);
            return 0;
        }

        if (!caller.Files.TryGet<DrmSyncobj>(args.Fd, out var openFile, out var syncobj) || !ReferenceEquals(openFile.Operations, syncobj))
        {
            return -Errno.EINVAL;
        }

        var result = file.SyncobjHandleCreate(syncobj, out var handle);
        if (result < 0)
        {
            return result;
        }

        args.Handle = handle;
        args.Write(data);
        return 0;
    }

    /// <summary>
    /// drm_syncobj_wait_ioctl: flags other than WAIT_ALL | WAIT_FOR_SUBMIT → -EINVAL; no handles → 0; an unknown
    /// handle → -ENOENT; an empty syncobj without WAIT_FOR_SUBMIT → -EINVAL. Then waits until all (WAIT_ALL) or any
    /// of the fences signal (an error is still a signal), or the absolute deadline timeout_nsec (the model's
    /// clock) passes: -ETIME. first_signaled is the first signaled index.
    /// Model: the wait runs the simulated machine (the GPU's events) up to the deadline, so simulated time advances
    /// as the caller sleeps; when nothing is left to run, nothing can signal: a finite deadline moves the clock to
    /// it, and an infinite one (INT64_MAX, libdrm's "forever") ends at once with -ETIME instead of a hang.
    /// </summary>
    private int IoctlSyncobjWait(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmSyncobjWait.Read(data);
        if (!HasSyncobj)
        {
            return -Errno.EOPNOTSUPP;
        }

        if ((args.Flags & ~WaitFlags) != 0)
        {
            return -Errno.EINVAL;
        }

        if (args.CountHandles == 0)
        {
            return 0;
        }

        var result = FindSyncobjs(file, caller, args.Handles, args.CountHandles, out var syncobjs);
        if (result < 0)
        {
            return result;
        }

        var waitAll = (args.Flags & DrmSyncobjIoctl.DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL) != 0;
        var forSubmit = (args.Flags & DrmSyncobjIoctl.DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT) != 0;
        var fences = syncobjs.Select(s => s.Fence).ToArray();
        if (!forSubmit && fences.Any(f => f is null))
        {
            return -Errno.EINVAL;
        }

        var clock = Kernel.Hardware.Clock;
        var events = Kernel.Hardware.Events;
        var deadline = args.TimeoutNsec <= 0 ? 0UL : (ulong)args.TimeoutNsec;
        int first;
        while (true)
        {
            for (var i = 0; i < fences.Length; i++)
            {
                // WAIT_FOR_SUBMIT: an empty syncobj's first fence is the one waited for.
                fences[i] ??= syncobjs[i].Fence;
            }

            var signaled = fences.Select((f, i) => (f, i)).Where(p => p.f is { IsSignaled: true }).Select(p => p.i).ToList();
            if (signaled.Count == fences.Length || (signaled.Count > 0 && !waitAll))
            {
                first = signaled[0];
                break;
            }

            if (clock.Now >= deadline)
            {
                return -Errno.ETIME;
            }

            if (!events.TryPeekTime(out var next))
            {
                if (args.TimeoutNsec != long.MaxValue)
                {
                    clock.AdvanceTo(deadline);
                }

                return -Errno.ETIME;
            }

            if (next > deadline)
            {
                events.RunUntil(deadline);
                continue;
            }

            events.RunNext();
        }

        args.FirstSignaled = (uint)first;
        args.Write(data);
        return 0;
    }

    /// <summary>drm_syncobj_reset_ioctl: pad ≠ 0 or no handles → -EINVAL; an unknown handle → -ENOENT; each syncobj is emptied.</summary>
    private int IoctlSyncobjReset(DrmFile file, UserProcess caller, Span<byte> data) => SyncobjArrayOp(file, caller, data, null);

    /// <summary>drm_syncobj_signal_ioctl: pad ≠ 0 or no handles → -EINVAL; an unknown handle → -ENOENT; each syncobj gets a signaled stub fence.</summary>
    private int IoctlSyncobjSignal(DrmFile file, UserProcess caller, Span<byte> data) => SyncobjArrayOp(file, caller, data, DmaFence.Stub());

    private int SyncobjArrayOp(DrmFile file, UserProcess caller, Span<byte> data, DmaFence? fence)
    {
        var args = DrmSyncobjArray.Read(data);
        if (!HasSyncobj)
        {
            return -Errno.EOPNOTSUPP;
        }

        if (args.Pad != 0 || args.CountHandles == 0)
        {
            return -Errno.EINVAL;
        }

        var result = FindSyncobjs(file, caller, args.Handles, args.CountHandles, out var syncobjs);
        if (result < 0)
        {
            return result;
        }

        foreach (var syncobj in syncobjs)
        {
            syncobj.ReplaceFence(fence);
        }

        return 0;
    }

    /// <summary>
    /// The timeline ioctls (TIMELINE_WAIT, QUERY, TRANSFER, TIMELINE_SIGNAL): -EOPNOTSUPP, as Linux answers for a
    /// driver without DRIVER_SYNCOBJ_TIMELINE. Model: no driver here has timeline syncobjs.
    /// </summary>
    private static int NoSyncobjTimeline(DrmFile file, UserProcess caller, Span<byte> data) => -Errno.EOPNOTSUPP;

    /// <summary>drm_syncobj_array_find: the handles copied in (-EFAULT), each looked up in <paramref name="file"/> (-ENOENT).</summary>
    private static int FindSyncobjs(DrmFile file, UserProcess caller, ulong handles, uint count, out DrmSyncobj[] syncobjs)
    {
        syncobjs = [];
        if (count > MaxSyncobjArray)
        {
            return -Errno.ENOMEM;
        }

        var raw = new byte[count * 4];
        if (caller.CopyFromUser(handles, raw) < 0)
        {
            return -Errno.EFAULT;
        }

        var found = new DrmSyncobj[count];
        for (var i = 0; i < count; i++)
        {
            if (!file.TryLookupSyncobj(BitConverter.ToUInt32(raw, i * 4), out found[i]))
            {
                return -Errno.ENOENT;
            }
        }

        syncobjs = found;
        return 0;
    }
}
