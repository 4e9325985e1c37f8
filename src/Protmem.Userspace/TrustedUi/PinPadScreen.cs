using Protmem.Uapi;
using Protmem.Uapi.Drm;
using Protmem.Userspace.DmaHeaps;
using Protmem.Userspace.Media.Kms;

namespace Protmem.Userspace.TrustedUi;

/// <summary>
/// Puts the trusted UI's framebuffer on the screen with the ABI alone: /dev/dri/card0 as master, the display's mode
/// of the framebuffer's size, a PRIME import and an ADDFB2 of the NV12 buffer, one atomic commit on the primary plane
/// (the plane that may show protected content) or, misconfigured, an overlay. The program shows what it cannot read.
/// Paired with <see cref="Dispose"/>, which takes the plane down and closes the device.
/// </summary>
public sealed class PinPadScreen : IDisposable
{
    private readonly KmsClient _kms;
    private readonly uint _plane;
    private readonly uint _fb;

    private PinPadScreen(KmsClient kms, uint plane, uint fb)
    {
        _kms = kms;
        _plane = plane;
        _fb = fb;
    }

    /// <summary>Shows <paramref name="framebuffer"/> (NV12, <paramref name="width"/> × <paramref name="height"/>) full screen; on an overlay when <paramref name="overlay"/>.</summary>
    public static PinPadScreen Show(ISyscalls sys, DmaBuffer framebuffer, int width, int height, bool overlay = false)
    {
        ArgumentNullException.ThrowIfNull(sys);
        ArgumentNullException.ThrowIfNull(framebuffer);
        var kms = KmsClient.Open(sys);
        try
        {
            kms.Initialise();
            var resources = kms.GetResources();
            var (crtc, connector) = (resources.Crtcs[0], resources.Connectors[0]);
            var mode = kms.GetConnector(connector).Modes.FirstOrDefault(m => m.HDisplay == width && m.VDisplay == height);
            if (mode.HDisplay == 0)
            {
                throw new InvalidOperationException($"the display has no {width}x{height} mode");
            }

            var wanted = overlay ? DrmModeIoctl.DRM_PLANE_TYPE_OVERLAY : DrmModeIoctl.DRM_PLANE_TYPE_PRIMARY;
            var plane = kms.GetPlanes().First(p => kms.GetProperties(p, DrmModeIoctl.DRM_MODE_OBJECT_PLANE)
                .Any(q => q.Id == kms.PropertyId(p, DrmModeIoctl.DRM_MODE_OBJECT_PLANE, "type") && q.Value == wanted));
            ErrnoException.Check(kms.TryImport(framebuffer.Fd, out var handle), "DRM_IOCTL_PRIME_FD_TO_HANDLE");
            var (w, h) = ((uint)width, (uint)height);
            ErrnoException.Check(kms.TryAddFbNv12(handle, w, h, w, w * h, out var fb), "DRM_IOCTL_MODE_ADDFB2");
            ErrnoException.Check(kms.TryShow(crtc, connector, plane, mode, fb, w, h), "DRM_IOCTL_MODE_ATOMIC");
            return new PinPadScreen(kms, plane, fb);
        }
        catch
        {
            kms.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _kms.TryAtomicCommit(_kms.PlaneUpdates(_plane, 0, 0, 0, 0), 0);
        _kms.TryRemoveFb(_fb);
        _kms.Dispose();
    }
}
