namespace Protmem.Uapi;

/// <summary>
/// Where a uapi constant or struct comes from, and so how it can be checked against the
/// machine's real headers (a constant without <see cref="AbiSourceAttribute"/> is <see cref="Header"/>).
/// </summary>
public enum AbiSource
{
    /// <summary>In the kernel's uapi headers (or libc's errno/fcntl/mman) of every supported machine: checked by gcc.</summary>
    Header,

    /// <summary>An enumerator of a header's enum (not a macro): checked by gcc like <see cref="Header"/>, without #ifdef.</summary>
    HeaderEnum,

    /// <summary>
    /// Newer than an older linux-libc-dev (TEE_IOC_SHM_REGISTER_FD, merged in Linux 6.18; SYNC_IOC_SET_DEADLINE,
    /// 6.4): checked by gcc against the header when it has it, else against the merged declaration.
    /// </summary>
    Linux618,

    /// <summary>include/uapi/drm/drm.h, which Debian ships in libdrm-dev rather than linux-libc-dev: checked by gcc against the header when present, else against its declaration.</summary>
    DrmHeader,

    /// <summary>include/uapi/drm/rocket_accel.h (Linux 6.18), which no Debian package on the supported machines ships: checked by gcc against the merged declaration carried in the test (layout and the _IOW/_IOWR arithmetic).</summary>
    RocketHeader,

    /// <summary>include/uapi/drm/panthor_drm.h (Linux 6.18), which no Debian package on the supported machines ships: checked by gcc against the merged declaration carried in the test.</summary>
    PanthorHeader,

    /// <summary>The panthor protected-mode proposals (the 2026 series' DEV_QUERY and group flag, the ENABLE_FW_PROT_MODE ioctl of the 2025 review), never merged: pinned by tests.</summary>
    PanthorProposed,

    /// <summary>The seed design (TEE_IOC_RSTMEM_ALLOC, series v1–v5), never merged: checked by encoding arithmetic and gcc layout only.</summary>
    SeedDesign,

    /// <summary>A kernel-internal value that reaches user space through a uapi field (e.g. the shm flags): pinned by tests.</summary>
    KernelInternal,

    /// <summary>The GlobalPlatform TEE Client API (tee_client_api.h), not a kernel header: pinned by tests.</summary>
    GlobalPlatform,

    /// <summary>A fact of the platforms Protmem models, not a header macro: pinned by tests.</summary>
    Model,

    /// <summary>A proposed uAPI that is not merged (e.g. the vb2 restricted-memory flags): in no header, pinned by tests.</summary>
    Proposed,
}
