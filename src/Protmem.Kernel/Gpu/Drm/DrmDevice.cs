using Protmem.Hardware;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// A DRM device (drivers/gpu/drm/drm_drv.c; drivers/accel for compute accelerators): one driver, the
/// device its DMA goes through, and its nodes.
/// 1. <see cref="Register"/> (drm_dev_register): a compute-accel driver gets /dev/accel/accelN; any other
///    gets /dev/dri/cardN and, with DRIVER_RENDER, /dev/dri/renderD(128+N) (N the lowest free).
/// 2. open(2) of a node makes a <see cref="DrmFile"/> (the driver's open hook may refuse it).
/// 3. ioctl(2) goes through drm_ioctl (DrmDevice.Ioctl.cs): the core table, or the driver's.
/// 4. GEM objects get per-file handles (DrmDevice.Gem.cs); PRIME imports and exports dma-bufs (DrmDevice.Prime.cs);
///    a DRIVER_SYNCOBJ driver's files hold sync objects (DrmDevice.Syncobj.cs).
/// 5. mmap(2) of a file at an object's fake offset maps the object's pages.
/// 6. A DRIVER_MODESET driver has a <see cref="ModeConfig"/> (DrmDevice.Mode*.cs); the first file opened on the
///    primary node becomes the DRM master (DrmDevice.Master.cs); read(2) returns queued events.
/// 7. The last reference to a file releases its framebuffers and blobs, its GEM and syncobj handles and its mastership, then the
///    driver's postclose runs.
/// </summary>
public sealed partial class DrmDevice : IFileOperations
{
    /// <summary>DRM_FILE_PAGE_OFFSET_START on 64-bit: fake mmap offsets start above 4 GiB.</summary>
    public const ulong FilePageOffsetStart = (0xFFFF_FFFFUL >> HwConstants.PageShift) + 1;

    private readonly List<DrmMinor> _minors = [];
    private readonly List<DrmFile> _files = [];
    private readonly HashSet<DrmGemObject> _objects = [];
    private readonly DrmGemPrimeOps _primeOps;
    private ulong _nextMmapPage = FilePageOffsetStart;
    private int _nextFileId = 1;

    private DrmDevice(KernelContext kernel, DrmDriver driver, PlatformDevice dmaDevice)
    {
        Kernel = kernel;
        Driver = driver;
        DmaDevice = dmaDevice;
        _primeOps = new DrmGemPrimeOps(kernel);
    }

    public KernelContext Kernel { get; }

    public DrmDriver Driver { get; }

    /// <summary>The device DMA and PRIME imports go through (<c>drm_device.dev</c>).</summary>
    public PlatformDevice DmaDevice { get; }

    /// <summary>The device's nodes.</summary>
    public IReadOnlyList<DrmMinor> Minors => _minors;

    /// <summary>Open files, in open order.</summary>
    public IReadOnlyList<DrmFile> Files => _files;

    /// <summary>The modesetting objects of a DRIVER_MODESET driver (set by <see cref="DrmModeConfig.Init"/>), or null.</summary>
    public DrmModeConfig? ModeConfig { get; internal set; }

    /// <summary>The current DRM master (<c>dev->master</c>'s file), or null.</summary>
    public DrmFile? Master { get; private set; }

    /// <summary>Live GEM objects.</summary>
    public IReadOnlyCollection<DrmGemObject> Objects => _objects;

    /// <summary>drm_dev_alloc + drm_dev_register: the device with its nodes under /dev.</summary>
    public static DrmDevice Register(KernelContext kernel, DrmDriver driver, PlatformDevice dmaDevice)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(dmaDevice);
        var device = new DrmDevice(kernel, driver, dmaDevice);
        if ((driver.Features & DrmDriverFeatures.ComputeAccel) != 0)
        {
            device.AddMinor(DrmMinorType.Accel, DrmIoctl.AccelPrefix, 0);
        }
        else
        {
            var index = device.AddMinor(DrmMinorType.Primary, DrmIoctl.CardPrefix, 0);
            if ((driver.Features & DrmDriverFeatures.Render) != 0)
            {
                device.AddMinor(DrmMinorType.Render, DrmIoctl.RenderPrefix, DrmIoctl.RenderMinorBase + index);
            }
        }

        kernel.AddDrmDevice(device);
        return device;
    }

    /// <summary>drm_gem_mmap: maps the object at the mapping's fake offset; -EINVAL for no object there, -EACCES for an object this file has no handle to.</summary>
    public int Mmap(UserProcess caller, OpenFile file, UserMapping mapping)
    {
        var drmFile = (DrmFile)file.PrivateData!;
        var obj = _objects.FirstOrDefault(o => mapping.Offset >= o.MmapOffset && mapping.Offset < o.MmapOffset + o.Size);
        if (obj is null || mapping.Length > obj.Size - (mapping.Offset - obj.MmapOffset))
        {
            return -Errno.EINVAL;
        }

        if (!drmFile.Handles.Values.Contains(obj))
        {
            return -Errno.EACCES;
        }

        var result = MapObjectPages(obj, mapping, mapping.Offset - obj.MmapOffset);
        if (result == 0)
        {
            drmFile.PinForMmap(obj);
        }

        return result;
    }

    /// <summary>The last reference to a DRM file: drm_file_free.</summary>
    public void Release(OpenFile file)
    {
        var drmFile = (DrmFile)file.PrivateData!;
        ModeConfig?.FileRelease(drmFile);
        drmFile.Release();
        if (drmFile.IsMaster)
        {
            // drm_master_release.
            drmFile.IsMaster = false;
            Master = null;
        }

        Driver.PostClose(drmFile);
        _files.Remove(drmFile);
    }

    /// <summary>
    /// drm_read: as many complete queued events as fit in <paramref name="count"/> bytes (0 when the first does not fit).
    /// Model: with nothing queued a blocking read would sleep until the next event, and nothing else runs while
    /// it sleeps; it answers -EAGAIN as a non-blocking read does.
    /// </summary>
    public long Read(UserProcess caller, OpenFile file, ulong buf, ulong count)
    {
        var drmFile = (DrmFile)file.PrivateData!;
        if (drmFile.PendingEvents == 0)
        {
            return -Errno.EAGAIN;
        }

        ulong copied = 0;
        while (drmFile.TakeEvent(count - copied) is { } bytes)
        {
            if (caller.CopyToUser(buf + copied, bytes) < 0)
            {
                return copied > 0 ? (long)copied : -Errno.EFAULT;
            }

            copied += (ulong)bytes.Length;
        }

        return (long)copied;
    }

    /// <summary>drm_poll: readable while an event is queued; always writable.</summary>
    public int Poll(UserProcess caller, OpenFile file)
    {
        var drmFile = (DrmFile)file.PrivateData!;
        return Uapi.Poll.POLLOUT | Uapi.Poll.POLLWRNORM | (drmFile.PendingEvents > 0 ? Uapi.Poll.POLLIN | Uapi.Poll.POLLRDNORM : 0);
    }

    /// <summary>Checks every file's handles and the driver's state.</summary>
    public void AssertInvariants()
    {
        ModeConfig?.AssertInvariants();
        foreach (var file in _files)
        {
            file.AssertInvariants();
        }

        foreach (var obj in _objects)
        {
            if (obj.IsFreed)
            {
                throw new KernelOopsException($"the live objects of {Driver.Name} are not freed ({obj})");
            }
        }

        Driver.AssertInvariants(this);
    }

    public override string ToString() => $"drm {Driver.Name} ({string.Join(", ", _minors)})";

    /// <summary>Maps the pages of <paramref name="obj"/> from <paramref name="offset"/> into <paramref name="mapping"/>.</summary>
    internal static int MapObjectPages(DrmGemObject obj, UserMapping mapping, ulong offset) => mapping.MapRanges(obj.Backing, offset);

    /// <summary>drm_open: a new DRM file on <paramref name="minor"/>, or the driver's error.</summary>
    internal int Open(DrmMinor minor, UserProcess caller, int flags, out OpenFile? file)
    {
        file = null;
        var drmFile = new DrmFile(minor, caller, _nextFileId++);
        var result = Driver.Open(drmFile);
        if (result < 0)
        {
            return result;
        }

        if (minor.Type == DrmMinorType.Primary && Master is null)
        {
            // drm_master_open: the first file on the primary node becomes master.
            Master = drmFile;
            drmFile.IsMaster = true;
            drmFile.WasMaster = true;
        }

        _files.Add(drmFile);
        file = Kernel.CreateFile(this, drmFile, flags);
        return 0;
    }

    /// <summary>drm_vma_offset_add: a fake mmap offset range for a new object.</summary>
    internal ulong AllocMmapOffset(ulong size)
    {
        var offset = _nextMmapPage << HwConstants.PageShift;
        _nextMmapPage += (size + HwConstants.PageMask) >> HwConstants.PageShift;
        return offset;
    }

    /// <summary>drm_gem_shmem: zeroed pages for <paramref name="size"/> bytes (page-aligned), or false when memory is short.</summary>
    internal bool TryAllocShmemPages(ulong size, out PhysRange[] pages)
    {
        var count = (int)(size >> HwConstants.PageShift);
        pages = new PhysRange[count];
        for (var i = 0; i < count; i++)
        {
            if (!Kernel.Pages.TryAllocPages(0, MigrateType.Unmovable, null, zero: true, out var page))
            {
                FreeShmemPages(pages.AsSpan(0, i).ToArray());
                pages = [];
                return false;
            }

            pages[i] = new PhysRange(page, HwConstants.PageSize);
        }

        return true;
    }

    internal void FreeShmemPages(IReadOnlyList<PhysRange> pages)
    {
        foreach (var page in pages)
        {
            Kernel.Pages.FreePages(page.Start, 0);
        }
    }

    /// <summary>
    /// drm_dev_unregister: the device nodes go, so nothing new opens; files already open keep their
    /// handles and buffers until they close, as on an unplugged device.
    /// </summary>
    public void Unregister()
    {
        foreach (var minor in _minors)
        {
            Kernel.DeviceNodes.Unregister(minor.Path);
        }

        _minors.Clear();
        Kernel.RemoveDrmDevice(this);
    }

    internal void OnGemCreated(DrmGemObject obj) => _objects.Add(obj);

    internal void OnGemFreed(DrmGemObject obj) => _objects.Remove(obj);

    private int AddMinor(DrmMinorType type, string prefix, int firstIndex)
    {
        for (var index = firstIndex; index < firstIndex + 64; index++)
        {
            var path = prefix + index;
            if (Kernel.DeviceNodes.Exists(path))
            {
                continue;
            }

            var minor = new DrmMinor(this, type, index, path);
            if (!Kernel.DeviceNodes.TryRegister(path, minor, DmaDevice))
            {
                continue;
            }

            _minors.Add(minor);
            return index - firstIndex;
        }

        throw new KernelOopsException($"no free DRM minor under {prefix} for {Driver.Name}");
    }
}
