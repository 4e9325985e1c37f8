using Protmem.Kernel.Core;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// A KMS property (<c>struct drm_property</c>): its name, flags (type bits, DRM_MODE_PROP_IMMUTABLE,
/// DRM_MODE_PROP_ATOMIC), and what values it takes: a range (unsigned or signed), an enum's values, an
/// object type, or any blob id.
/// </summary>
public sealed class DrmProperty : DrmModeObject
{
    private readonly (ulong Value, string Name)[] _enumValues;

    internal DrmProperty(string name, uint flags, ulong[] values, (ulong Value, string Name)[]? enumValues = null)
    {
        Name = name;
        Flags = flags;
        Values = values;
        _enumValues = enumValues ?? [];
    }

    public override uint ObjectType => DrmModeIoctl.DRM_MODE_OBJECT_PROPERTY;

    /// <summary>The name GETPROPERTY reports ("FB_ID").</summary>
    public string Name { get; }

    /// <summary>DRM_MODE_PROP_* flags.</summary>
    public uint Flags { get; }

    /// <summary>[min, max] of a range, the object type of an object property, the values of an enum.</summary>
    public IReadOnlyList<ulong> Values { get; }

    /// <summary>An enum's (value, name) pairs.</summary>
    public IReadOnlyList<(ulong Value, string Name)> EnumValues => _enumValues;

    public bool IsImmutable => (Flags & DrmModeIoctl.DRM_MODE_PROP_IMMUTABLE) != 0;

    /// <summary>Hidden from clients without DRM_CLIENT_CAP_ATOMIC.</summary>
    public bool IsAtomic => (Flags & DrmModeIoctl.DRM_MODE_PROP_ATOMIC) != 0;

    public bool IsBlob => (Flags & DrmModeIoctl.DRM_MODE_PROP_BLOB) != 0;

    public bool IsObject => (Flags & DrmModeIoctl.DRM_MODE_PROP_EXTENDED_TYPE) == DrmModeIoctl.DRM_MODE_PROP_OBJECT;

    public bool IsSignedRange => (Flags & DrmModeIoctl.DRM_MODE_PROP_EXTENDED_TYPE) == DrmModeIoctl.DRM_MODE_PROP_SIGNED_RANGE;

    public bool IsRange => (Flags & DrmModeIoctl.DRM_MODE_PROP_RANGE) != 0;

    public bool IsEnum => (Flags & DrmModeIoctl.DRM_MODE_PROP_ENUM) != 0;

    /// <summary>
    /// drm_property_change_valid_get: whether <paramref name="value"/> is one this property takes: inside the
    /// range, one of the enum's values, 0 or a live object of the property's type, 0 or a live blob.
    /// </summary>
    public bool ValueValid(ulong value, DrmModeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (IsImmutable)
        {
            return false;
        }

        if (IsRange)
        {
            return value >= Values[0] && value <= Values[1];
        }

        if (IsSignedRange)
        {
            return (long)value >= (long)Values[0] && (long)value <= (long)Values[1];
        }

        if (IsEnum)
        {
            return _enumValues.Any(e => e.Value == value);
        }

        if (IsObject)
        {
            return value == 0 || (value <= uint.MaxValue && config.Lookup((uint)value, (uint)Values[0]) is not null);
        }

        if (IsBlob)
        {
            return value == 0 || (value <= uint.MaxValue && config.Lookup((uint)value, DrmModeIoctl.DRM_MODE_OBJECT_BLOB) is not null);
        }

        throw new KernelOopsException($"property {Name} has no type the model knows (flags 0x{Flags:x})");
    }

    public override string ToString() => $"property {Id} \"{Name}\"";
}
