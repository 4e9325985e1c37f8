using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// An atomic update (<c>struct drm_atomic_state</c>, drm_atomic.c and drm_atomic_helper.c): new states for
/// the planes, CRTCs and connectors it touches, duplicated from their committed states.
/// 1. <see cref="SetProperty"/> changes the new states (drm_atomic_set_property); a plane or connector that
///    moves pulls its CRTCs in.
/// 2. <see cref="Check"/> runs the core's checks, then the driver's (drm_atomic_check_only).
/// 3. <see cref="Commit"/> swaps the new states in (drm_atomic_helper_swap_state), lets the driver program
///    the hardware, then releases the old states; or <see cref="Release"/> drops an unused state (TEST_ONLY, errors).
/// </summary>
public sealed class DrmAtomicState
{
    private readonly Dictionary<DrmPlane, DrmPlaneState> _planes = [];
    private readonly Dictionary<DrmCrtc, DrmCrtcState> _crtcs = [];
    private readonly Dictionary<DrmConnector, DrmConnectorState> _connectors = [];
    private bool _done;

    internal DrmAtomicState(DrmModeConfig config, uint flags)
    {
        Config = config;
        Flags = flags;
    }

    public DrmModeConfig Config { get; }

    /// <summary>DRM_MODE_ATOMIC_* / DRM_MODE_PAGE_FLIP_* of the request.</summary>
    public uint Flags { get; }

    /// <summary>DRM_MODE_ATOMIC_ALLOW_MODESET.</summary>
    public bool AllowModeset => (Flags & DrmModeIoctl.DRM_MODE_ATOMIC_ALLOW_MODESET) != 0;

    /// <summary>The planes in the update with their new states.</summary>
    public IReadOnlyDictionary<DrmPlane, DrmPlaneState> Planes => _planes;

    /// <summary>The CRTCs in the update with their new states.</summary>
    public IReadOnlyDictionary<DrmCrtc, DrmCrtcState> Crtcs => _crtcs;

    /// <summary>The connectors in the update with their new states.</summary>
    public IReadOnlyDictionary<DrmConnector, DrmConnectorState> Connectors => _connectors;

    /// <summary>drm_atomic_get_plane_state: the plane's new state, duplicated on first use; its CRTC joins the update.</summary>
    public DrmPlaneState GetPlaneState(DrmPlane plane)
    {
        ArgumentNullException.ThrowIfNull(plane);
        if (!_planes.TryGetValue(plane, out var state))
        {
            state = plane.State.Duplicate();
            _planes.Add(plane, state);
            if (state.Crtc is { } crtc)
            {
                GetCrtcState(crtc);
            }
        }

        return state;
    }

    /// <summary>drm_atomic_get_crtc_state.</summary>
    public DrmCrtcState GetCrtcState(DrmCrtc crtc)
    {
        ArgumentNullException.ThrowIfNull(crtc);
        if (!_crtcs.TryGetValue(crtc, out var state))
        {
            state = crtc.State.Duplicate();
            _crtcs.Add(crtc, state);
        }

        return state;
    }

    /// <summary>drm_atomic_get_connector_state; its CRTC joins the update.</summary>
    public DrmConnectorState GetConnectorState(DrmConnector connector)
    {
        ArgumentNullException.ThrowIfNull(connector);
        if (!_connectors.TryGetValue(connector, out var state))
        {
            state = connector.State.Duplicate();
            _connectors.Add(connector, state);
            if (state.Crtc is { } crtc)
            {
                GetCrtcState(crtc);
            }
        }

        return state;
    }

    /// <summary>The state <paramref name="crtc"/> will have: the new one if it is in the update, else the committed one.</summary>
    public DrmCrtcState CrtcStateOf(DrmCrtc crtc) => _crtcs.TryGetValue(crtc, out var state) ? state : crtc.State;

    /// <summary>
    /// drm_atomic_set_property for a value drm_property_change_valid_get accepted: 0, or -EINVAL for a
    /// property the object does not take (immutable, unknown) or a MODE_ID blob that is not one mode.
    /// </summary>
    public int SetProperty(DrmModeObject obj, DrmProperty property, ulong value)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(property);
        return obj switch
        {
            DrmPlane plane => SetPlaneProperty(plane, property, value),
            DrmCrtc crtc => SetCrtcProperty(crtc, property, value),
            DrmConnector connector when property == Config.CrtcId => SetConnectorCrtc(connector, (uint)value),
            _ => -Errno.EINVAL,
        };
    }

    /// <summary>drm_atomic_check_only: the core's rules for each plane and CRTC, then the driver's check. 0 or -errno.</summary>
    public int Check()
    {
        foreach (var (plane, state) in _planes)
        {
            var result = CheckPlane(plane, state);
            if (result < 0)
            {
                return result;
            }
        }

        foreach (var (crtc, state) in _crtcs)
        {
            var result = CheckCrtc(crtc, state);
            if (result < 0)
            {
                return result;
            }
        }

        return Config.Funcs.AtomicCheck(this);
    }

    /// <summary>
    /// drm_atomic_commit after a successful check: the new states become the committed ones, the driver shows
    /// them (one vblank), then the old states' references go (paired with their duplication).
    /// </summary>
    public void Commit()
    {
        ThrowIfDone();
        _done = true;
        var oldPlanes = new List<DrmPlaneState>();
        var oldCrtcs = new List<DrmCrtcState>();
        foreach (var (plane, state) in _planes)
        {
            oldPlanes.Add(plane.State);
            plane.State = state;
        }

        foreach (var (crtc, state) in _crtcs)
        {
            oldCrtcs.Add(crtc.State);
            crtc.State = state;
        }

        foreach (var (connector, state) in _connectors)
        {
            connector.State = state;
        }

        Config.Funcs.AtomicCommit(this);
        foreach (var old in oldPlanes)
        {
            old.Fb?.Put();
        }

        foreach (var old in oldCrtcs.Where(o => o.ModeBlob is not null))
        {
            Config.PutBlob(old.ModeBlob!);
        }
    }

    /// <summary>drm_atomic_state_put of a state never committed: the new states' references go.</summary>
    public void Release()
    {
        ThrowIfDone();
        _done = true;
        foreach (var state in _planes.Values)
        {
            state.Fb?.Put();
        }

        foreach (var state in _crtcs.Values.Where(s => s.ModeBlob is not null))
        {
            Config.PutBlob(state.ModeBlob!);
        }
    }

    /// <summary>drm_atomic_crtc_needs_modeset: the mode, ACTIVE or the connectors change.</summary>
    public bool NeedsModeset(DrmCrtc crtc, DrmCrtcState state)
    {
        ArgumentNullException.ThrowIfNull(crtc);
        ArgumentNullException.ThrowIfNull(state);
        var old = crtc.State;
        var connectorsChanged = _connectors.Any(c => (c.Key.State.Crtc == crtc) != (c.Value.Crtc == crtc));
        return state.Active != old.Active || !Nullable.Equals(state.Mode, old.Mode) || connectorsChanged;
    }

    private static int CheckPlane(DrmPlane plane, DrmPlaneState state)
    {
        // drm_atomic_plane_check.
        if ((state.Crtc is null) != (state.Fb is null))
        {
            return -Errno.EINVAL;
        }

        if (state.Crtc is null)
        {
            return 0;
        }

        if ((plane.PossibleCrtcs & (1u << state.Crtc.Index)) == 0 || !plane.Formats.Contains(state.Fb!.Format))
        {
            return -Errno.EINVAL;
        }

        if (state.CrtcW > int.MaxValue || state.CrtcX > int.MaxValue - (int)state.CrtcW || state.CrtcH > int.MaxValue || state.CrtcY > int.MaxValue - (int)state.CrtcH)
        {
            return -Errno.ERANGE;
        }

        var fbWidth = (ulong)state.Fb.Width << 16;
        var fbHeight = (ulong)state.Fb.Height << 16;
        if (state.SrcW > fbWidth || state.SrcX > fbWidth - state.SrcW || state.SrcH > fbHeight || state.SrcY > fbHeight - state.SrcH)
        {
            return -Errno.ENOSPC;
        }

        return 0;
    }

    private int CheckCrtc(DrmCrtc crtc, DrmCrtcState state)
    {
        // drm_atomic_crtc_check, then drm_atomic_helper_check_modeset.
        if (state.Active && !state.Enable)
        {
            return -Errno.EINVAL;
        }

        if (state.EventRequested && !state.Active && !crtc.State.Active)
        {
            return -Errno.EINVAL;
        }

        if (NeedsModeset(crtc, state) && !AllowModeset)
        {
            return -Errno.EINVAL;
        }

        var hasConnectors = Config.Connectors.Any(c => (_connectors.TryGetValue(c, out var s) ? s.Crtc : c.State.Crtc) == crtc);
        return state.Enable != hasConnectors ? -Errno.EINVAL : 0;
    }

    private int SetPlaneProperty(DrmPlane plane, DrmProperty property, ulong value)
    {
        var state = GetPlaneState(plane);
        if (property == Config.FbId)
        {
            var fb = value == 0 ? null : (DrmFramebuffer?)Config.Lookup((uint)value, DrmModeIoctl.DRM_MODE_OBJECT_FB);
            if (value != 0 && fb is null)
            {
                return -Errno.EINVAL;
            }

            state.Fb?.Put();
            state.Fb = fb?.Get();
        }
        else if (property == Config.CrtcId)
        {
            var crtc = value == 0 ? null : (DrmCrtc?)Config.Lookup((uint)value, DrmModeIoctl.DRM_MODE_OBJECT_CRTC);
            if (value != 0 && crtc is null)
            {
                return -Errno.EINVAL;
            }

            // drm_atomic_set_crtc_for_plane: both the old and the new CRTC join the update.
            if (state.Crtc is { } old)
            {
                GetCrtcState(old);
            }

            state.Crtc = crtc;
            if (crtc is not null)
            {
                GetCrtcState(crtc);
            }
        }
        else if (property == Config.CrtcX)
        {
            state.CrtcX = (int)(long)value;
        }
        else if (property == Config.CrtcY)
        {
            state.CrtcY = (int)(long)value;
        }
        else if (property == Config.CrtcW)
        {
            state.CrtcW = (uint)value;
        }
        else if (property == Config.CrtcH)
        {
            state.CrtcH = (uint)value;
        }
        else if (property == Config.SrcX)
        {
            state.SrcX = (uint)value;
        }
        else if (property == Config.SrcY)
        {
            state.SrcY = (uint)value;
        }
        else if (property == Config.SrcW)
        {
            state.SrcW = (uint)value;
        }
        else if (property == Config.SrcH)
        {
            state.SrcH = (uint)value;
        }
        else
        {
            return -Errno.EINVAL;
        }

        return 0;
    }

    private int SetCrtcProperty(DrmCrtc crtc, DrmProperty property, ulong value)
    {
        var state = GetCrtcState(crtc);
        if (property == Config.Active)
        {
            state.Active = value != 0;
            return 0;
        }

        if (property != Config.ModeId)
        {
            return -Errno.EINVAL;
        }

        // drm_atomic_set_mode_prop_for_crtc: 0 clears the mode; a blob must hold exactly one drm_mode_modeinfo.
        DrmModeModeInfo? mode = null;
        DrmPropertyBlob? blob = null;
        if (value != 0)
        {
            blob = (DrmPropertyBlob?)Config.Lookup((uint)value, DrmModeIoctl.DRM_MODE_OBJECT_BLOB);
            if (blob is null || blob.Data.Length != DrmModeModeInfo.Size)
            {
                return -Errno.EINVAL;
            }

            mode = DrmModeModeInfo.Read(blob.Data);
            if (!ModeValid(mode.Value))
            {
                return -Errno.EINVAL;
            }
        }

        if (state.ModeBlob is { } old)
        {
            Config.PutBlob(old);
        }

        state.ModeBlob = blob?.Get();
        state.Mode = mode;
        return 0;
    }

    private int SetConnectorCrtc(DrmConnector connector, uint value)
    {
        var crtc = value == 0 ? null : (DrmCrtc?)Config.Lookup(value, DrmModeIoctl.DRM_MODE_OBJECT_CRTC);
        if (value != 0 && crtc is null)
        {
            return -Errno.EINVAL;
        }

        var state = GetConnectorState(connector);
        if (crtc is not null && (connector.Encoder.PossibleCrtcs & (1u << crtc.Index)) == 0)
        {
            return -Errno.EINVAL;
        }

        state.Crtc = crtc;
        if (crtc is not null)
        {
            GetCrtcState(crtc);
        }

        return 0;
    }

    /// <summary>drm_mode_convert_umode's checks: a clock, visible sizes, and sync and total timings in order.</summary>
    private static bool ModeValid(DrmModeModeInfo mode) =>
        mode.Clock > 0 && mode.Clock <= int.MaxValue && mode.HDisplay > 0 && mode.VDisplay > 0
        && mode.HDisplay <= mode.HSyncStart && mode.HSyncStart <= mode.HSyncEnd && mode.HSyncEnd <= mode.HTotal
        && mode.VDisplay <= mode.VSyncStart && mode.VSyncStart <= mode.VSyncEnd && mode.VSyncEnd <= mode.VTotal;

    private void ThrowIfDone()
    {
        if (_done)
        {
            throw new KernelOopsException("an atomic state was committed or released twice");
        }
    }
}
