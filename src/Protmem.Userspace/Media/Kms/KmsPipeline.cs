using Protmem.Uapi.Drm;

namespace Protmem.Userspace.Media.Kms;

/// <summary>A display path found by <see cref="KmsClient.FindPipeline"/>: a CRTC, the connector it lights and its mode, the CRTC's primary plane and its overlays.</summary>
public sealed record KmsPipeline(uint Crtc, uint Connector, DrmModeModeInfo Mode, uint PrimaryPlane, uint[] Overlays);
