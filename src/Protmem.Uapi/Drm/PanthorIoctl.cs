namespace Protmem.Uapi.Drm;

/// <summary>
/// include/uapi/drm/panthor_drm.h (Linux 6.18): the ioctl ids and numbers (all DRM_IOWR at DRM_COMMAND_BASE + id) and the
/// flags the model serves; the protected-mode proposals are marked <see cref="AbiSource.PanthorProposed"/>.
/// </summary>
public static class PanthorIoctl
{
    /// <summary>The driver name DRM_IOCTL_VERSION reports.</summary>
    [AbiSource(AbiSource.Model)]
    public const string DriverName = "panthor";

    /// <summary>DRM_PANTHOR_DEV_QUERY.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_DEV_QUERY = 0x00;

    /// <summary>DRM_PANTHOR_VM_CREATE.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_VM_CREATE = 0x01;

    /// <summary>DRM_PANTHOR_VM_DESTROY.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_VM_DESTROY = 0x02;

    /// <summary>DRM_PANTHOR_VM_BIND.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_VM_BIND = 0x03;

    /// <summary>DRM_PANTHOR_BO_CREATE.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_BO_CREATE = 0x05;

    /// <summary>DRM_PANTHOR_BO_MMAP_OFFSET.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_BO_MMAP_OFFSET = 0x06;

    /// <summary>DRM_PANTHOR_GROUP_CREATE.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_GROUP_CREATE = 0x07;

    /// <summary>DRM_PANTHOR_GROUP_DESTROY.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_GROUP_DESTROY = 0x08;

    /// <summary>DRM_PANTHOR_GROUP_SUBMIT.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_GROUP_SUBMIT = 0x09;

    /// <summary>DRM_PANTHOR_GROUP_GET_STATE.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_GROUP_GET_STATE = 0x0a;

    /// <summary>DRM_PANTHOR_VM_GET_STATE (not served: -EINVAL).</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_VM_GET_STATE = 0x04;

    /// <summary>DRM_PANTHOR_TILER_HEAP_CREATE (not served: -EINVAL).</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_TILER_HEAP_CREATE = 0x0b;

    /// <summary>DRM_PANTHOR_TILER_HEAP_DESTROY (not served: -EINVAL).</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_TILER_HEAP_DESTROY = 0x0c;

    /// <summary>Proposed: DRM_PANTHOR_ENABLE_FW_PROT_MODE, the next free id.</summary>
    [AbiSource(AbiSource.PanthorProposed)]
    public const uint DRM_PANTHOR_ENABLE_FW_PROT_MODE = 0x0d;

    /// <summary>DRM_IOCTL_PANTHOR_DEV_QUERY: DRM_IOWR(DRM_COMMAND_BASE + DRM_PANTHOR_DEV_QUERY, struct drm_panthor_DevQuery).</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_IOCTL_PANTHOR_DEV_QUERY = Ioctl.IOC_INOUT | ((uint)DrmPanthorDevQuery.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | (DrmIoctl.DRM_COMMAND_BASE + DRM_PANTHOR_DEV_QUERY);

    /// <summary>DRM_IOCTL_PANTHOR_VM_CREATE: DRM_IOWR(DRM_COMMAND_BASE + DRM_PANTHOR_VM_CREATE, struct drm_panthor_VmCreate).</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_IOCTL_PANTHOR_VM_CREATE = Ioctl.IOC_INOUT | ((uint)DrmPanthorVmCreate.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | (DrmIoctl.DRM_COMMAND_BASE + DRM_PANTHOR_VM_CREATE);

    /// <summary>DRM_IOCTL_PANTHOR_VM_DESTROY: DRM_IOWR(DRM_COMMAND_BASE + DRM_PANTHOR_VM_DESTROY, struct drm_panthor_VmDestroy).</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_IOCTL_PANTHOR_VM_DESTROY = Ioctl.IOC_INOUT | ((uint)DrmPanthorVmDestroy.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | (DrmIoctl.DRM_COMMAND_BASE + DRM_PANTHOR_VM_DESTROY);

    /// <summary>DRM_IOCTL_PANTHOR_VM_BIND: DRM_IOWR(DRM_COMMAND_BASE + DRM_PANTHOR_VM_BIND, struct drm_panthor_VmBind).</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_IOCTL_PANTHOR_VM_BIND = Ioctl.IOC_INOUT | ((uint)DrmPanthorVmBind.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | (DrmIoctl.DRM_COMMAND_BASE + DRM_PANTHOR_VM_BIND);

    /// <summary>DRM_IOCTL_PANTHOR_BO_CREATE: DRM_IOWR(DRM_COMMAND_BASE + DRM_PANTHOR_BO_CREATE, struct drm_panthor_BoCreate).</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_IOCTL_PANTHOR_BO_CREATE = Ioctl.IOC_INOUT | ((uint)DrmPanthorBoCreate.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | (DrmIoctl.DRM_COMMAND_BASE + DRM_PANTHOR_BO_CREATE);

    /// <summary>DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET: DRM_IOWR(DRM_COMMAND_BASE + DRM_PANTHOR_BO_MMAP_OFFSET, struct drm_panthor_BoMmapOffset).</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET = Ioctl.IOC_INOUT | ((uint)DrmPanthorBoMmapOffset.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | (DrmIoctl.DRM_COMMAND_BASE + DRM_PANTHOR_BO_MMAP_OFFSET);

    /// <summary>DRM_IOCTL_PANTHOR_GROUP_CREATE: DRM_IOWR(DRM_COMMAND_BASE + DRM_PANTHOR_GROUP_CREATE, struct drm_panthor_GroupCreate).</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_IOCTL_PANTHOR_GROUP_CREATE = Ioctl.IOC_INOUT | ((uint)DrmPanthorGroupCreate.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | (DrmIoctl.DRM_COMMAND_BASE + DRM_PANTHOR_GROUP_CREATE);

    /// <summary>DRM_IOCTL_PANTHOR_GROUP_DESTROY: DRM_IOWR(DRM_COMMAND_BASE + DRM_PANTHOR_GROUP_DESTROY, struct drm_panthor_GroupDestroy).</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_IOCTL_PANTHOR_GROUP_DESTROY = Ioctl.IOC_INOUT | ((uint)DrmPanthorGroupDestroy.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | (DrmIoctl.DRM_COMMAND_BASE + DRM_PANTHOR_GROUP_DESTROY);

    /// <summary>DRM_IOCTL_PANTHOR_GROUP_SUBMIT: DRM_IOWR(DRM_COMMAND_BASE + DRM_PANTHOR_GROUP_SUBMIT, struct drm_panthor_GroupSubmit).</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_IOCTL_PANTHOR_GROUP_SUBMIT = Ioctl.IOC_INOUT | ((uint)DrmPanthorGroupSubmit.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | (DrmIoctl.DRM_COMMAND_BASE + DRM_PANTHOR_GROUP_SUBMIT);

    /// <summary>DRM_IOCTL_PANTHOR_GROUP_GET_STATE: DRM_IOWR(DRM_COMMAND_BASE + DRM_PANTHOR_GROUP_GET_STATE, struct drm_panthor_GroupGetState).</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_IOCTL_PANTHOR_GROUP_GET_STATE = Ioctl.IOC_INOUT | ((uint)DrmPanthorGroupGetState.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | (DrmIoctl.DRM_COMMAND_BASE + DRM_PANTHOR_GROUP_GET_STATE);

    /// <summary>Proposed: DRM_IOCTL_PANTHOR_ENABLE_FW_PROT_MODE, DRM_IOWR of struct drm_panthor_enable_fw_prot_mode.</summary>
    [AbiSource(AbiSource.PanthorProposed)]
    public const uint DRM_IOCTL_PANTHOR_ENABLE_FW_PROT_MODE = Ioctl.IOC_INOUT | ((uint)DrmPanthorEnableFwProtMode.Size << Ioctl._IOC_SIZESHIFT) | (DrmIoctl.DRM_IOCTL_BASE << Ioctl._IOC_TYPESHIFT) | (DrmIoctl.DRM_COMMAND_BASE + DRM_PANTHOR_ENABLE_FW_PROT_MODE);

    /// <summary>DRM_PANTHOR_DEV_QUERY_GPU_INFO.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_DEV_QUERY_GPU_INFO = 0;

    /// <summary>DRM_PANTHOR_DEV_QUERY_CSIF_INFO.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_DEV_QUERY_CSIF_INFO = 1;

    /// <summary>DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO = 2;

    /// <summary>DRM_PANTHOR_DEV_QUERY_GROUP_PRIORITIES_INFO.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_DEV_QUERY_GROUP_PRIORITIES_INFO = 3;

    /// <summary>Proposed (2026 series): DRM_PANTHOR_DEV_QUERY_PROTECTED_INFO.</summary>
    [AbiSource(AbiSource.PanthorProposed)]
    public const uint DRM_PANTHOR_DEV_QUERY_PROTECTED_INFO = 4;

    /// <summary>Proposed: protected groups can run (a protected heap is present and the firmware has its protected sections).</summary>
    [AbiSource(AbiSource.PanthorProposed)]
    public const uint DRM_PANTHOR_PROTECTED_FEATURE_BASIC = 1u << 0;

    /// <summary>Proposed: the group may run PROT_REGIONs (it gets a protected suspend buffer).</summary>
    [AbiSource(AbiSource.PanthorProposed)]
    public const uint DRM_PANTHOR_GROUP_CREATE_PROTECTED = 1u << 0;

    /// <summary>DRM_PANTHOR_BO_NO_MMAP: never CPU-mapped by userspace.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_BO_NO_MMAP = 1u << 0;

    /// <summary>DRM_PANTHOR_VM_BIND_OP_MAP_READONLY.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_VM_BIND_OP_MAP_READONLY = 1u << 0;

    /// <summary>DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC = 1u << 1;

    /// <summary>DRM_PANTHOR_VM_BIND_OP_MAP_UNCACHED.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_VM_BIND_OP_MAP_UNCACHED = 1u << 2;

    /// <summary>DRM_PANTHOR_VM_BIND_OP_TYPE_MASK.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_VM_BIND_OP_TYPE_MASK = 0xfu << 28;

    /// <summary>DRM_PANTHOR_VM_BIND_OP_TYPE_MAP.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_VM_BIND_OP_TYPE_MAP = 0u << 28;

    /// <summary>DRM_PANTHOR_VM_BIND_OP_TYPE_UNMAP.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_VM_BIND_OP_TYPE_UNMAP = 1u << 28;

    /// <summary>DRM_PANTHOR_VM_BIND_OP_TYPE_SYNC_ONLY.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_VM_BIND_OP_TYPE_SYNC_ONLY = 2u << 28;

    /// <summary>DRM_PANTHOR_VM_BIND_ASYNC.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_VM_BIND_ASYNC = 1u << 0;

    /// <summary>DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_MASK.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_MASK = 0xff;

    /// <summary>DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ = 0;

    /// <summary>DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ = 1;

    /// <summary>DRM_PANTHOR_SYNC_OP_SIGNAL (0 is WAIT).</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_SYNC_OP_SIGNAL = 1u << 31;

    /// <summary>PANTHOR_GROUP_PRIORITY_LOW.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint PANTHOR_GROUP_PRIORITY_LOW = 0;

    /// <summary>PANTHOR_GROUP_PRIORITY_MEDIUM.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint PANTHOR_GROUP_PRIORITY_MEDIUM = 1;

    /// <summary>PANTHOR_GROUP_PRIORITY_HIGH.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint PANTHOR_GROUP_PRIORITY_HIGH = 2;

    /// <summary>PANTHOR_GROUP_PRIORITY_REALTIME.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint PANTHOR_GROUP_PRIORITY_REALTIME = 3;

    /// <summary>DRM_PANTHOR_GROUP_STATE_TIMEDOUT.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_GROUP_STATE_TIMEDOUT = 1u << 0;

    /// <summary>DRM_PANTHOR_GROUP_STATE_FATAL_FAULT.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_GROUP_STATE_FATAL_FAULT = 1u << 1;

    /// <summary>DRM_PANTHOR_GROUP_STATE_INNOCENT.</summary>
    [AbiSource(AbiSource.PanthorHeader)]
    public const uint DRM_PANTHOR_GROUP_STATE_INNOCENT = 1u << 2;
}
