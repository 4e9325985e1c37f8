namespace Protmem.Kernel.Gpu.Drm;

/// <summary>A connector's state (<c>struct drm_connector_state</c>): the CRTC driving it (CRTC_ID), or null.</summary>
public sealed class DrmConnectorState
{
    public DrmCrtc? Crtc { get; set; }

    public DrmConnectorState Duplicate() => new() { Crtc = Crtc };
}
