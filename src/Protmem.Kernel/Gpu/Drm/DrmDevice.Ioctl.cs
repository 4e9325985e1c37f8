using System.Text;
using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// drm_ioctl.c: the dispatcher and the core ioctls without a home elsewhere (VERSION, GET_CAP).
/// drm_ioctl picks the entry by _IOC_NR alone (the type byte is not checked): DRM_COMMAND_BASE to
/// DRM_COMMAND_END is the driver's table, the rest the core's; a missing entry is -EINVAL. A render node
/// may call only DRM_RENDER_ALLOW entries (-EACCES). The argument is copied in for the directions both
/// the request and the entry have, zero-extended to the entry's size, and copied back out after success.
/// </summary>
public sealed partial class DrmDevice
{
    private const int StackArgumentSize = 128;

    private Dictionary<uint, DrmIoctlDesc>? _coreIoctls;

    /// <summary>drm_ioctl.</summary>
    public int Ioctl(UserProcess caller, OpenFile file, uint request, ulong arg)
    {
        var drmFile = (DrmFile)file.PrivateData!;
        var nr = Uapi.Ioctl._IOC_NR(request);
        DrmIoctlDesc? desc;
        if (nr >= DrmIoctl.DRM_COMMAND_BASE && nr < DrmIoctl.DRM_COMMAND_END)
        {
            var index = (int)(nr - DrmIoctl.DRM_COMMAND_BASE);
            desc = index < Driver.Ioctls.Count ? Driver.Ioctls[index] : null;
        }
        else
        {
            // Model: the core table holds the ioctls the model serves; Linux's other core ioctls (legacy
            // modesetting, authentication) answer -EINVAL here, as an empty entry does in drm_ioctl.
            _coreIoctls ??= CoreIoctls();
            _coreIoctls.TryGetValue(nr, out desc);
        }

        if (desc is null)
        {
            return -Errno.EINVAL;
        }

        if ((drmFile.Minor.Type == DrmMinorType.Render && !desc.RenderAllow) || (desc.MasterOnly && !drmFile.IsMaster))
        {
            return -Errno.EACCES;
        }

        var size = (int)Uapi.Ioctl._IOC_SIZE(request);
        var inSize = (request & desc.Command & Uapi.Ioctl.IOC_IN) != 0 ? size : 0;
        var outSize = (request & desc.Command & Uapi.Ioctl.IOC_OUT) != 0 ? size : 0;
        var kernelSize = Math.Max(Math.Max(inSize, outSize), (int)Uapi.Ioctl._IOC_SIZE(desc.Command));
        Span<byte> data = kernelSize <= StackArgumentSize ? stackalloc byte[StackArgumentSize] : new byte[kernelSize];
        data = data[..kernelSize];
        data.Clear();
        if (inSize > 0 && caller.CopyFromUser(arg, data[..inSize]) < 0)
        {
            return -Errno.EFAULT;
        }

        var result = desc.Handler(drmFile, caller, data);
        if (result == 0 && outSize > 0 && caller.CopyToUser(arg, data[..outSize]) < 0)
        {
            return -Errno.EFAULT;
        }

        return result;
    }

    /// <summary>drm_copy_field: copies at most the buffer's length, and reports the value's full length.</summary>
    private static int CopyField(UserProcess caller, ulong buffer, ref ulong length, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        var count = (int)Math.Min((ulong)bytes.Length, length);
        length = (ulong)bytes.Length;
        return count > 0 && buffer != 0 && caller.CopyToUser(buffer, bytes.AsSpan(0, count)) < 0 ? -Errno.EFAULT : 0;
    }

    private Dictionary<uint, DrmIoctlDesc> CoreIoctls() => new()
    {
        [0x00] = new(DrmIoctl.DRM_IOCTL_VERSION, true, IoctlVersion),
        [0x09] = new(DrmIoctl.DRM_IOCTL_GEM_CLOSE, true, IoctlGemClose),
        [0x0c] = new(DrmIoctl.DRM_IOCTL_GET_CAP, true, IoctlGetCap),
        [0x2d] = new(DrmIoctl.DRM_IOCTL_PRIME_HANDLE_TO_FD, true, IoctlPrimeHandleToFd),
        [0x2e] = new(DrmIoctl.DRM_IOCTL_PRIME_FD_TO_HANDLE, true, IoctlPrimeFdToHandle),
        [0xBF] = new(DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_CREATE, true, IoctlSyncobjCreate),
        [0xC0] = new(DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_DESTROY, true, IoctlSyncobjDestroy),
        [0xC1] = new(DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, true, IoctlSyncobjHandleToFd),
        [0xC2] = new(DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, true, IoctlSyncobjFdToHandle),
        [0xC3] = new(DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_WAIT, true, IoctlSyncobjWait),
        [0xC4] = new(DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_RESET, true, IoctlSyncobjReset),
        [0xC5] = new(DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_SIGNAL, true, IoctlSyncobjSignal),
        [0xCA] = new(DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, true, NoSyncobjTimeline),
        [0xCB] = new(DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_QUERY, true, NoSyncobjTimeline),
        [0xCC] = new(DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_TRANSFER, true, NoSyncobjTimeline),
        [0xCD] = new(DrmSyncobjIoctl.DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, true, NoSyncobjTimeline),
        [0x0d] = new(DrmModeIoctl.DRM_IOCTL_SET_CLIENT_CAP, false, IoctlSetClientCap),
        [0x1e] = new(DrmModeIoctl.DRM_IOCTL_SET_MASTER, false, IoctlSetMaster),
        [0x1f] = new(DrmModeIoctl.DRM_IOCTL_DROP_MASTER, false, IoctlDropMaster),
        [0xA0] = new(DrmModeIoctl.DRM_IOCTL_MODE_GETRESOURCES, false, IoctlModeGetResources),
        [0xA1] = new(DrmModeIoctl.DRM_IOCTL_MODE_GETCRTC, false, IoctlModeGetCrtc),
        [0xA6] = new(DrmModeIoctl.DRM_IOCTL_MODE_GETENCODER, false, IoctlModeGetEncoder),
        [0xA7] = new(DrmModeIoctl.DRM_IOCTL_MODE_GETCONNECTOR, false, IoctlModeGetConnector),
        [0xAA] = new(DrmModeIoctl.DRM_IOCTL_MODE_GETPROPERTY, false, IoctlModeGetProperty),
        [0xAF] = new(DrmModeIoctl.DRM_IOCTL_MODE_RMFB, false, IoctlModeRmFb),
        [0xB5] = new(DrmModeIoctl.DRM_IOCTL_MODE_GETPLANERESOURCES, false, IoctlModeGetPlaneResources),
        [0xB6] = new(DrmModeIoctl.DRM_IOCTL_MODE_GETPLANE, false, IoctlModeGetPlane),
        [0xB8] = new(DrmModeIoctl.DRM_IOCTL_MODE_ADDFB2, false, IoctlModeAddFb2),
        [0xB9] = new(DrmModeIoctl.DRM_IOCTL_MODE_OBJ_GETPROPERTIES, false, IoctlModeObjGetProperties),
        [0xBC] = new(DrmModeIoctl.DRM_IOCTL_MODE_ATOMIC, false, IoctlModeAtomic, MasterOnly: true),
        [0xBD] = new(DrmModeIoctl.DRM_IOCTL_MODE_CREATEPROPBLOB, false, IoctlModeCreatePropBlob),
        [0xBE] = new(DrmModeIoctl.DRM_IOCTL_MODE_DESTROYPROPBLOB, false, IoctlModeDestroyPropBlob),
    };

    /// <summary>drm_version: the driver's version, name, date and description.</summary>
    private int IoctlVersion(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var version = DrmVersion.Read(data);
        version.VersionMajor = Driver.Major;
        version.VersionMinor = Driver.Minor;
        version.VersionPatchlevel = Driver.Patchlevel;

        // Since Linux 6.14 drivers have no date; drm_version reports "0".
        var result = CopyField(caller, version.Name, ref version.NameLen, Driver.Name);
        if (result == 0)
        {
            result = CopyField(caller, version.Date, ref version.DateLen, "0");
        }

        if (result == 0)
        {
            result = CopyField(caller, version.Desc, ref version.DescLen, Driver.Description);
        }

        version.Write(data);
        return result;
    }

    /// <summary>
    /// drm_getcap: TIMESTAMP_MONOTONIC is 1, PRIME is import|export, SYNCOBJ is 1 for a DRIVER_SYNCOBJ driver and
    /// 0 otherwise, SYNCOBJ_TIMELINE is 0 (no driver here has timeline syncobjs); a KMS driver also answers DUMB_BUFFER 0 (no dumb buffers), VBLANK_HIGH_CRTC,
    /// ADDFB2_MODIFIERS and CRTC_IN_VBLANK_EVENT 1; every other cap is -EOPNOTSUPP.
    /// </summary>
    private int IoctlGetCap(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var cap = DrmGetCap.Read(data);
        cap.Value = 0;
        switch (cap.Capability)
        {
            case DrmIoctl.DRM_CAP_TIMESTAMP_MONOTONIC:
                cap.Value = 1;
                break;
            case DrmIoctl.DRM_CAP_PRIME:
                cap.Value = DrmIoctl.DRM_PRIME_CAP_IMPORT | DrmIoctl.DRM_PRIME_CAP_EXPORT;
                break;
            case DrmIoctl.DRM_CAP_SYNCOBJ:
                cap.Value = HasSyncobj ? 1UL : 0;
                break;
            case DrmIoctl.DRM_CAP_SYNCOBJ_TIMELINE:
                break;
            case DrmModeIoctl.DRM_CAP_DUMB_BUFFER when ModeConfig is not null:
                break;
            case DrmModeIoctl.DRM_CAP_VBLANK_HIGH_CRTC when ModeConfig is not null:
            case DrmModeIoctl.DRM_CAP_ADDFB2_MODIFIERS when ModeConfig is not null:
            case DrmModeIoctl.DRM_CAP_CRTC_IN_VBLANK_EVENT when ModeConfig is not null:
                cap.Value = 1;
                break;
            default:
                return -Errno.EOPNOTSUPP;
        }

        cap.Write(data);
        return 0;
    }
}
