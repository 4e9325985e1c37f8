using Protmem.Hardware;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Gpu.Drm;
using Protmem.Uapi;
using Protmem.Uapi.Accel;

namespace Protmem.Kernel.Accel.Rocket;

/// <summary>rocket_gem.c: CREATE_BO, PREP_BO, FINI_BO.</summary>
public sealed partial class RocketDevice
{
    /// <summary>
    /// rocket_ioctl_create_bo: shmem pages of PAGE_ALIGN(size) (size 0 → -EINVAL, no memory → -ENOMEM), an
    /// address from the client's drm_mm (-ENOSPC when full); under shared-context and the per-file strategies
    /// the BO is mapped read/write into the client's (or the shared) domain at once (-ENOMEM on failure).
    /// Returns the mapped size, the handle, the NPU address and the mmap offset.
    /// </summary>
    internal int IoctlCreateBo(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmRocketCreateBo.Read(data);
        var client = (RocketFilePriv)file.DriverPriv!;
        var size = ((ulong)args.BoSize + HwConstants.PageMask) & ~HwConstants.PageMask;
        if (size == 0)
        {
            // Model: Linux fails a zero-size BO when building its sg table; the model answers -EINVAL up front.
            return -Errno.EINVAL;
        }

        if (!Drm.TryAllocShmemPages(size, out var pages))
        {
            return -Errno.ENOMEM;
        }

        if (!client.TryAllocAddress(size, out var address))
        {
            Drm.FreeShmemPages(pages);
            return -Errno.ENOSPC;
        }

        var bo = new RocketGemObject(Drm, client, size, pages, address);
        client.AddBo(bo);
        DomainGet(client);
        if ((Isolation is RocketIsolation.SharedContext or RocketIsolation.PerFileDomain or RocketIsolation.PerFileDomainKeepAttached)
            && bo.MapInto(client.Domain!, Stats) < 0)
        {
            bo.Put();
            return -Errno.ENOMEM;
        }

        var result = file.HandleCreate(bo, out var handle);
        bo.Put();
        if (result < 0)
        {
            return result;
        }

        args.BoSize = (uint)size;
        args.Handle = handle;
        args.DmaAddress = address.Value;
        args.Offset = bo.MmapOffset;
        args.Write(data);
        return 0;
    }

    /// <summary>
    /// rocket_ioctl_prep_bo: reserved → -EINVAL; an unknown handle → -ENOENT; waits (running the machine's
    /// events) for the BO's writers until <c>timeout_ns</c>, an absolute time on the simulated monotonic clock;
    /// not done by then → -ETIMEDOUT, or -EBUSY when the timeout had already passed (a poll).
    /// </summary>
    internal int IoctlPrepBo(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmRocketPrepBo.Read(data);
        if (args.Reserved != 0)
        {
            return -Errno.EINVAL;
        }

        if (!file.TryLookup(args.Handle, out var obj))
        {
            return -Errno.ENOENT;
        }

        var clock = Kernel.Hardware.Clock;
        var events = Kernel.Hardware.Events;
        var deadline = args.TimeoutNs <= 0 ? 0UL : (ulong)args.TimeoutNs;
        var hadTimeout = deadline > clock.Now;
        while (!obj.Resv.TestSignaled(DmaResvUsage.Write))
        {
            if (!events.TryPeekTime(out var next))
            {
                // Model: nothing left to run can signal the fences; the sleep ends at once instead of at the deadline.
                return hadTimeout ? -Errno.ETIMEDOUT : -Errno.EBUSY;
            }

            if (next > deadline)
            {
                if (hadTimeout)
                {
                    events.RunUntil(deadline);
                }

                return hadTimeout ? -Errno.ETIMEDOUT : -Errno.EBUSY;
            }

            events.RunNext();
        }

        return 0;
    }

    /// <summary>rocket_ioctl_fini_bo: reserved → -EINVAL; an unknown handle → -ENOENT; otherwise the CPU's access ends (no caches to clean in the model).</summary>
    internal static int IoctlFiniBo(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmRocketFiniBo.Read(data);
        if (args.Reserved != 0)
        {
            return -Errno.EINVAL;
        }

        return file.TryLookup(args.Handle, out _) ? 0 : -Errno.ENOENT;
    }
}
