using Protmem.Kernel.Core;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// A device's modesetting objects (<c>struct drm_mode_config</c>, drm_mode_config.c and drm_mode_object.c):
/// every KMS object by id, the CRTCs, planes, encoders and connectors the driver created, the framebuffers
/// and blobs clients created, the standard properties, the framebuffer size limits and the driver's hooks.
/// 1. The driver's probe creates it (<see cref="Init"/>, drm_mode_config_init) and adds its CRTCs, planes,
///    encoders and connectors, which get ids and their standard properties.
/// 2. Clients look objects up by id and type (<see cref="Lookup"/>); framebuffers and blobs come and go.
/// 3. A file's close removes its framebuffers (planes showing them turn off) and its blobs (<see cref="FileRelease"/>).
/// </summary>
public sealed class DrmModeConfig
{
    private readonly Dictionary<uint, DrmModeObject> _objects = [];
    private readonly List<DrmCrtc> _crtcs = [];
    private readonly List<DrmPlane> _planes = [];
    private readonly List<DrmEncoder> _encoders = [];
    private readonly List<DrmConnector> _connectors = [];
    private readonly List<DrmFramebuffer> _framebuffers = [];
    private uint _nextId = 1;

    private DrmModeConfig(DrmDevice device, IDrmModeConfigFuncs funcs, uint minWidth, uint maxWidth, uint minHeight, uint maxHeight)
    {
        Device = device;
        Funcs = funcs;
        MinWidth = minWidth;
        MaxWidth = maxWidth;
        MinHeight = minHeight;
        MaxHeight = maxHeight;
        PlaneType = AddProperty(new DrmProperty("type", DrmModeIoctl.DRM_MODE_PROP_ENUM | DrmModeIoctl.DRM_MODE_PROP_IMMUTABLE, [0, 1, 2], [(0, "Overlay"), (1, "Primary"), (2, "Cursor")]));
        FbId = AddProperty(ObjectProperty("FB_ID", DrmModeIoctl.DRM_MODE_OBJECT_FB));
        CrtcId = AddProperty(ObjectProperty("CRTC_ID", DrmModeIoctl.DRM_MODE_OBJECT_CRTC));
        SrcX = AddProperty(Range("SRC_X", 0, uint.MaxValue));
        SrcY = AddProperty(Range("SRC_Y", 0, uint.MaxValue));
        SrcW = AddProperty(Range("SRC_W", 0, uint.MaxValue));
        SrcH = AddProperty(Range("SRC_H", 0, uint.MaxValue));
        CrtcX = AddProperty(SignedRange("CRTC_X", int.MinValue, int.MaxValue));
        CrtcY = AddProperty(SignedRange("CRTC_Y", int.MinValue, int.MaxValue));
        CrtcW = AddProperty(Range("CRTC_W", 0, int.MaxValue));
        CrtcH = AddProperty(Range("CRTC_H", 0, int.MaxValue));
        Active = AddProperty(Range("ACTIVE", 0, 1));
        ModeId = AddProperty(new DrmProperty("MODE_ID", DrmModeIoctl.DRM_MODE_PROP_ATOMIC | DrmModeIoctl.DRM_MODE_PROP_BLOB, []));
    }

    public DrmDevice Device { get; }

    public IDrmModeConfigFuncs Funcs { get; }

    public uint MinWidth { get; }

    public uint MaxWidth { get; }

    public uint MinHeight { get; }

    public uint MaxHeight { get; }

    /// <summary>A plane's immutable "type" enum.</summary>
    public DrmProperty PlaneType { get; }

    /// <summary>prop_fb_id.</summary>
    public DrmProperty FbId { get; }

    /// <summary>prop_crtc_id (planes and connectors share it).</summary>
    public DrmProperty CrtcId { get; }

    public DrmProperty SrcX { get; }

    public DrmProperty SrcY { get; }

    public DrmProperty SrcW { get; }

    public DrmProperty SrcH { get; }

    public DrmProperty CrtcX { get; }

    public DrmProperty CrtcY { get; }

    public DrmProperty CrtcW { get; }

    public DrmProperty CrtcH { get; }

    /// <summary>prop_active.</summary>
    public DrmProperty Active { get; }

    /// <summary>prop_mode_id.</summary>
    public DrmProperty ModeId { get; }

    public IReadOnlyList<DrmCrtc> Crtcs => _crtcs;

    public IReadOnlyList<DrmPlane> Planes => _planes;

    public IReadOnlyList<DrmEncoder> Encoders => _encoders;

    public IReadOnlyList<DrmConnector> Connectors => _connectors;

    /// <summary>Live framebuffers, listed or not.</summary>
    public IReadOnlyList<DrmFramebuffer> Framebuffers => _framebuffers;

    /// <summary>Live property blobs.</summary>
    public IEnumerable<DrmPropertyBlob> Blobs => _objects.Values.OfType<DrmPropertyBlob>();

    /// <summary>drm_mode_config_init: the device's mode configuration with the standard properties; the driver adds its objects next.</summary>
    public static DrmModeConfig Init(DrmDevice device, IDrmModeConfigFuncs funcs, uint minWidth, uint maxWidth, uint minHeight, uint maxHeight)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(funcs);
        if ((device.Driver.Features & DrmDriverFeatures.Modeset) == 0 || device.ModeConfig is not null)
        {
            throw new KernelOopsException($"drm_mode_config_init on {device}: the driver has no DRIVER_MODESET, or the config exists");
        }

        var config = new DrmModeConfig(device, funcs, minWidth, maxWidth, minHeight, maxHeight);
        device.ModeConfig = config;
        return config;
    }

    /// <summary>drm_crtc_init_with_planes: a CRTC with ACTIVE and MODE_ID.</summary>
    public DrmCrtc AddCrtc(string name)
    {
        var crtc = Add(new DrmCrtc(_crtcs.Count, name));
        crtc.AttachProperty(Active);
        crtc.AttachProperty(ModeId);
        _crtcs.Add(crtc);
        return crtc;
    }

    /// <summary>drm_universal_plane_init: a plane with "type" and the atomic plane properties.</summary>
    public DrmPlane AddPlane(string name, DrmPlaneType type, uint possibleCrtcs, IReadOnlyList<uint> formats)
    {
        var plane = Add(new DrmPlane(_planes.Count, name, type, possibleCrtcs, formats));
        foreach (var property in (DrmProperty[])[PlaneType, FbId, CrtcId, SrcX, SrcY, SrcW, SrcH, CrtcX, CrtcY, CrtcW, CrtcH])
        {
            plane.AttachProperty(property);
        }

        _planes.Add(plane);
        return plane;
    }

    /// <summary>drm_encoder_init.</summary>
    public DrmEncoder AddEncoder(uint encoderType, uint possibleCrtcs)
    {
        var encoder = Add(new DrmEncoder(_encoders.Count, encoderType, possibleCrtcs));
        _encoders.Add(encoder);
        return encoder;
    }

    /// <summary>drm_connector_init + drm_connector_attach_encoder: a connected connector offering <paramref name="modes"/>.</summary>
    public DrmConnector AddConnector(uint connectorType, DrmEncoder encoder, IReadOnlyList<DrmModeModeInfo> modes, uint mmWidth, uint mmHeight)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var typeId = (uint)_connectors.Count(c => c.ConnectorType == connectorType) + 1;
        var connector = Add(new DrmConnector(_connectors.Count, connectorType, typeId, encoder, modes, mmWidth, mmHeight));
        connector.AttachProperty(CrtcId);
        _connectors.Add(connector);
        return connector;
    }

    /// <summary>__drm_mode_object_find: the live object <paramref name="id"/> of <paramref name="type"/> (DRM_MODE_OBJECT_ANY: any type), or null.</summary>
    public DrmModeObject? Lookup(uint id, uint type) =>
        _objects.TryGetValue(id, out var obj) && (type == DrmModeIoctl.DRM_MODE_OBJECT_ANY || obj.ObjectType == type) ? obj : null;

    /// <summary>The framebuffers <paramref name="file"/> created and has not removed (<c>file_priv->fbs</c>), in creation order.</summary>
    public IEnumerable<DrmFramebuffer> FramebuffersOf(DrmFile file) => _framebuffers.Where(f => f.IsListed && f.Owner == file);

    /// <summary>Checks that every object is where its id says and that references add up.</summary>
    public void AssertInvariants()
    {
        foreach (var (id, obj) in _objects)
        {
            if (obj.Id != id)
            {
                throw new KernelOopsException($"KMS object {obj} is filed under id {id}");
            }
        }

        foreach (var fb in _framebuffers)
        {
            var users = _planes.Count(p => p.State.Fb == fb) + (fb.IsListed ? 1 : 0);
            if (fb.RefCount != users || fb.Objects.Any(o => o.IsFreed))
            {
                throw new KernelOopsException($"{fb} has {fb.RefCount} references for {users} users (its file's list and the planes showing it), or a freed object");
            }
        }

        foreach (var plane in _planes)
        {
            if ((plane.State.Fb is null) != (plane.State.Crtc is null))
            {
                throw new KernelOopsException($"{plane} has a framebuffer without a CRTC or a CRTC without a framebuffer");
            }
        }
    }

    /// <summary>drm_framebuffer_init: files a new framebuffer.</summary>
    internal void AddFramebuffer(DrmFramebuffer fb)
    {
        Add(fb);
        _framebuffers.Add(fb);
    }

    /// <summary>drm_property_create_blob: a blob of <paramref name="data"/> owned by <paramref name="owner"/>.</summary>
    internal DrmPropertyBlob CreateBlob(byte[] data, DrmFile? owner) => Add(new DrmPropertyBlob(data, owner));

    /// <summary>drm_property_blob_put: the last reference frees the blob's id.</summary>
    internal void PutBlob(DrmPropertyBlob blob)
    {
        if (blob.Put())
        {
            RemoveObject(blob);
        }
    }

    /// <summary>drm_mode_object_unregister.</summary>
    internal void RemoveObject(DrmModeObject obj)
    {
        if (!_objects.Remove(obj.Id))
        {
            throw new KernelOopsException($"{obj} is not registered");
        }

        if (obj is DrmFramebuffer fb)
        {
            _framebuffers.Remove(fb);
        }
    }

    /// <summary>
    /// drm_framebuffer_remove: takes <paramref name="fb"/> off its file's list; planes showing it are turned off
    /// in a commit of their own (atomic_remove_fb); the list's reference goes.
    /// </summary>
    internal void RemoveFramebuffer(DrmFramebuffer fb)
    {
        fb.IsListed = false;
        var users = _planes.Where(p => p.State.Fb == fb).ToList();
        if (users.Count > 0)
        {
            var state = new DrmAtomicState(this, 0);
            foreach (var plane in users)
            {
                var planeState = state.GetPlaneState(plane);
                planeState.Fb?.Put();
                planeState.Fb = null;
                planeState.Crtc = null;
            }

            var result = state.Check();
            if (result < 0)
            {
                state.Release();
                throw new KernelOopsException($"turning off the planes showing {fb} failed its check ({result})");
            }

            state.Commit();
        }

        fb.Put();
    }

    /// <summary>drm_fb_release and drm_property_destroy_user_blobs: a closing file's framebuffers and blobs go.</summary>
    internal void FileRelease(DrmFile file)
    {
        foreach (var fb in FramebuffersOf(file).ToList())
        {
            RemoveFramebuffer(fb);
        }

        foreach (var blob in Blobs.Where(b => b.Owner == file).ToList())
        {
            blob.Owner = null;
            PutBlob(blob);
        }
    }

    private static DrmProperty ObjectProperty(string name, uint objectType) =>
        new(name, DrmModeIoctl.DRM_MODE_PROP_ATOMIC | DrmModeIoctl.DRM_MODE_PROP_OBJECT, [objectType]);

    private static DrmProperty Range(string name, ulong min, ulong max) =>
        new(name, DrmModeIoctl.DRM_MODE_PROP_ATOMIC | DrmModeIoctl.DRM_MODE_PROP_RANGE, [min, max]);

    private static DrmProperty SignedRange(string name, long min, long max) =>
        new(name, DrmModeIoctl.DRM_MODE_PROP_ATOMIC | DrmModeIoctl.DRM_MODE_PROP_SIGNED_RANGE, [(ulong)min, (ulong)max]);

    private DrmProperty AddProperty(DrmProperty property) => Add(property);

    private T Add<T>(T obj)
        where T : DrmModeObject
    {
        obj.Id = _nextId++;
        _objects.Add(obj.Id, obj);
        return obj;
    }
}
