using Protmem.Hardware.Media;
using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm.Rockchip;

/// <summary>
/// The VOP2 CRTC and its windows (rockchip_drm_vop2.c) on a <see cref="DisplayController"/>: one CRTC
/// ("video port 0"), one DRM plane per hardware window (window 0 primary, the rest overlays), an HDMI encoder
/// and connector, and the atomic hooks.
/// 1. <see cref="Create"/> builds the mode configuration and the debugfs CRC file of each CRTC.
/// 2. <see cref="AtomicCheck"/> refuses what the windows cannot do (a disabled CRTC, scaling, odd YUV origins,
///    modes the controller does not drive) and decides force-black: a protected framebuffer on a window the
///    hardware does not allow to show protected content is shown as black, never fetched (i915's force_black).
/// 3. <see cref="AtomicCommit"/> programs the mode and every window's registers from the committed states, then
///    waits for the next vblank: the controller scans out one frame, whose CRC joins the CRTC's ring.
/// </summary>
public sealed class Vop2 : IDrmModeConfigFuncs
{
    /// <summary>The largest mode the controller drives.</summary>
    private const int Pmv1MaxWidth = Pmv1Codec.MaxWidth;

    private const int Pmv1MaxHeight = Pmv1Codec.MaxHeight;

    /// <summary>The RK3588 VOP2's window names, in hardware order.</summary>
    private static readonly string[] WindowNames = ["Cluster0-win0", "Cluster1-win0", "Cluster2-win0", "Cluster3-win0", "Esmart0-win0", "Esmart1-win0", "Esmart2-win0", "Esmart3-win0"];

    private readonly List<string> _events = [];

    private Vop2(DrmDevice drm, DisplayController display)
    {
        Drm = drm;
        Display = display;
    }

    public DrmDevice Drm { get; }

    /// <summary>The hardware.</summary>
    public DisplayController Display { get; }

    public DrmModeConfig Config { get; private set; } = null!;

    /// <summary>The one CRTC.</summary>
    public DrmCrtc Crtc { get; private set; } = null!;

    /// <summary>What the driver reported (force-black decisions, refused fetches), oldest first.</summary>
    public IReadOnlyList<string> Events => _events;

    /// <summary>1920x1080 at 60 Hz (CEA-861 VIC 16), the connector's preferred mode.</summary>
    public static DrmModeModeInfo Mode1080p60 => new()
    {
        Clock = 148_500,
        HDisplay = 1920,
        HSyncStart = 2008,
        HSyncEnd = 2052,
        HTotal = 2200,
        VDisplay = 1080,
        VSyncStart = 1084,
        VSyncEnd = 1089,
        VTotal = 1125,
        VRefresh = 60,
        Flags = DrmModeIoctl.DRM_MODE_FLAG_PHSYNC | DrmModeIoctl.DRM_MODE_FLAG_PVSYNC,
        Type = DrmModeIoctl.DRM_MODE_TYPE_PREFERRED | DrmModeIoctl.DRM_MODE_TYPE_DRIVER,
        Name = "1920x1080",
    };

    /// <summary>1280x720 at 60 Hz (CEA-861 VIC 4).</summary>
    public static DrmModeModeInfo Mode720p60 => new()
    {
        Clock = 74_250,
        HDisplay = 1280,
        HSyncStart = 1390,
        HSyncEnd = 1430,
        HTotal = 1650,
        VDisplay = 720,
        VSyncStart = 725,
        VSyncEnd = 730,
        VTotal = 750,
        VRefresh = 60,
        Flags = DrmModeIoctl.DRM_MODE_FLAG_PHSYNC | DrmModeIoctl.DRM_MODE_FLAG_PVSYNC,
        Type = DrmModeIoctl.DRM_MODE_TYPE_DRIVER,
        Name = "1280x720",
    };

    /// <summary>vop2_create_crtcs and the connector: the mode configuration over <paramref name="display"/>, and crtc-N/crc/data in debugfs.</summary>
    internal static Vop2 Create(KernelContext kernel, DrmDevice drm, DisplayController display)
    {
        var vop = new Vop2(drm, display);
        vop.Config = DrmModeConfig.Init(drm, vop, 2, Pmv1MaxWidth, 2, Pmv1MaxHeight);
        vop.Crtc = vop.Config.AddCrtc("video_port0");
        for (var i = 0; i < display.Planes.Count; i++)
        {
            var name = i < WindowNames.Length ? WindowNames[i] : $"win{i}";
            vop.Config.AddPlane(name, i == 0 ? DrmPlaneType.Primary : DrmPlaneType.Overlay, 1u << vop.Crtc.Index, [DrmModeIoctl.DRM_FORMAT_NV12]);
        }

        var encoder = vop.Config.AddEncoder(DrmModeIoctl.DRM_MODE_ENCODER_TMDS, 1u << vop.Crtc.Index);
        vop.Config.AddConnector(DrmModeIoctl.DRM_MODE_CONNECTOR_HDMIA, encoder, [Mode1080p60, Mode720p60], 527, 296);
        var minor = drm.Minors[0].Index;
        foreach (var crtc in vop.Config.Crtcs)
        {
            kernel.Sysfs.CreateFile($"/sys/kernel/debug/dri/{minor}/crtc-{crtc.Index}/crc/data", crtc.CrcData);
        }

        return vop;
    }

    /// <summary>Whether <paramref name="fb"/> holds protected memory (<see cref="DmaBufs.DmaBuf.Protection"/> of an imported object).</summary>
    public static bool IsProtected(DrmFramebuffer fb)
    {
        ArgumentNullException.ThrowIfNull(fb);
        return fb.Objects.Any(o => o.ImportAttach?.Buffer.Protection is not null);
    }

    /// <summary>vop2_plane_atomic_check and vop2_crtc_atomic_check.</summary>
    public int AtomicCheck(DrmAtomicState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (crtc, crtcState) in state.Crtcs)
        {
            if (crtcState.Mode is { } mode && ((mode.HDisplay & 1) != 0 || (mode.VDisplay & 1) != 0 || mode.HDisplay > Pmv1MaxWidth || mode.VDisplay > Pmv1MaxHeight))
            {
                // vop2_crtc_mode_valid: MODE_BAD_HVALUE.
                return -Errno.EINVAL;
            }
        }

        foreach (var (plane, planeState) in state.Planes)
        {
            planeState.ForceBlack = false;
            if (planeState.Fb is not { } fb)
            {
                continue;
            }

            if (!state.CrtcStateOf(planeState.Crtc!).Enable)
            {
                // drm_atomic_helper_check_plane_state: "Cannot update plane of a disabled CRTC".
                return -Errno.EINVAL;
            }

            // Model: the controller does not scale (DRM_PLANE_NO_SCALING; VOP2's cluster windows can), nor take sub-pixel sources.
            if ((planeState.SrcX & 0xffff) != 0 || (planeState.SrcY & 0xffff) != 0 || planeState.SrcW >> 16 != planeState.CrtcW || planeState.SrcH >> 16 != planeState.CrtcH
                || (planeState.SrcW & 0xffff) != 0 || (planeState.SrcH & 0xffff) != 0)
            {
                return -Errno.ERANGE;
            }

            if (((planeState.SrcX >> 16) & 1) != 0 || ((planeState.SrcY >> 16) & 1) != 0)
            {
                // vop2_plane_atomic_check: "Yuv format not support odd xpos".
                return -Errno.EINVAL;
            }

            planeState.ForceBlack = IsProtected(fb) && !Display.ProtectedPlanes.Contains(plane.Index);
        }

        return 0;
    }

    /// <summary>vop2_crtc_atomic_enable/disable, vop2_plane_atomic_update, then the vblank: one frame per commit.</summary>
    public void AtomicCommit(DrmAtomicState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var crtcState = Crtc.State;
        var on = crtcState.Active && crtcState.Mode is not null;
        var (width, height) = on ? (crtcState.Mode!.Value.HDisplay, crtcState.Mode.Value.VDisplay) : (0, 0);
        if (Display.Width != width || Display.Height != height)
        {
            Display.SetMode(width, height);
        }

        foreach (var plane in Config.Planes)
        {
            Program(plane, on);
        }

        if (!on)
        {
            return;
        }

        var frame = Display.ScanOut() ?? throw new KernelOopsException($"{Display} scanned nothing out with its CRTC on");
        Crtc.VblankCount++;
        Crtc.AddCrcEntry(Crtc.VblankCount, frame.Crc);
        if (frame.Faulted)
        {
            _events.Add($"frame {Crtc.VblankCount}: a window's fetch was refused; its area shows black");
        }
    }

    /// <summary>Checks that no window fetches a protected framebuffer it may not show.</summary>
    public void AssertInvariants()
    {
        foreach (var plane in Config.Planes)
        {
            var regs = Display.Planes[plane.Index];
            if (regs.Enabled && !regs.SolidBlack && plane.State.Fb is { } fb && IsProtected(fb) && !Display.ProtectedPlanes.Contains(plane.Index))
            {
                throw new KernelOopsException($"{plane} fetches protected {fb} though its window may not show protected content");
            }
        }
    }

    /// <summary>Programs one window from its plane's committed state, clipping at the screen's top and left edges.</summary>
    private void Program(DrmPlane plane, bool crtcOn)
    {
        var regs = Display.Planes[plane.Index];
        var s = plane.State;
        if (!crtcOn || s.Fb is not { } fb)
        {
            regs.Enabled = false;
            regs.SolidBlack = false;
            return;
        }

        long x = s.CrtcX, y = s.CrtcY, w = s.CrtcW, h = s.CrtcH;
        long srcX = s.SrcX >> 16, srcY = s.SrcY >> 16;
        if (x < 0)
        {
            srcX -= x;
            w += x;
            x = 0;
        }

        if (y < 0)
        {
            srcY -= y;
            h += y;
            y = 0;
        }

        // Keep the chroma rows and CbCr pairs aligned after clipping.
        srcX &= ~1L;
        srcY &= ~1L;
        if (w <= 0 || h <= 0 || x >= Display.Width || y >= Display.Height)
        {
            regs.Enabled = false;
            regs.SolidBlack = false;
            return;
        }

        if (s.ForceBlack)
        {
            _events.Add($"{plane.Name}: protected {fb} on a window that may not show protected content: black");
        }

        regs.SolidBlack = s.ForceBlack;
        regs.LumaAddress = s.ForceBlack ? default : DmaAddress(fb, 0, (ulong)((srcY * fb.Pitches[0]) + srcX));
        regs.ChromaAddress = s.ForceBlack ? default : DmaAddress(fb, 1, (ulong)((srcY / 2 * fb.Pitches[1]) + srcX));
        regs.Pitch = fb.Pitches[0];
        regs.ChromaPitch = fb.Pitches[1];
        regs.X = (int)x;
        regs.Y = (int)y;
        regs.Width = (int)w;
        regs.Height = (int)h;
        regs.Enabled = true;
    }

    private static Hardware.DeviceAddr DmaAddress(DrmFramebuffer fb, int plane, ulong offset)
    {
        var obj = fb.Objects[plane];
        var table = obj.ImportSgt ?? throw new KernelOopsException($"{obj} of {fb} is not an import; rockchip framebuffers come from PRIME only");
        return table.DmaAddressOf(fb.Offsets[plane] + offset);
    }
}
