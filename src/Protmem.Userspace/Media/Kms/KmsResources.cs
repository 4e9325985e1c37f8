namespace Protmem.Userspace.Media.Kms;

/// <summary>What DRM_IOCTL_MODE_GETRESOURCES lists: this client's framebuffers, the CRTCs, connectors and encoders, and the largest framebuffer.</summary>
public sealed record KmsResources(uint[] Framebuffers, uint[] Crtcs, uint[] Connectors, uint[] Encoders, uint MaxWidth, uint MaxHeight);
