using Protmem.Kernel.Core;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// A property blob (<c>struct drm_property_blob</c>): bytes a client created with CREATEPROPBLOB (a mode for
/// MODE_ID), owned by that file until it destroys them or closes; a CRTC state that uses it keeps it alive.
/// </summary>
public sealed class DrmPropertyBlob : DrmModeObject
{
    private readonly byte[] _data;
    private int _refCount = 1;

    internal DrmPropertyBlob(byte[] data, DrmFile? owner)
    {
        _data = data;
        Owner = owner;
    }

    public override uint ObjectType => DrmModeIoctl.DRM_MODE_OBJECT_BLOB;

    /// <summary>The blob's bytes.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>The file that created it (<c>file_priv</c>), or null for a kernel blob.</summary>
    public DrmFile? Owner { get; internal set; }

    /// <summary>References held; 0 once destroyed.</summary>
    public int RefCount => _refCount;

    /// <summary>drm_property_blob_get; paired with <see cref="Put"/>.</summary>
    public DrmPropertyBlob Get()
    {
        if (_refCount <= 0)
        {
            throw new KernelOopsException($"drm_property_blob_get on destroyed blob {Id}");
        }

        _refCount++;
        return this;
    }

    /// <summary>drm_property_blob_put: true when that was the last reference.</summary>
    public bool Put()
    {
        if (_refCount <= 0)
        {
            throw new KernelOopsException($"drm_property_blob_put on destroyed blob {Id} (a reference was dropped twice)");
        }

        return --_refCount == 0;
    }

    public override string ToString() => $"blob {Id} ({_data.Length} bytes)";
}
