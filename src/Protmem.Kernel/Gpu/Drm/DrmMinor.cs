using Protmem.Kernel.Core;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// A DRM minor (<c>struct drm_minor</c>): one device node of a <see cref="DrmDevice"/>. Opening it
/// makes a <see cref="DrmFile"/> (drm_open → drm_file_alloc → driver open).
/// </summary>
public sealed class DrmMinor : IDeviceNode
{
    internal DrmMinor(DrmDevice device, DrmMinorType type, int index, string path)
    {
        Device = device;
        Type = type;
        Index = index;
        Path = path;
    }

    public DrmDevice Device { get; }

    public DrmMinorType Type { get; }

    /// <summary>The minor number (render minors start at 128).</summary>
    public int Index { get; }

    /// <summary>The node's path under /dev.</summary>
    public string Path { get; }

    int IDeviceNode.Open(UserProcess caller, int flags, out OpenFile? file) => Device.Open(this, caller, flags, out file);

    public override string ToString() => Path;
}
