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
            // Model: the core table holds the ioctls the model serves; Linux's other core ioctls (modesetting,
            // authentication, sync objects) answer -EINVAL here, as an empty entry does in drm_ioctl.
            _coreIoctls ??= CoreIoctls();
            _coreIoctls.TryGetValue(nr, out desc);
        }

        if (desc is null)
        {
            return -Errno.EINVAL;
        }

        if (drmFile.Minor.Type == DrmMinorType.Render && !desc.RenderAllow)
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
    /// drm_getcap for a driver without modesetting: TIMESTAMP_MONOTONIC is 1, PRIME is import|export,
    /// SYNCOBJ and SYNCOBJ_TIMELINE are 0 (no driver here has sync objects); every other cap is for KMS
    /// drivers only (-EOPNOTSUPP).
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
            case DrmIoctl.DRM_CAP_SYNCOBJ_TIMELINE:
                break;
            default:
                return -Errno.EOPNOTSUPP;
        }

        cap.Write(data);
        return 0;
    }
}
