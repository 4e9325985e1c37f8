using Protmem.Kernel.Core;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// A framebuffer (<c>struct drm_framebuffer</c>, drm_gem_framebuffer_helper): a width × height image of one
/// format over one GEM object per format plane, each at an offset with a pitch. It holds a reference on each
/// object; the creating file's list holds one reference on it and every plane state showing it holds one.
/// 1. ADDFB2 creates it (<see cref="DrmDevice"/>); the file's list takes the first reference.
/// 2. A plane state that shows it takes one (<see cref="Get"/>), dropped when that state is replaced.
/// 3. RMFB or the file's close removes it from the list and turns off the planes showing it.
/// 4. The last <see cref="Put"/> drops its objects and its id.
/// </summary>
public sealed class DrmFramebuffer : DrmModeObject
{
    private int _refCount = 1;

    internal DrmFramebuffer(DrmModeConfig config, DrmFile owner, uint width, uint height, uint format, DrmGemObject[] objects, uint[] pitches, uint[] offsets)
    {
        Config = config;
        Owner = owner;
        Width = width;
        Height = height;
        Format = format;
        Objects = objects;
        Pitches = pitches;
        Offsets = offsets;
    }

    public override uint ObjectType => DrmModeIoctl.DRM_MODE_OBJECT_FB;

    public DrmModeConfig Config { get; }

    /// <summary>The file that created it (<c>filp_head</c> on its <c>fbs</c> list) until RMFB or close.</summary>
    public DrmFile Owner { get; }

    public uint Width { get; }

    public uint Height { get; }

    /// <summary>The DRM fourcc.</summary>
    public uint Format { get; }

    /// <summary>The GEM object of each format plane (<c>obj[]</c>), each with a reference of this framebuffer's.</summary>
    public IReadOnlyList<DrmGemObject> Objects { get; }

    public IReadOnlyList<uint> Pitches { get; }

    public IReadOnlyList<uint> Offsets { get; }

    /// <summary>Still on its file's list (not removed by RMFB or close).</summary>
    public bool IsListed { get; internal set; } = true;

    public int RefCount => _refCount;

    /// <summary>drm_framebuffer_get; paired with <see cref="Put"/>.</summary>
    public DrmFramebuffer Get()
    {
        if (_refCount <= 0)
        {
            throw new KernelOopsException($"drm_framebuffer_get on freed framebuffer {Id}");
        }

        _refCount++;
        return this;
    }

    /// <summary>drm_framebuffer_put: the last reference frees it (drm_gem_fb_destroy: each object's reference goes).</summary>
    public void Put()
    {
        if (_refCount <= 0)
        {
            throw new KernelOopsException($"drm_framebuffer_put on freed framebuffer {Id} (a reference was dropped twice)");
        }

        if (--_refCount == 0)
        {
            foreach (var obj in Objects)
            {
                obj.Put();
            }

            Config.RemoveObject(this);
        }
    }

    public override string ToString() => $"fb {Id} {Width}x{Height}";
}
