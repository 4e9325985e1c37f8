using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// A connector (<c>struct drm_connector</c>): the output a monitor plugs into, with its type, its
/// connection status, the modes the sink offers (what probing its EDID would give), the encoder it uses,
/// and its committed state.
/// </summary>
public sealed class DrmConnector : DrmModeObject
{
    internal DrmConnector(int index, uint connectorType, uint typeId, DrmEncoder encoder, IReadOnlyList<DrmModeModeInfo> modes, uint mmWidth, uint mmHeight)
    {
        Index = index;
        ConnectorType = connectorType;
        ConnectorTypeId = typeId;
        Encoder = encoder;
        Modes = modes;
        MmWidth = mmWidth;
        MmHeight = mmHeight;
    }

    public override uint ObjectType => DrmModeIoctl.DRM_MODE_OBJECT_CONNECTOR;

    public int Index { get; }

    /// <summary>DRM_MODE_CONNECTOR_*.</summary>
    public uint ConnectorType { get; }

    /// <summary>Its number among connectors of its type, from 1.</summary>
    public uint ConnectorTypeId { get; }

    /// <summary>The one encoder it can use.</summary>
    public DrmEncoder Encoder { get; }

    /// <summary>The sink's modes, preferred first.</summary>
    public IReadOnlyList<DrmModeModeInfo> Modes { get; }

    public uint MmWidth { get; }

    public uint MmHeight { get; }

    /// <summary>The committed state.</summary>
    public DrmConnectorState State { get; internal set; } = new();

    public override ulong GetProperty(DrmProperty prop)
    {
        ArgumentNullException.ThrowIfNull(prop);
        return prop.Name == "CRTC_ID" ? State.Crtc?.Id ?? 0 : base.GetProperty(prop);
    }

    public override string ToString() => $"connector {Id}";
}
