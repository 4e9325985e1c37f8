using Protmem.Kernel.Core;
namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// A KMS object (<c>struct drm_mode_object</c>): an id unique on the device (from 1, never reused while the
/// object lives), its DRM_MODE_OBJECT_* type, and the properties attached to it with their current values.
/// </summary>
public abstract class DrmModeObject
{
    private readonly List<DrmProperty> _properties = [];

    /// <summary>The object's id (<c>base.id</c>), given by <see cref="DrmModeConfig"/> when it is added.</summary>
    public uint Id { get; internal set; }

    /// <summary>DRM_MODE_OBJECT_CRTC, _PLANE, _FB, ...</summary>
    public abstract uint ObjectType { get; }

    /// <summary>The properties attached (<c>drm_object_attach_property</c>), in attach order.</summary>
    public IReadOnlyList<DrmProperty> Properties => _properties;

    /// <summary>drm_object_property_get_value: the property's current value (from the object's committed state).</summary>
    public virtual ulong GetProperty(DrmProperty prop) =>
        throw new KernelOopsException($"{this} has no value for property {prop.Name}");

    /// <summary>drm_object_attach_property.</summary>
    internal void AttachProperty(DrmProperty property) => _properties.Add(property);
}
