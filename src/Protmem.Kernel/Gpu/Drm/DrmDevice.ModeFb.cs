using System.Buffers.Binary;
using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// drm_framebuffer.c with drm_gem_framebuffer_helper.c: ADDFB2 and RMFB. The model's formats are NV12 (two
/// planes: Y, then interleaved CbCr at half height) and XRGB8888 (one plane), listed so that a format DRM knows
/// but no plane fetches is refused as Linux refuses it.
/// </summary>
public sealed partial class DrmDevice
{
    /// <summary>
    /// drm_mode_addfb2 → drm_internal_framebuffer_create → framebuffer_check → drm_gem_fb_create: unknown flags,
    /// a size outside the limits, a format no plane takes, a missing handle, a pitch below the row size, a
    /// modifier without DRM_MODE_FB_MODIFIERS (or other than linear), values in unused planes, or an object too
    /// small → -EINVAL; an offset and pitch past 4 GiB → -ERANGE; a handle this file does not hold → -ENOENT.
    /// </summary>
    private int IoctlModeAddFb2(DrmFile file, UserProcess caller, Span<byte> data)
    {
        if (ModeConfig is not { } config)
        {
            return -Errno.EOPNOTSUPP;
        }

        var r = DrmModeFbCmd2.Read(data);
        if ((r.Flags & ~(DrmModeIoctl.DRM_MODE_FB_INTERLACED | DrmModeIoctl.DRM_MODE_FB_MODIFIERS)) != 0
            || r.Width < config.MinWidth || r.Width > config.MaxWidth || r.Height < config.MinHeight || r.Height > config.MaxHeight)
        {
            return -Errno.EINVAL;
        }

        var planes = r.PixelFormat switch
        {
            DrmModeIoctl.DRM_FORMAT_NV12 => 2,
            DrmModeIoctl.DRM_FORMAT_XRGB8888 => 1,
            _ => 0,
        };
        if (planes == 0 || r.Width == 0 || r.Height == 0 || !config.Planes.Any(p => p.Formats.Contains(r.PixelFormat)))
        {
            return -Errno.EINVAL;
        }

        var withModifiers = (r.Flags & DrmModeIoctl.DRM_MODE_FB_MODIFIERS) != 0;
        var minSizes = new ulong[planes];
        for (var i = 0; i < 4; i++)
        {
            if (i >= planes)
            {
                if (r.Handles[i] != 0 || r.Pitches[i] != 0 || r.Offsets[i] != 0 || (withModifiers && r.Modifier[i] != 0))
                {
                    return -Errno.EINVAL;
                }

                continue;
            }

            // NV12: plane 0 is width bytes per row and height rows; plane 1 is width bytes (CbCr pairs) per row and height/2 rows.
            var rowBytes = r.PixelFormat == DrmModeIoctl.DRM_FORMAT_XRGB8888 ? (ulong)r.Width * 4 : r.Width;
            var rows = i == 0 ? (ulong)r.Height : (r.Height + 1) / 2;
            if (r.Handles[i] == 0 || r.Pitches[i] < rowBytes)
            {
                return -Errno.EINVAL;
            }

            if ((rows * r.Pitches[i]) + r.Offsets[i] > uint.MaxValue)
            {
                return -Errno.ERANGE;
            }

            if ((r.Modifier[i] != 0 && !withModifiers) || (withModifiers && r.Modifier[i] != DrmModeIoctl.DRM_FORMAT_MOD_LINEAR))
            {
                return -Errno.EINVAL;
            }

            minSizes[i] = ((rows - 1) * r.Pitches[i]) + rowBytes + r.Offsets[i];
        }

        var result = ObjectsLookup(file, [.. r.Handles.Take(planes)], out var objects);
        if (result < 0)
        {
            return result;
        }

        for (var i = 0; i < planes; i++)
        {
            if (objects[i].Size < minSizes[i])
            {
                foreach (var obj in objects)
                {
                    obj.Put();
                }

                return -Errno.EINVAL;
            }
        }

        // The framebuffer keeps the references ObjectsLookup took (paired in DrmFramebuffer.Put).
        var fb = new DrmFramebuffer(config, file, r.Width, r.Height, r.PixelFormat, objects, [.. r.Pitches.Take(planes)], [.. r.Offsets.Take(planes)]);
        config.AddFramebuffer(fb);
        r.FbId = fb.Id;
        r.Write(data);
        return 0;
    }

    /// <summary>drm_mode_rmfb_ioctl: an id that is no framebuffer of this file → -ENOENT; planes showing it turn off.</summary>
    private int IoctlModeRmFb(DrmFile file, UserProcess caller, Span<byte> data)
    {
        if (ModeConfig is not { } config)
        {
            return -Errno.EOPNOTSUPP;
        }

        var id = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (config.Lookup(id, DrmModeIoctl.DRM_MODE_OBJECT_FB) is not DrmFramebuffer fb || !fb.IsListed || fb.Owner != file)
        {
            return -Errno.ENOENT;
        }

        config.RemoveFramebuffer(fb);
        return 0;
    }
}
