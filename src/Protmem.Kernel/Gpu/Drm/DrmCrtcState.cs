using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// A CRTC's state (<c>struct drm_crtc_state</c>): whether it is on (ACTIVE), its mode and the MODE_ID blob
/// holding it (<c>enable</c> is "has a mode"), and whether a commit asked for a page-flip event.
/// Model: the mode is kept as the uapi <c>drm_mode_modeinfo</c> rather than a <c>drm_display_mode</c>.
/// </summary>
public sealed class DrmCrtcState
{
    /// <summary>ACTIVE.</summary>
    public bool Active { get; set; }

    /// <summary>The MODE_ID blob, or null; the state holds a reference on it.</summary>
    public DrmPropertyBlob? ModeBlob { get; set; }

    /// <summary>The mode (from <see cref="ModeBlob"/>), or null.</summary>
    public DrmModeModeInfo? Mode { get; set; }

    /// <summary><c>enable</c>: the CRTC has a mode.</summary>
    public bool Enable => Mode is not null;

    /// <summary>A page-flip event is owed for this commit (<c>event</c>).</summary>
    public bool EventRequested { get; set; }

    /// <summary>A copy for a new atomic state (drm_atomic_helper_crtc_duplicate_state), with its own blob reference.</summary>
    public DrmCrtcState Duplicate() => new() { Active = Active, ModeBlob = ModeBlob?.Get(), Mode = Mode };
}
