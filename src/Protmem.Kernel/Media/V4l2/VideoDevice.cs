using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.Videodev2;

namespace Protmem.Kernel.Media.V4l2;

/// <summary>
/// The V4L2 core's device node (struct video_device, v4l2-dev.c).
/// 1. <see cref="Register"/> (video_register_device) takes the lowest free /dev/videoN.
/// 2. open(2) makes a <see cref="V4l2Fh"/> and calls the driver's open; the file's ioctls and poll go
///    through <see cref="V4l2FileOperations"/> (v4l2-ioctl.c): the buffer ioctls to the file's m2m context, or
///    on a device that owns one queue (<see cref="Queue"/>, vdev->queue) to the vb2_ioctl_* helpers.
/// 3. The last close calls the driver's release (which for <see cref="Queue"/> calls <see cref="Vb2FopRelease"/>).
/// 4. <see cref="Unregister"/> (video_unregister_device, paired) removes the node; open files stay valid.
/// </summary>
public sealed class VideoDevice : IDeviceNode
{
    private readonly KernelContext _kernel;
    private readonly List<V4l2Fh> _open = [];
    private readonly V4l2FileOperations _fops;

    private VideoDevice(KernelContext kernel, PlatformDevice device, string name, uint deviceCaps, IV4l2FileOps fileOps, IV4l2IoctlOps ioctlOps, string path, Vb2Queue? queue)
    {
        Queue = queue;
        _kernel = kernel;
        Device = device;
        Name = name;
        DeviceCaps = deviceCaps;
        FileOps = fileOps;
        IoctlOps = ioctlOps;
        Path = path;
        _fops = new V4l2FileOperations(this);
    }

    /// <summary>The platform device (the parent).</summary>
    public PlatformDevice Device { get; }

    /// <summary>video_device.name (what QUERYCAP's card reports by default).</summary>
    public string Name { get; }

    /// <summary>video_device.device_caps.</summary>
    public uint DeviceCaps { get; }

    /// <summary>The driver's open and release.</summary>
    public IV4l2FileOps FileOps { get; }

    /// <summary>The driver's capability and format ioctls.</summary>
    public IV4l2IoctlOps IoctlOps { get; }

    /// <summary>
    /// vdev->queue: the one buffer queue of a device that is not memory-to-memory (a capture device), whose owner is
    /// the file that allocated its buffers; null for an m2m device (each file has its own queues).
    /// </summary>
    public Vb2Queue? Queue { get; }

    /// <summary>"/dev/videoN".</summary>
    public string Path { get; }

    /// <summary>Open files.</summary>
    public IReadOnlyList<V4l2Fh> OpenFiles => _open;

    /// <summary>
    /// video_register_device(VFL_TYPE_VIDEO, -1): the node at the lowest free /dev/videoN, or -ENFILE when all 256 are
    /// taken. A device that is not m2m passes its <paramref name="queue"/> (vdev->queue, set before registering).
    /// </summary>
    public static int Register(KernelContext kernel, PlatformDevice device, string name, uint deviceCaps, IV4l2FileOps fileOps, IV4l2IoctlOps ioctlOps, out VideoDevice? vdev, Vb2Queue? queue = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        vdev = null;
        for (var minor = 0; minor < 256; minor++)
        {
            var path = "/dev/video" + minor;
            if (kernel.DeviceNodes.Exists(path))
            {
                continue;
            }

            var candidate = new VideoDevice(kernel, device, name, deviceCaps, fileOps, ioctlOps, path, queue);
            if (!kernel.DeviceNodes.TryRegister(path, candidate, device))
            {
                throw new KernelOopsException($"{path} is free yet taken");
            }

            vdev = candidate;
            return 0;
        }

        return -Errno.ENFILE;
    }

    /// <summary>video_unregister_device.</summary>
    public void Unregister() => _kernel.DeviceNodes.Unregister(Path);

    /// <summary>v4l2_open: a file handle, and the driver's open.</summary>
    public int Open(UserProcess caller, int flags, out OpenFile? file)
    {
        ArgumentNullException.ThrowIfNull(caller);
        file = null;
        var fh = new V4l2Fh(this, caller.Pid);
        var result = FileOps.Open(fh);
        if (result < 0)
        {
            return result;
        }

        _open.Add(fh);
        file = _kernel.CreateFile(_fops, fh, flags);
        return 0;
    }

    /// <summary>
    /// vb2_fop_release's queue half, for the driver's release: when <paramref name="fh"/> owns <see cref="Queue"/>, the
    /// queue is released (streaming stops, every dma-buf detached and put) and has no owner; another file's close leaves it.
    /// </summary>
    public void Vb2FopRelease(V4l2Fh fh)
    {
        ArgumentNullException.ThrowIfNull(fh);
        if (Queue is { } queue && queue.Owner == fh)
        {
            queue.Release();
            queue.Owner = null;
        }
    }

    /// <summary>check_fmt's direction test: whether buffers of <paramref name="type"/> fit the device (vfl_dir from its caps).</summary>
    internal bool SupportsType(uint type)
    {
        const uint m2m = V4l2Ioctl.V4L2_CAP_VIDEO_M2M_MPLANE;
        return type switch
        {
            V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE => (DeviceCaps & (m2m | V4l2Ioctl.V4L2_CAP_VIDEO_CAPTURE_MPLANE)) != 0,
            V4l2Ioctl.V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE => (DeviceCaps & (m2m | V4l2Ioctl.V4L2_CAP_VIDEO_OUTPUT_MPLANE)) != 0,
            _ => false,
        };
    }

    /// <summary>v4l2_release: the driver's release.</summary>
    internal void Release(V4l2Fh fh)
    {
        if (!_open.Remove(fh))
        {
            throw new KernelOopsException($"release of a file of {Path} that is not open");
        }

        fh.IsOpen = false;
        FileOps.Release(fh);
    }

    public override string ToString() => Path;
}
