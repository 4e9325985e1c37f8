using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>drm_gem.c: GEM_CLOSE, and handle lookup for drivers.</summary>
public sealed partial class DrmDevice
{
    /// <summary>
    /// drm_gem_objects_lookup: every handle of <paramref name="handles"/> in <paramref name="file"/>, each with a
    /// reference (paired with a put of each). -ENOENT, taking nothing, when one does not resolve in this file.
    /// </summary>
    public static int ObjectsLookup(DrmFile file, IReadOnlyList<uint> handles, out DrmGemObject[] objects)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(handles);
        objects = new DrmGemObject[handles.Count];
        for (var i = 0; i < handles.Count; i++)
        {
            if (!file.TryLookup(handles[i], out var obj))
            {
                for (var j = 0; j < i; j++)
                {
                    objects[j].Put();
                }

                objects = [];
                return -Errno.ENOENT;
            }

            objects[i] = obj.Get();
        }

        return 0;
    }

    /// <summary>drm_gem_close_ioctl: pad != 0 → -EINVAL; a handle this file does not hold → -EINVAL.</summary>
    private int IoctlGemClose(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var close = DrmGemClose.Read(data);
        if (close.Pad != 0)
        {
            return -Errno.EINVAL;
        }

        return file.HandleDelete(close.Handle);
    }
}
