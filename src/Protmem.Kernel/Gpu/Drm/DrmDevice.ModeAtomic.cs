using System.Buffers.Binary;
using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// drm_atomic_uapi.c: DRM_IOCTL_MODE_ATOMIC. The request names objects, then for each a number of (property,
/// value) pairs; every value is checked (drm_property_change_valid_get) and set on a new state, the state is
/// checked, and unless DRM_MODE_ATOMIC_TEST_ONLY it is committed.
/// Model: every commit is blocking. It completes at the next vblank: the display scans one frame out (one
/// frame per commit, the clock advancing by a frame period), and with DRM_MODE_PAGE_FLIP_EVENT each CRTC of the
/// commit queues a DRM_EVENT_FLIP_COMPLETE on the file; DRM_MODE_ATOMIC_NONBLOCK returns after the same work.
/// </summary>
public sealed partial class DrmDevice
{
    /// <summary>Model: the most objects or property pairs one request may name (Linux bounds them only by memory); more → -EINVAL.</summary>
    public const int MaxAtomicItems = 4096;

    /// <summary>
    /// drm_mode_atomic_ioctl: no DRIVER_ATOMIC → -EOPNOTSUPP; a client without DRM_CLIENT_CAP_ATOMIC, unknown flags,
    /// reserved ≠ 0, async flips, TEST_ONLY with an event → -EINVAL; an unknown object or a property it does not
    /// have → -ENOENT; a value the property does not take → -EINVAL; then the check's errno.
    /// </summary>
    private int IoctlModeAtomic(DrmFile file, UserProcess caller, Span<byte> data)
    {
        if (ModeConfig is not { } config || (Driver.Features & DrmDriverFeatures.Atomic) == 0)
        {
            return -Errno.EOPNOTSUPP;
        }

        var args = DrmModeAtomic.Read(data);
        if (!file.Atomic || (args.Flags & ~DrmModeIoctl.DRM_MODE_ATOMIC_FLAGS) != 0 || args.Reserved != 0
            || (args.Flags & DrmModeIoctl.DRM_MODE_PAGE_FLIP_ASYNC) != 0
            || ((args.Flags & DrmModeIoctl.DRM_MODE_ATOMIC_TEST_ONLY) != 0 && (args.Flags & DrmModeIoctl.DRM_MODE_PAGE_FLIP_EVENT) != 0)
            || args.CountObjs > MaxAtomicItems)
        {
            return -Errno.EINVAL;
        }

        var state = new DrmAtomicState(config, args.Flags);
        var result = FillAtomicState(caller, config, state, args);
        if (result == 0 && (args.Flags & DrmModeIoctl.DRM_MODE_PAGE_FLIP_EVENT) != 0)
        {
            foreach (var crtcState in state.Crtcs.Values)
            {
                crtcState.EventRequested = true;
            }
        }

        result = result < 0 ? result : state.Check();
        if (result < 0 || (args.Flags & DrmModeIoctl.DRM_MODE_ATOMIC_TEST_ONLY) != 0)
        {
            state.Release();
            return result;
        }

        var events = state.Crtcs.Where(c => c.Value.EventRequested).Select(c => c.Key).ToList();
        state.Commit();
        foreach (var crtc in events)
        {
            crtc.State.EventRequested = false;
            file.QueueEvent(FlipEvent(crtc, args.UserData));
        }

        return 0;
    }

    private static int FillAtomicState(UserProcess caller, DrmModeConfig config, DrmAtomicState state, DrmModeAtomic args)
    {
        var count = (int)args.CountObjs;
        var objIds = new byte[count * 4];
        var propCounts = new byte[count * 4];
        if (count > 0 && (caller.CopyFromUser(args.ObjsPtr, objIds) < 0 || caller.CopyFromUser(args.CountPropsPtr, propCounts) < 0))
        {
            return -Errno.EFAULT;
        }

        ulong pair = 0;
        Span<byte> id = stackalloc byte[4];
        Span<byte> value = stackalloc byte[8];
        for (var i = 0; i < count; i++)
        {
            var obj = config.Lookup(BinaryPrimitives.ReadUInt32LittleEndian(objIds.AsSpan(i * 4)), DrmModeIoctl.DRM_MODE_OBJECT_ANY);
            if (obj is null || obj.Properties.Count == 0)
            {
                return -Errno.ENOENT;
            }

            var props = BinaryPrimitives.ReadUInt32LittleEndian(propCounts.AsSpan(i * 4));
            if (pair + props > MaxAtomicItems)
            {
                return -Errno.EINVAL;
            }

            for (var j = 0; j < props; j++, pair++)
            {
                if (caller.CopyFromUser(args.PropsPtr + (pair * 4), id) < 0 || caller.CopyFromUser(args.PropValuesPtr + (pair * 8), value) < 0)
                {
                    return -Errno.EFAULT;
                }

                var propId = BinaryPrimitives.ReadUInt32LittleEndian(id);
                var property = obj.Properties.FirstOrDefault(p => p.Id == propId);
                if (property is null)
                {
                    return -Errno.ENOENT;
                }

                var v = BinaryPrimitives.ReadUInt64LittleEndian(value);
                var result = property.ValueValid(v, config) ? state.SetProperty(obj, property, v) : -Errno.EINVAL;
                if (result < 0)
                {
                    return result;
                }
            }
        }

        return 0;
    }

    /// <summary>drm_crtc_send_vblank_event: a DRM_EVENT_FLIP_COMPLETE stamped with the vblank's time and count.</summary>
    private byte[] FlipEvent(DrmCrtc crtc, ulong userData)
    {
        var now = Kernel.Hardware.Clock.Now;
        var bytes = new byte[DrmEventVblank.Size];
        new DrmEventVblank
        {
            Type = DrmModeIoctl.DRM_EVENT_FLIP_COMPLETE,
            Length = DrmEventVblank.Size,
            UserData = userData,
            TvSec = (uint)(now / 1_000_000_000),
            TvUsec = (uint)(now % 1_000_000_000 / 1000),
            Sequence = crtc.VblankCount,
            CrtcId = crtc.Id,
        }.Write(bytes);
        return bytes;
    }
}
