using Protmem.Hardware.Media;
using Protmem.Kernel.Gpu.Drm.Rockchip;
using Protmem.Platform.Media;

namespace Protmem.Platform;

/// <summary>The display side of a machine: the display controller, what its driver reported, and the monitor.</summary>
public sealed partial class Machine
{
    /// <summary>The board's first display controller, or null on a board without one.</summary>
    public DisplayController? Display => Soc.Displays.Values.FirstOrDefault();

    /// <summary>The display driver's VOP2 (its CRTC, planes, framebuffers and reports), once probed.</summary>
    public Vop2? Vop => _kernel.DrmDevices.Select(d => d.Driver).OfType<RockchipDrmDriver>().FirstOrDefault()?.Vop;

    /// <summary>What the display driver reported (force-black decisions, refused fetches), oldest first.</summary>
    public IReadOnlyList<string> DisplayEvents => Vop?.Events ?? [];

    /// <summary>The monitor's picture: a PNG of the last frame the display scanned out.</summary>
    public byte[] ScreenPng(string? display = null)
    {
        var controller = (display is null ? Display : Soc.Displays.GetValueOrDefault(display))
            ?? throw new PlatformException(display is null ? $"{Platform.Name} has no display" : $"{Platform.Name} has no display named '{display}'");
        if (controller.Width == 0 || controller.FrameCount == 0)
        {
            throw new PlatformException($"display '{controller.Name}' has shown no frame yet (no CRTC was switched on)");
        }

        return MonitorImage.EncodePng(controller.Screen, controller.Width, controller.Height);
    }

    /// <summary>Saves the monitor's picture (<see cref="ScreenPng"/>) to <paramref name="path"/>.</summary>
    public void SaveScreen(string path, string? display = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllBytes(path, ScreenPng(display));
    }
}
