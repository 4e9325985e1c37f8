using Protmem.Hardware;
using Protmem.Kernel.Core;
using Protmem.Kernel.Gpu.Drm;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>panthor_gem.c and the object-array helper of panthor_drv.c: BO_CREATE, BO_MMAP_OFFSET.</summary>
public sealed partial class PanthorDevice
{
    /// <summary>Model: an object array of more entries than this fails (-ENOMEM) instead of being tried.</summary>
    private const uint MaxArrayEntries = 1 << 16;

    /// <summary>
    /// panthor_ioctl_bo_create: pad ≠ 0, unknown flags or size 0 → -EINVAL; an exclusive VM that is not the
    /// file's → -EINVAL; no memory → -ENOMEM. Returns the page-aligned size and the handle.
    /// </summary>
    internal int IoctlBoCreate(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmPanthorBoCreate.Read(data);
        var client = (PanthorFilePriv)file.DriverPriv!;
        if (args.Pad != 0 || (args.Flags & ~PanthorIoctl.DRM_PANTHOR_BO_NO_MMAP) != 0 || args.BoSize == 0 || args.BoSize > ulong.MaxValue - HwConstants.PageMask)
        {
            return -Errno.EINVAL;
        }

        PanthorVm? vm = null;
        if (args.ExclusiveVmId != 0 && !client.Vms.TryGetValue(args.ExclusiveVmId, out vm))
        {
            return -Errno.EINVAL;
        }

        var size = (args.BoSize + HwConstants.PageMask) & ~HwConstants.PageMask;
        if (!Drm.TryAllocShmemPages(size, out var pages))
        {
            return -Errno.ENOMEM;
        }

        var bo = new PanthorGemObject(Drm, size, pages, args.Flags, vm);
        var result = file.HandleCreate(bo, out var handle);
        bo.Put();
        if (result < 0)
        {
            return result;
        }

        args.BoSize = size;
        args.Handle = handle;
        args.Write(data);
        return 0;
    }

    /// <summary>panthor_ioctl_bo_mmap_offset: pad ≠ 0 → -EINVAL; unknown handle → -ENOENT; a NO_MMAP BO → -EPERM.</summary>
    internal static int IoctlBoMmapOffset(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmPanthorBoMmapOffset.Read(data);
        if (args.Pad != 0)
        {
            return -Errno.EINVAL;
        }

        if (!file.TryLookup(args.Handle, out var obj))
        {
            return -Errno.ENOENT;
        }

        if (obj is PanthorGemObject { Flags: var flags } && (flags & PanthorIoctl.DRM_PANTHOR_BO_NO_MMAP) != 0)
        {
            return -Errno.EPERM;
        }

        args.Offset = obj.MmapOffset;
        args.Write(data);
        return 0;
    }

    /// <summary>
    /// panthor_get_uobj_array: count 0 → empty; a stride smaller than <paramref name="minStride"/> → -EINVAL; a
    /// bad pointer → -EFAULT. Each object is read from its first min(stride, size) bytes, zero-extended.
    /// </summary>
    private static int ReadArray(UserProcess caller, DrmPanthorObjArray array, int size, int minStride, out byte[][] items)
    {
        items = [];
        if (array.Count == 0)
        {
            return 0;
        }

        if (array.Stride < minStride)
        {
            return -Errno.EINVAL;
        }

        if (array.Count > MaxArrayEntries)
        {
            return -Errno.ENOMEM;
        }

        items = new byte[array.Count][];
        var copy = (int)Math.Min(array.Stride, (uint)size);
        for (var i = 0U; i < array.Count; i++)
        {
            items[i] = new byte[size];
            if (caller.CopyFromUser(array.Array + ((ulong)i * array.Stride), items[i].AsSpan(0, copy)) < 0)
            {
                return -Errno.EFAULT;
            }
        }

        return 0;
    }
}
