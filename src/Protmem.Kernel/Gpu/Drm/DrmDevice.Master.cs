using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// drm_auth.c: the DRM master, the one file on the primary node allowed to modeset (DRM_MASTER ioctls). The
/// first file opened there becomes master; SET_MASTER and DROP_MASTER move it. Each asks drm_master_check_perm
/// first: the file was master once and its opener asks, or the caller has CAP_SYS_ADMIN (else -EACCES).
/// </summary>
public sealed partial class DrmDevice
{
    /// <summary>drm_setmaster_ioctl: 0 when already master; -EBUSY while another file is; -EACCES without the right to ask.</summary>
    private int IoctlSetMaster(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var result = MasterCheckPerm(file, caller);
        if (result < 0 || file.IsMaster)
        {
            return result;
        }

        if (Master is not null)
        {
            return -Errno.EBUSY;
        }

        Master = file;
        file.IsMaster = true;
        file.WasMaster = true;
        return 0;
    }

    /// <summary>drm_dropmaster_ioctl: -EACCES without the right to ask; -EINVAL when the file is not master.</summary>
    private int IoctlDropMaster(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var result = MasterCheckPerm(file, caller);
        if (result < 0)
        {
            return result;
        }

        if (!file.IsMaster)
        {
            return -Errno.EINVAL;
        }

        file.IsMaster = false;
        Master = null;
        return 0;
    }

    /// <summary>drm_master_check_perm.</summary>
    private static int MasterCheckPerm(DrmFile file, UserProcess caller) =>
        (file.WasMaster && file.OwnerPid == caller.Pid) || caller.Credentials.Has(Capabilities.SysAdmin) ? 0 : -Errno.EACCES;
}
