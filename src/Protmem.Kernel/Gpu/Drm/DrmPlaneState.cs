namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// A plane's state (<c>struct drm_plane_state</c>): the framebuffer it shows and the CRTC it is on (both or
/// neither), the source rectangle in 16.16 fixed point, and where it lands on the CRTC. The driver's check
/// fills <see cref="ForceBlack"/> (i915's <c>force_black</c>): the plane shows black instead of its buffer.
/// </summary>
public sealed class DrmPlaneState
{
    /// <summary>FB_ID: the framebuffer, or null; the state holds a reference on it.</summary>
    public DrmFramebuffer? Fb { get; set; }

    /// <summary>CRTC_ID: the CRTC, or null.</summary>
    public DrmCrtc? Crtc { get; set; }

    /// <summary>CRTC_X (signed: a plane may hang off the screen's edges).</summary>
    public int CrtcX { get; set; }

    /// <summary>CRTC_Y.</summary>
    public int CrtcY { get; set; }

    /// <summary>CRTC_W.</summary>
    public uint CrtcW { get; set; }

    /// <summary>CRTC_H.</summary>
    public uint CrtcH { get; set; }

    /// <summary>SRC_X, 16.16 fixed point.</summary>
    public uint SrcX { get; set; }

    /// <summary>SRC_Y, 16.16.</summary>
    public uint SrcY { get; set; }

    /// <summary>SRC_W, 16.16.</summary>
    public uint SrcW { get; set; }

    /// <summary>SRC_H, 16.16.</summary>
    public uint SrcH { get; set; }

    /// <summary>Set by the driver's check: show black over the plane's area, never the buffer's content.</summary>
    public bool ForceBlack { get; set; }

    /// <summary>A copy for a new atomic state (drm_atomic_helper_plane_duplicate_state), with its own framebuffer reference.</summary>
    public DrmPlaneState Duplicate() => new()
    {
        Fb = Fb?.Get(),
        Crtc = Crtc,
        CrtcX = CrtcX,
        CrtcY = CrtcY,
        CrtcW = CrtcW,
        CrtcH = CrtcH,
        SrcX = SrcX,
        SrcY = SrcY,
        SrcW = SrcW,
        SrcH = SrcH,
        ForceBlack = ForceBlack,
    };
}
