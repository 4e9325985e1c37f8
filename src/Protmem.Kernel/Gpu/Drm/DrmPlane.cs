using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// A plane (<c>struct drm_plane</c>): a hardware window that fetches one framebuffer and places it on a
/// CRTC. It has a type (primary, overlay, cursor), the CRTCs it can be on, the formats it fetches, and its
/// committed state.
/// </summary>
public sealed class DrmPlane : DrmModeObject
{
    internal DrmPlane(int index, string name, DrmPlaneType type, uint possibleCrtcs, IReadOnlyList<uint> formats)
    {
        Index = index;
        Name = name;
        Type = type;
        PossibleCrtcs = possibleCrtcs;
        Formats = formats;
    }

    public override uint ObjectType => DrmModeIoctl.DRM_MODE_OBJECT_PLANE;

    /// <summary>drm_plane_index: its place on the device's plane list (and the hardware window it drives).</summary>
    public int Index { get; }

    public string Name { get; }

    public DrmPlaneType Type { get; }

    /// <summary>Bit mask of CRTC indices.</summary>
    public uint PossibleCrtcs { get; }

    /// <summary>The fourcc codes it fetches.</summary>
    public IReadOnlyList<uint> Formats { get; }

    /// <summary>The committed state.</summary>
    public DrmPlaneState State { get; internal set; } = new();

    public override ulong GetProperty(DrmProperty prop)
    {
        ArgumentNullException.ThrowIfNull(prop);
        return prop.Name switch
        {
            "type" => (ulong)Type,
            "FB_ID" => State.Fb?.Id ?? 0,
            "CRTC_ID" => State.Crtc?.Id ?? 0,
            "CRTC_X" => (ulong)(long)State.CrtcX,
            "CRTC_Y" => (ulong)(long)State.CrtcY,
            "CRTC_W" => State.CrtcW,
            "CRTC_H" => State.CrtcH,
            "SRC_X" => State.SrcX,
            "SRC_Y" => State.SrcY,
            "SRC_W" => State.SrcW,
            "SRC_H" => State.SrcH,
            _ => base.GetProperty(prop),
        };
    }

    public override string ToString() => $"plane {Id} ({Name})";
}
