using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Kernel.Media.V4l2;

/// <summary>
/// The V4L2 core's device node (struct video_device, v4l2-dev.c).
/// 1. <see cref="Register"/> (video_register_device) takes the lowest free /dev/videoN.
/// 2. open(2) makes a <see cref="V4l2Fh"/> and calls the driver's open; the file's ioctls and poll go
///    through <see cref="V4l2FileOperations"/> (v4l2-ioctl.c).
/// 3. The last close calls the driver's release.
/// 4. <see cref="Unregister"/> (video_unregister_device, paired) removes the node; open files stay valid.
/// </summary>
public sealed class VideoDevice : IDeviceNode
{
    private readonly KernelContext _kernel;
    private readonly List<V4l2Fh> _open = [];
    private readonly V4l2FileOperations _fops;

    private VideoDevice(KernelContext kernel, PlatformDevice device, string name, uint deviceCaps, IV4l2FileOps fileOps, IV4l2IoctlOps ioctlOps, string path)
    {
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

    /// <summary>"/dev/videoN".</summary>
    public string Path { get; }

    /// <summary>Open files.</summary>
    public IReadOnlyList<V4l2Fh> OpenFiles => _open;

    /// <summary>video_register_device(VFL_TYPE_VIDEO, -1): the node at the lowest free /dev/videoN, or -ENFILE when all 256 are taken.</summary>
    public static int Register(KernelContext kernel, PlatformDevice device, string name, uint deviceCaps, IV4l2FileOps fileOps, IV4l2IoctlOps ioctlOps, out VideoDevice? vdev)
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

            var candidate = new VideoDevice(kernel, device, name, deviceCaps, fileOps, ioctlOps, path);
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
