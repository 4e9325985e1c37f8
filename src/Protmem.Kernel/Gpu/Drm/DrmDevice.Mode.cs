using System.Buffers.Binary;
using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// drm_mode_config.c, drm_crtc.c, drm_plane.c, drm_connector.c, drm_encoder.c, drm_property.c and
/// drm_mode_object.c: the modesetting queries (resources, CRTCs, planes, encoders, connectors, properties),
/// property blobs and client caps. On a driver without DRIVER_MODESET each answers -EOPNOTSUPP.
/// Arrays follow Linux: GETRESOURCES, GETPLANERESOURCES and the property lists copy as many ids as the caller
/// has room for; modes, encoders, formats and property values are copied only when all fit; every count is
/// the full count.
/// </summary>
public sealed partial class DrmDevice
{
    /// <summary>Model: the largest property blob a client may create (Linux allows up to INT_MAX bytes); larger → -ENOMEM.</summary>
    public const int MaxBlobLength = 1 << 20;

    /// <summary>drm_setclientcap.</summary>
    private int IoctlSetClientCap(DrmFile file, UserProcess caller, Span<byte> data)
    {
        if (ModeConfig is null)
        {
            return -Errno.EOPNOTSUPP;
        }

        var cap = DrmSetClientCap.Read(data);
        switch (cap.Capability)
        {
            case DrmModeIoctl.DRM_CLIENT_CAP_STEREO_3D:
            case DrmModeIoctl.DRM_CLIENT_CAP_ASPECT_RATIO:
                return cap.Value > 1 ? -Errno.EINVAL : 0;
            case DrmModeIoctl.DRM_CLIENT_CAP_UNIVERSAL_PLANES:
                if (cap.Value > 1)
                {
                    return -Errno.EINVAL;
                }

                file.UniversalPlanes = cap.Value == 1;
                return 0;
            case DrmModeIoctl.DRM_CLIENT_CAP_ATOMIC:
                if ((Driver.Features & DrmDriverFeatures.Atomic) == 0)
                {
                    return -Errno.EOPNOTSUPP;
                }

                if (cap.Value > 2)
                {
                    return -Errno.EINVAL;
                }

                file.Atomic = cap.Value != 0;
                file.UniversalPlanes = cap.Value != 0;
                return 0;
            default:
                return -Errno.EINVAL;
        }
    }

    /// <summary>drm_mode_getresources: this file's framebuffers, the CRTCs, connectors and encoders, and the framebuffer size limits.</summary>
    private int IoctlModeGetResources(DrmFile file, UserProcess caller, Span<byte> data)
    {
        if (ModeConfig is not { } config)
        {
            return -Errno.EOPNOTSUPP;
        }

        var res = DrmModeCardRes.Read(data);
        var result = CopyIds(caller, res.FbIdPtr, ref res.CountFbs, [.. config.FramebuffersOf(file).Select(f => f.Id)]);
        result = result < 0 ? result : CopyIds(caller, res.CrtcIdPtr, ref res.CountCrtcs, [.. config.Crtcs.Select(c => c.Id)]);
        result = result < 0 ? result : CopyIds(caller, res.ConnectorIdPtr, ref res.CountConnectors, [.. config.Connectors.Select(c => c.Id)]);
        result = result < 0 ? result : CopyIds(caller, res.EncoderIdPtr, ref res.CountEncoders, [.. config.Encoders.Select(e => e.Id)]);
        if (result < 0)
        {
            return result;
        }

        res.MinWidth = config.MinWidth;
        res.MaxWidth = config.MaxWidth;
        res.MinHeight = config.MinHeight;
        res.MaxHeight = config.MaxHeight;
        res.Write(data);
        return 0;
    }

    /// <summary>drm_mode_getplane_res: overlay planes, and primary and cursor planes for a client with UNIVERSAL_PLANES.</summary>
    private int IoctlModeGetPlaneResources(DrmFile file, UserProcess caller, Span<byte> data)
    {
        if (ModeConfig is not { } config)
        {
            return -Errno.EOPNOTSUPP;
        }

        var res = DrmModeGetPlaneRes.Read(data);
        var ids = config.Planes.Where(p => p.Type == DrmPlaneType.Overlay || file.UniversalPlanes).Select(p => p.Id).ToArray();
        var result = CopyIds(caller, res.PlaneIdPtr, ref res.CountPlanes, ids);
        if (result < 0)
        {
            return result;
        }

        res.Write(data);
        return 0;
    }

    /// <summary>drm_mode_getcrtc: -ENOENT for an id that is no CRTC; the primary plane's framebuffer and source position, and the mode.</summary>
    private int IoctlModeGetCrtc(DrmFile file, UserProcess caller, Span<byte> data)
    {
        if (ModeConfig is not { } config)
        {
            return -Errno.EOPNOTSUPP;
        }

        var args = DrmModeCrtc.Read(data);
        if (config.Lookup(args.CrtcId, DrmModeIoctl.DRM_MODE_OBJECT_CRTC) is not DrmCrtc crtc)
        {
            return -Errno.ENOENT;
        }

        var primary = config.Planes.FirstOrDefault(p => p.Type == DrmPlaneType.Primary && p.State.Crtc == crtc);
        args.FbId = primary?.State.Fb?.Id ?? 0;
        args.X = (primary?.State.SrcX ?? 0) >> 16;
        args.Y = (primary?.State.SrcY ?? 0) >> 16;
        args.GammaSize = 0;
        args.ModeValid = crtc.State.Mode is null ? 0u : 1u;
        args.Mode = crtc.State.Mode ?? default;
        args.Write(data);
        return 0;
    }

    /// <summary>drm_mode_getplane: -ENOENT for an id that is no plane; formats copied when all fit.</summary>
    private int IoctlModeGetPlane(DrmFile file, UserProcess caller, Span<byte> data)
    {
        if (ModeConfig is not { } config)
        {
            return -Errno.EOPNOTSUPP;
        }

        var args = DrmModeGetPlane.Read(data);
        if (config.Lookup(args.PlaneId, DrmModeIoctl.DRM_MODE_OBJECT_PLANE) is not DrmPlane plane)
        {
            return -Errno.ENOENT;
        }

        args.CrtcId = plane.State.Crtc?.Id ?? 0;
        args.FbId = plane.State.Fb?.Id ?? 0;
        args.PossibleCrtcs = plane.PossibleCrtcs;
        args.GammaSize = 0;
        if (args.CountFormatTypes >= plane.Formats.Count && CopyU32s(caller, args.FormatTypePtr, [.. plane.Formats]) < 0)
        {
            return -Errno.EFAULT;
        }

        args.CountFormatTypes = (uint)plane.Formats.Count;
        args.Write(data);
        return 0;
    }

    /// <summary>drm_mode_getencoder: -ENOENT for an id that is no encoder; the CRTC of the connector using it.</summary>
    private int IoctlModeGetEncoder(DrmFile file, UserProcess caller, Span<byte> data)
    {
        if (ModeConfig is not { } config)
        {
            return -Errno.EOPNOTSUPP;
        }

        var args = DrmModeGetEncoder.Read(data);
        if (config.Lookup(args.EncoderId, DrmModeIoctl.DRM_MODE_OBJECT_ENCODER) is not DrmEncoder encoder)
        {
            return -Errno.ENOENT;
        }

        args.EncoderType = encoder.EncoderType;
        args.CrtcId = config.Connectors.FirstOrDefault(c => c.Encoder == encoder && c.State.Crtc is not null)?.State.Crtc!.Id ?? 0;
        args.PossibleCrtcs = encoder.PossibleCrtcs;
        args.PossibleClones = 1u << encoder.Index;
        args.Write(data);
        return 0;
    }

    /// <summary>drm_mode_getconnector: -ENOENT for an id that is no connector; modes and encoders copied when all fit, properties as many as fit.</summary>
    private int IoctlModeGetConnector(DrmFile file, UserProcess caller, Span<byte> data)
    {
        if (ModeConfig is not { } config)
        {
            return -Errno.EOPNOTSUPP;
        }

        var args = DrmModeGetConnector.Read(data);
        if (config.Lookup(args.ConnectorId, DrmModeIoctl.DRM_MODE_OBJECT_CONNECTOR) is not DrmConnector connector)
        {
            return -Errno.ENOENT;
        }

        if (args.CountModes >= connector.Modes.Count && CopyStructs(caller, args.ModesPtr, connector.Modes) < 0)
        {
            return -Errno.EFAULT;
        }

        if (args.CountEncoders >= 1 && CopyU32s(caller, args.EncodersPtr, [connector.Encoder.Id]) < 0)
        {
            return -Errno.EFAULT;
        }

        var result = CopyProperties(file, caller, connector, args.PropsPtr, args.PropValuesPtr, ref args.CountProps);
        if (result < 0)
        {
            return result;
        }

        args.CountModes = (uint)connector.Modes.Count;
        args.CountEncoders = 1;
        args.EncoderId = connector.State.Crtc is null ? 0 : connector.Encoder.Id;
        args.ConnectorType = connector.ConnectorType;
        args.ConnectorTypeId = connector.ConnectorTypeId;
        args.Connection = DrmModeIoctl.DRM_MODE_CONNECTED;
        args.MmWidth = connector.MmWidth;
        args.MmHeight = connector.MmHeight;
        args.Subpixel = 0;
        args.Pad = 0;
        args.Write(data);
        return 0;
    }

    /// <summary>drm_mode_getproperty_ioctl: -ENOENT for an id that is no property; values and enum entries copied when all fit.</summary>
    private int IoctlModeGetProperty(DrmFile file, UserProcess caller, Span<byte> data)
    {
        if (ModeConfig is not { } config)
        {
            return -Errno.EOPNOTSUPP;
        }

        var args = DrmModeGetProperty.Read(data);
        if (config.Lookup(args.PropId, DrmModeIoctl.DRM_MODE_OBJECT_PROPERTY) is not DrmProperty property)
        {
            return -Errno.ENOENT;
        }

        var values = property.IsBlob ? [] : property.Values;
        if (args.CountValues >= values.Count && CopyU64s(caller, args.ValuesPtr, values) < 0)
        {
            return -Errno.EFAULT;
        }

        var entries = property.EnumValues;
        if (args.CountEnumBlobs >= entries.Count
            && CopyStructs(caller, args.EnumBlobPtr, [.. entries.Select(e => new DrmModePropertyEnumValue { Value = e.Value, Name = e.Name })]) < 0)
        {
            return -Errno.EFAULT;
        }

        args.Name = property.Name;
        args.Flags = property.Flags;
        args.CountValues = (uint)values.Count;
        args.CountEnumBlobs = (uint)entries.Count;
        args.Write(data);
        return 0;
    }

    /// <summary>drm_mode_obj_get_properties_ioctl: -ENOENT for no such object of that type; -EINVAL for an object without properties.</summary>
    private int IoctlModeObjGetProperties(DrmFile file, UserProcess caller, Span<byte> data)
    {
        if (ModeConfig is not { } config)
        {
            return -Errno.EOPNOTSUPP;
        }

        var args = DrmModeObjGetProperties.Read(data);
        if (config.Lookup(args.ObjId, args.ObjType) is not { } obj)
        {
            return -Errno.ENOENT;
        }

        if (obj.Properties.Count == 0)
        {
            return -Errno.EINVAL;
        }

        var result = CopyProperties(file, caller, obj, args.PropsPtr, args.PropValuesPtr, ref args.CountProps);
        if (result < 0)
        {
            return result;
        }

        args.Write(data);
        return 0;
    }

    /// <summary>drm_mode_createblob_ioctl: length 0 → -EINVAL; an unreadable source → -EFAULT.</summary>
    private int IoctlModeCreatePropBlob(DrmFile file, UserProcess caller, Span<byte> data)
    {
        if (ModeConfig is not { } config)
        {
            return -Errno.EOPNOTSUPP;
        }

        var args = DrmModeCreateBlob.Read(data);
        if (args.Length == 0 || args.Length > int.MaxValue)
        {
            return -Errno.EINVAL;
        }

        if (args.Length > MaxBlobLength)
        {
            return -Errno.ENOMEM;
        }

        var bytes = new byte[args.Length];
        if (caller.CopyFromUser(args.Data, bytes) < 0)
        {
            return -Errno.EFAULT;
        }

        args.BlobId = config.CreateBlob(bytes, file).Id;
        args.Write(data);
        return 0;
    }

    /// <summary>drm_mode_destroyblob_ioctl: no such blob → -EINVAL; a blob another file created → -EPERM.</summary>
    private int IoctlModeDestroyPropBlob(DrmFile file, UserProcess caller, Span<byte> data)
    {
        if (ModeConfig is not { } config)
        {
            return -Errno.EOPNOTSUPP;
        }

        var args = DrmModeDestroyBlob.Read(data);
        if (config.Lookup(args.BlobId, DrmModeIoctl.DRM_MODE_OBJECT_BLOB) is not DrmPropertyBlob blob)
        {
            return -Errno.EINVAL;
        }

        if (blob.Owner != file)
        {
            return -Errno.EPERM;
        }

        blob.Owner = null;
        config.PutBlob(blob);
        return 0;
    }

    /// <summary>drm_mode_object_get_properties: the object's properties (atomic ones only for an atomic client), as many as fit.</summary>
    private static int CopyProperties(DrmFile file, UserProcess caller, DrmModeObject obj, ulong propsPtr, ulong valuesPtr, ref uint count)
    {
        var visible = obj.Properties.Where(p => file.Atomic || !p.IsAtomic).ToList();
        var room = Math.Min(count, (uint)visible.Count);
        Span<byte> id = stackalloc byte[4];
        Span<byte> value = stackalloc byte[8];
        for (var i = 0; i < room; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(id, visible[i].Id);
            BinaryPrimitives.WriteUInt64LittleEndian(value, obj.GetProperty(visible[i]));
            if (caller.CopyToUser(propsPtr + ((ulong)i * 4), id) < 0 || caller.CopyToUser(valuesPtr + ((ulong)i * 8), value) < 0)
            {
                return -Errno.EFAULT;
            }
        }

        count = (uint)visible.Count;
        return 0;
    }

    /// <summary>The GETRESOURCES pattern: as many ids as <paramref name="count"/> has room for, then the full count.</summary>
    private static int CopyIds(UserProcess caller, ulong pointer, ref uint count, uint[] ids)
    {
        var room = (int)Math.Min(count, (uint)ids.Length);
        if (room > 0 && CopyU32s(caller, pointer, ids.AsSpan(0, room)) < 0)
        {
            return -Errno.EFAULT;
        }

        count = (uint)ids.Length;
        return 0;
    }

    /// <summary>copy_to_user of a whole array of uapi structs (nothing for an empty one): the GETCONNECTOR / GETPROPERTY "all of them when they fit" pattern.</summary>
    private static int CopyStructs<T>(UserProcess caller, ulong pointer, IReadOnlyList<T> items)
        where T : struct, IUapiStruct<T>
    {
        var size = T.Layout.Size;
        var bytes = new byte[items.Count * size];
        for (var i = 0; i < items.Count; i++)
        {
            items[i].Write(bytes.AsSpan(i * size));
        }

        return bytes.Length == 0 ? 0 : caller.CopyToUser(pointer, bytes);
    }

    private static int CopyU32s(UserProcess caller, ulong pointer, ReadOnlySpan<uint> values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes.Length == 0 ? 0 : caller.CopyToUser(pointer, bytes);
    }

    private static int CopyU64s(UserProcess caller, ulong pointer, IReadOnlyList<ulong> values)
    {
        var bytes = new byte[values.Count * 8];
        for (var i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), values[i]);
        }

        return bytes.Length == 0 ? 0 : caller.CopyToUser(pointer, bytes);
    }
}
