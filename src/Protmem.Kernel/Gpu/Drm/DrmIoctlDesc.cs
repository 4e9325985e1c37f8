using Protmem.Kernel.Core;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// One entry of a driver's ioctl table (<c>struct drm_ioctl_desc</c>): the request as the driver
/// declares it (its direction and size decide what drm_ioctl copies), whether render nodes may call
/// it (DRM_RENDER_ALLOW), whether only the DRM master may (DRM_MASTER), and the handler, which works on
/// the kernel copy of the argument.
/// </summary>
/// <param name="Command">The DRM_IOCTL_* number.</param>
/// <param name="RenderAllow">DRM_RENDER_ALLOW.</param>
/// <param name="Handler">The handler: 0 or -errno; it reads and writes the argument bytes in place.</param>
/// <param name="MasterOnly">DRM_MASTER: a file that is not the current master gets -EACCES.</param>
public sealed record DrmIoctlDesc(uint Command, bool RenderAllow, DrmIoctlHandler Handler, bool MasterOnly = false);

/// <summary>An ioctl handler (<c>drm_ioctl_t</c>): the caller's DRM file and the kernel copy of the argument.</summary>
public delegate int DrmIoctlHandler(DrmFile file, UserProcess caller, Span<byte> data);
