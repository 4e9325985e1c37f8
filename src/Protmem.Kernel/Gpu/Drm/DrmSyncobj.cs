using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// A DRM sync object (drivers/gpu/drm/drm_syncobj.c, <c>struct drm_syncobj</c>): a container for a fence that
/// can be replaced, named by a per-file handle or carried by an fd between processes and devices.
/// 1. Created empty (no fence) or, with DRM_SYNCOBJ_CREATE_SIGNALED, holding a signaled stub fence.
/// 2. A driver's submit replaces the fence with its job's done fence (drm_syncobj_replace_fence); SIGNAL puts a
///    signaled stub in, RESET empties it, FD_TO_HANDLE with IMPORT_SYNC_FILE puts a sync_file's fence in.
/// 3. WAIT, a driver's wait dependency, and HANDLE_TO_FD with EXPORT_SYNC_FILE read the current fence.
/// 4. Each handle and each syncobj fd holds a reference (<see cref="Get"/>, paired with <see cref="Put"/>); the
///    last put drops the fence.
/// The object is also its fd's file operations (<c>drm_syncobj_file_fops</c>: release only).
/// </summary>
public sealed class DrmSyncobj : IFileOperations
{
    private int _refCount = 1;

    /// <summary>The fence, or null when the syncobj is empty (reset, or never submitted to).</summary>
    public DmaFence? Fence { get; private set; }

    /// <summary>References held (handles, fds, a wait in progress).</summary>
    public int RefCount => _refCount;

    /// <summary>drm_syncobj_create: one reference; a signaled stub fence with <paramref name="signaled"/>.</summary>
    public static DrmSyncobj Create(bool signaled) => new() { Fence = signaled ? DmaFence.Stub() : null };

    /// <summary>drm_syncobj_get.</summary>
    public DrmSyncobj Get()
    {
        if (_refCount <= 0)
        {
            throw new KernelOopsException("drm_syncobj_get on a freed syncobj");
        }

        _refCount++;
        return this;
    }

    /// <summary>drm_syncobj_put: the last reference drops the fence.</summary>
    public void Put()
    {
        if (_refCount <= 0)
        {
            throw new KernelOopsException("drm_syncobj_put on a freed syncobj");
        }

        if (--_refCount == 0)
        {
            Fence = null;
        }
    }

    /// <summary>drm_syncobj_replace_fence: <paramref name="fence"/> (null empties the syncobj) replaces the current fence.</summary>
    public void ReplaceFence(DmaFence? fence)
    {
        if (_refCount <= 0)
        {
            throw new KernelOopsException("drm_syncobj_replace_fence on a freed syncobj");
        }

        Fence = fence;
    }

    /// <summary>drm_syncobj_file_release: the fd's reference goes.</summary>
    public void Release(OpenFile file) => Put();

    public override string ToString() => $"syncobj ({(Fence is null ? "empty" : Fence.ToString())}, refs {_refCount})";
}
