using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Uapi;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// An open DRM file (<c>struct drm_file</c>): the minor it was opened through, its GEM handle table
/// (<c>object_idr</c>: the lowest free handle from 1), its sync object handles (<c>syncobj_idr</c>, likewise), the
/// dma-bufs it imported or exported
/// (<c>drm_prime_file_private</c>), its modesetting client caps and master status, the events waiting to be
/// read, and the driver's per-file data.
/// A handle resolves only in the file that holds it.
/// </summary>
public sealed class DrmFile
{
    private readonly SortedDictionary<uint, DrmGemObject> _handles = [];
    private readonly Dictionary<DmaBuf, uint> _prime = [];
    private readonly HashSet<DrmGemObject> _mmapped = [];
    private readonly Queue<byte[]> _events = new();
    private readonly SortedDictionary<uint, DrmSyncobj> _syncobjs = [];

    internal DrmFile(DrmMinor minor, UserProcess opener, int id)
    {
        Minor = minor;
        OwnerPid = opener.Pid;
        OwnerName = opener.Name;
        Id = id;
    }

    public DrmMinor Minor { get; }

    public DrmDevice Device => Minor.Device;

    /// <summary>The process that opened the file (<c>pid</c>).</summary>
    public int OwnerPid { get; }

    /// <summary>Its name, for reports.</summary>
    public string OwnerName { get; }

    /// <summary>A number unique on the device (<c>client_id</c>).</summary>
    public int Id { get; }

    /// <summary>The driver's per-file data (<c>driver_priv</c>).</summary>
    public object? DriverPriv { get; set; }

    /// <summary>Live handles.</summary>
    public int HandleCount => _handles.Count;

    /// <summary>The objects with a handle in this file, by handle.</summary>
    public IReadOnlyDictionary<uint, DrmGemObject> Handles => _handles;

    /// <summary>DRM_CLIENT_CAP_ATOMIC (<c>atomic</c>): atomic properties are visible and MODE_ATOMIC is allowed.</summary>
    public bool Atomic { get; internal set; }

    /// <summary>DRM_CLIENT_CAP_UNIVERSAL_PLANES (<c>universal_planes</c>): primary and cursor planes are listed.</summary>
    public bool UniversalPlanes { get; internal set; }

    /// <summary>The file is its device's current DRM master (drm_is_current_master).</summary>
    public bool IsMaster { get; internal set; }

    /// <summary>The file has been master once (<c>was_master</c>): its opener may take mastership back without CAP_SYS_ADMIN.</summary>
    public bool WasMaster { get; internal set; }

    /// <summary>Events queued for read(2) (<c>event_list</c>).</summary>
    public int PendingEvents => _events.Count;

    /// <summary>True once the file is released.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Live sync object handles (<c>syncobj_idr</c>).</summary>
    public int SyncobjCount => _syncobjs.Count;

    /// <summary>drm_syncobj_find: the syncobj named by <paramref name="handle"/> in this file (no reference taken), or false.</summary>
    public bool TryLookupSyncobj(uint handle, out DrmSyncobj syncobj) => _syncobjs.TryGetValue(handle, out syncobj!);

    /// <summary>drm_syncobj_get_handle: a new handle (the lowest free from 1) holding a reference of its own; 0 or -ENOSPC.</summary>
    public int SyncobjHandleCreate(DrmSyncobj syncobj, out uint handle)
    {
        ArgumentNullException.ThrowIfNull(syncobj);
        handle = LowestFree(_syncobjs.Keys);
        if (handle == 0)
        {
            return -Errno.ENOSPC;
        }

        _syncobjs.Add(handle, syncobj.Get());
        return 0;
    }

    /// <summary>drm_syncobj_destroy: 0, or -EINVAL for a handle this file does not hold.</summary>
    public int SyncobjHandleDelete(uint handle)
    {
        if (!_syncobjs.Remove(handle, out var syncobj))
        {
            return -Errno.EINVAL;
        }

        syncobj.Put();
        return 0;
    }

    /// <summary>drm_gem_object_lookup: the object named by <paramref name="handle"/> in this file (no reference taken), or false.</summary>
    public bool TryLookup(uint handle, out DrmGemObject obj) => _handles.TryGetValue(handle, out obj!);

    /// <summary>drm_gem_handle_create: a new handle holding a reference of its own. 0, or -ENOSPC when no handle is left.</summary>
    public int HandleCreate(DrmGemObject obj, out uint handle)
    {
        ArgumentNullException.ThrowIfNull(obj);
        handle = LowestFree(_handles.Keys);
        if (handle == 0)
        {
            return -Errno.ENOSPC;
        }

        _handles.Add(handle, obj.Get());
        obj.HandleCount++;
        return 0;
    }

    /// <summary>drm_gem_handle_delete: 0, or -EINVAL for a handle this file does not hold.</summary>
    public int HandleDelete(uint handle)
    {
        if (!_handles.Remove(handle, out var obj))
        {
            return -Errno.EINVAL;
        }

        ReleaseHandle(handle, obj);
        return 0;
    }

    /// <summary>The handle this file has for <paramref name="buffer"/> (drm_prime_lookup_buf_handle), if any.</summary>
    internal bool TryLookupPrime(DmaBuf buffer, out uint handle) => _prime.TryGetValue(buffer, out handle);

    /// <summary>drm_send_event: queues a complete event for read(2).</summary>
    internal void QueueEvent(byte[] bytes) => _events.Enqueue(bytes);

    /// <summary>drm_read: the next event if it fits in <paramref name="room"/> bytes, taken off the queue.</summary>
    internal byte[]? TakeEvent(ulong room) => _events.TryPeek(out var next) && (ulong)next.Length <= room ? _events.Dequeue() : null;

    /// <summary>drm_prime_add_buf_handle: remembers that <paramref name="handle"/> is <paramref name="buffer"/> in this file.</summary>
    internal void AddPrime(DmaBuf buffer, uint handle) => _prime[buffer] = handle;

    /// <summary>
    /// Model: an object this file mmapped keeps a reference until the file is released (Linux's VMA holds
    /// one until munmap); the file itself outlives every mapping of it, so no page is freed while mapped.
    /// </summary>
    internal void PinForMmap(DrmGemObject obj)
    {
        if (_mmapped.Add(obj))
        {
            obj.Get();
        }
    }

    /// <summary>drm_gem_release and drm_prime_destroy_file_private: every handle goes.</summary>
    internal void Release()
    {
        foreach (var (handle, obj) in _handles.ToList())
        {
            _handles.Remove(handle);
            ReleaseHandle(handle, obj);
        }

        foreach (var obj in _mmapped)
        {
            obj.Put();
        }

        _mmapped.Clear();
        foreach (var syncobj in _syncobjs.Values)
        {
            // drm_syncobj_release: paired with the handle's reference.
            syncobj.Put();
        }

        _syncobjs.Clear();
        _prime.Clear();
        _events.Clear();
        IsClosed = true;
    }

    /// <summary>Checks the handle table against the objects.</summary>
    internal void AssertInvariants()
    {
        foreach (var (handle, obj) in _handles)
        {
            if (obj.IsFreed || obj.HandleCount <= 0)
            {
                throw new KernelOopsException($"handle {handle} of DRM file {Id} names a live object with a handle count");
            }
        }

        foreach (var (handle, syncobj) in _syncobjs)
        {
            if (syncobj.RefCount <= 0)
            {
                throw new KernelOopsException($"syncobj handle {handle} of DRM file {Id} names a syncobj with a reference");
            }
        }

        foreach (var (buffer, handle) in _prime)
        {
            if (!_handles.ContainsKey(handle))
            {
                throw new KernelOopsException($"the PRIME entry of {buffer} in DRM file {Id} names a live handle");
            }
        }
    }

    /// <summary>idr_alloc(.., 1, 0): the lowest handle from 1 not in <paramref name="used"/> (sorted), or 0 when none is left.</summary>
    private static uint LowestFree(IEnumerable<uint> used)
    {
        var handle = 1U;
        foreach (var taken in used)
        {
            if (taken != handle)
            {
                break;
            }

            handle++;
        }

        return handle > int.MaxValue ? 0 : handle;
    }

    private void ReleaseHandle(uint handle, DrmGemObject obj)
    {
        foreach (var (buffer, h) in _prime.ToList())
        {
            if (h == handle)
            {
                _prime.Remove(buffer);
            }
        }

        obj.HandleCount--;
        obj.Put();
    }

    public override string ToString() => $"drm-file {Id} of {OwnerName}[{OwnerPid}] on {Minor}";
}
