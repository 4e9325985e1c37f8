using System.Text;
using Protmem.Kernel.Gpu.Drm;
using Protmem.Uapi;
using Protmem.Uapi.Drm;
using Protmem.Userspace;
using Protmem.Userspace.DmaHeaps;

namespace Protmem.Kernel.Tests.Gpu;

/// <summary>
/// What every DRM driver's node must do through the DRM core, as a program sees it: VERSION, GET_CAP,
/// GEM_CLOSE, PRIME import and export (handles per file, the same dma-buf back, no leak), and Linux's errno
/// for bad input. Each driver runs it through a subclass naming its node and name.
/// </summary>
public abstract class DrmDriverContract
{
    /// <summary>The node the driver's device registers.</summary>
    protected abstract string NodePath { get; }

    /// <summary>The name DRM_IOCTL_VERSION reports.</summary>
    protected abstract string DriverName { get; }

    /// <summary>A kernel with the driver probed.</summary>
    protected abstract KernelContext Boot();

    [Fact]
    public void Version_OfNode_ReportsTheDriverNameAndFullLengths()
    {
        var kernel = Boot();
        using var p = kernel.Spawn("drm");
        using var args = UserBuffer.Map(p, 4096);
        var fd = p.Open(NodePath, Fcntl.O_RDWR);
        Assert.True(fd >= 0, $"open {NodePath}: {fd}");
        var version = new DrmVersion { NameLen = 2, Name = args.AddressOf(1024), DescLen = 64, Desc = args.AddressOf(2048) };
        Assert.Equal(0, args.Ioctl(fd, DrmIoctl.DRM_IOCTL_VERSION, ref version));
        Assert.Equal((ulong)DriverName.Length, version.NameLen);
        var truncated = new byte[3];
        args.Read(1024, truncated);
        Assert.Equal(DriverName[..2] + "\0", Encoding.ASCII.GetString(truncated));
        Assert.True(version.DescLen > 0);
        Assert.Equal(1, version.VersionMajor);
    }

    [Fact]
    public void GetCap_PrimeAndUnknown_ImportExportOrEopnotsupp()
    {
        var kernel = Boot();
        using var p = kernel.Spawn("drm");
        using var args = UserBuffer.Map(p, 4096);
        var fd = p.Open(NodePath, Fcntl.O_RDWR);
        var cap = new DrmGetCap { Capability = DrmIoctl.DRM_CAP_PRIME };
        Assert.Equal(0, args.Ioctl(fd, DrmIoctl.DRM_IOCTL_GET_CAP, ref cap));
        Assert.Equal(DrmIoctl.DRM_PRIME_CAP_IMPORT | DrmIoctl.DRM_PRIME_CAP_EXPORT, cap.Value);
        // 0x99 is no DRM_CAP_* (DUMB_BUFFER, 0x1, is answered by modesetting drivers).
        cap = new DrmGetCap { Capability = 0x99 };
        Assert.Equal(-Errno.EOPNOTSUPP, args.Ioctl(fd, DrmIoctl.DRM_IOCTL_GET_CAP, ref cap));
    }

    [Fact]
    public void PrimeImport_SameBufferTwice_SameHandleAndExportGivesTheSameDmaBuf()
    {
        var kernel = Boot();

        // A first import may allocate an IOMMU page table in the DMA device's domain, which stays (as Linux
        // keeps page tables until the domain goes): the snapshot is taken after one.
        using (var warm = kernel.Spawn("warm-up"))
        {
            using var heaps = new DmaHeapLibrary(warm);
            using var heap = heaps.OpenHeap("system");
            using var buffer = heap.Allocate(64 * 1024);
            using var args = UserBuffer.Map(warm, 4096);
            var fd = warm.Open(NodePath, Fcntl.O_RDWR);
            var prime = new DrmPrimeHandle { Fd = buffer.Fd };
            Assert.Equal(0, args.Ioctl(fd, DrmIoctl.DRM_IOCTL_PRIME_FD_TO_HANDLE, ref prime));
        }

        var before = kernel.Snapshot();
        using (var p = kernel.Spawn("drm"))
        {
            using var args = UserBuffer.Map(p, 4096);
            using var heaps = new DmaHeapLibrary(p);
            using var heap = heaps.OpenHeap("system");
            using var buffer = heap.Allocate(64 * 1024);
            var fd = p.Open(NodePath, Fcntl.O_RDWR);
            var prime = new DrmPrimeHandle { Fd = buffer.Fd };
            Assert.Equal(0, args.Ioctl(fd, DrmIoctl.DRM_IOCTL_PRIME_FD_TO_HANDLE, ref prime));
            var handle = prime.Handle;
            Assert.NotEqual(0u, handle);
            prime = new DrmPrimeHandle { Fd = buffer.Fd };
            Assert.Equal(0, args.Ioctl(fd, DrmIoctl.DRM_IOCTL_PRIME_FD_TO_HANDLE, ref prime));
            Assert.Equal(handle, prime.Handle);

            var export = new DrmPrimeHandle { Handle = handle, Flags = DrmIoctl.DRM_CLOEXEC | DrmIoctl.DRM_RDWR };
            Assert.Equal(0, args.Ioctl(fd, DrmIoctl.DRM_IOCTL_PRIME_HANDLE_TO_FD, ref export));
            Assert.True(export.Fd >= 0);
            Assert.Same(kernel.DmaBufs.Single(), kernel.Processes.Single().Files.TryGet(export.Fd, out var exported) ? exported.PrivateData : null);

            var close = new DrmGemClose { Handle = handle };
            Assert.Equal(0, args.Ioctl(fd, DrmIoctl.DRM_IOCTL_GEM_CLOSE, ref close));
            Assert.Equal(-Errno.EINVAL, args.Ioctl(fd, DrmIoctl.DRM_IOCTL_GEM_CLOSE, ref close));
            p.Close(export.Fd);
            p.Close(fd);
        }

        Assert.Equal(before, kernel.Snapshot());
        Assert.All(kernel.DrmDevices, d => Assert.Empty(d.Objects));
        kernel.AssertInvariants();
    }

    [Fact]
    public void Handles_OfAnotherFile_DoNotResolve()
    {
        var kernel = Boot();
        using var p = kernel.Spawn("drm");
        using var args = UserBuffer.Map(p, 4096);
        using var heaps = new DmaHeapLibrary(p);
        using var heap = heaps.OpenHeap("system");
        using var buffer = heap.Allocate(4096);
        var first = p.Open(NodePath, Fcntl.O_RDWR);
        var second = p.Open(NodePath, Fcntl.O_RDWR);
        var prime = new DrmPrimeHandle { Fd = buffer.Fd };
        Assert.Equal(0, args.Ioctl(first, DrmIoctl.DRM_IOCTL_PRIME_FD_TO_HANDLE, ref prime));
        var export = new DrmPrimeHandle { Handle = prime.Handle };
        Assert.Equal(-Errno.ENOENT, args.Ioctl(second, DrmIoctl.DRM_IOCTL_PRIME_HANDLE_TO_FD, ref export));
        var close = new DrmGemClose { Handle = prime.Handle };
        Assert.Equal(-Errno.EINVAL, args.Ioctl(second, DrmIoctl.DRM_IOCTL_GEM_CLOSE, ref close));
    }

    [Fact]
    public void BadArguments_GetLinuxErrno()
    {
        var kernel = Boot();
        using var p = kernel.Spawn("drm");
        using var args = UserBuffer.Map(p, 4096);
        var fd = p.Open(NodePath, Fcntl.O_RDWR);
        var notDmaBuf = new DrmPrimeHandle { Fd = fd };
        Assert.Equal(-Errno.EINVAL, args.Ioctl(fd, DrmIoctl.DRM_IOCTL_PRIME_FD_TO_HANDLE, ref notDmaBuf));
        var badFd = new DrmPrimeHandle { Fd = 999 };
        Assert.Equal(-Errno.EBADF, args.Ioctl(fd, DrmIoctl.DRM_IOCTL_PRIME_FD_TO_HANDLE, ref badFd));
        var badFlags = new DrmPrimeHandle { Handle = 1, Flags = 0x4 };
        Assert.Equal(-Errno.EINVAL, args.Ioctl(fd, DrmIoctl.DRM_IOCTL_PRIME_HANDLE_TO_FD, ref badFlags));
        var pad = new DrmGemClose { Handle = 1, Pad = 1 };
        Assert.Equal(-Errno.EINVAL, args.Ioctl(fd, DrmIoctl.DRM_IOCTL_GEM_CLOSE, ref pad));
        Assert.Equal(-Errno.EINVAL, p.Ioctl(fd, Ioctl._IOWR('d', 0x9f, 8), args.Address));
        Assert.Equal(-Errno.EINVAL, p.Ioctl(fd, Ioctl._IOWR('d', 0x30, 8), args.Address));
        Assert.Equal(-Errno.EFAULT, p.Ioctl(fd, DrmIoctl.DRM_IOCTL_GET_CAP, 0x10));
        kernel.AssertInvariants();
    }
}
