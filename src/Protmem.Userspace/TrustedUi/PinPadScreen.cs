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
            var pipeline = kms.FindPipeline();
            var mode = kms.GetConnector(pipeline.Connector).Modes.FirstOrDefault(m => m.HDisplay == width && m.VDisplay == height);
            if (mode.HDisplay == 0)
            {
                throw new InvalidOperationException($"the display has no {width}x{height} mode");
            }

            var plane = overlay ? pipeline.Overlays[0] : pipeline.PrimaryPlane;
            var (crtc, connector) = (pipeline.Crtc, pipeline.Connector);
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
