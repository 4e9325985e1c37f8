using System.Text;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Userspace.Selftests;

/// <summary>
/// The selftest's importer: the first /dev/dri/cardN (N &lt; 16) whose DRM_IOCTL_VERSION name is
/// "vgem"; imports a dma-buf with PRIME_FD_TO_HANDLE and releases it with GEM_CLOSE.
/// Disposing closes the card fd (paired with <see cref="TryOpen"/>).
/// </summary>
internal sealed class VgemImporter : IDisposable
{
    private const ulong NameOffset = 512;
    private readonly ISyscalls _sys;
    private readonly UserBuffer _args;

    private VgemImporter(ISyscalls sys, UserBuffer args, int fd)
    {
        _sys = sys;
        _args = args;
        Fd = fd;
    }

    public int Fd { get; }

    /// <summary>The vgem card, or null when no card 0–15 is vgem.</summary>
    public static VgemImporter? TryOpen(ISyscalls sys, UserBuffer args)
    {
        for (var i = 0; i < 16; i++)
        {
            var fd = sys.Open(DrmIoctl.CardPrefix + i, Fcntl.O_RDWR);
            if (fd < 0)
            {
                continue;
            }

            if (IsVgem(args, fd))
            {
                return new VgemImporter(sys, args, fd);
            }

            sys.Close(fd);
        }

        return null;
    }

    /// <summary>DRM_IOCTL_PRIME_FD_TO_HANDLE: the raw result, and the GEM handle on success.</summary>
    public int Import(int dmaBufFd, out uint handle)
    {
        var prime = new DrmPrimeHandle { Fd = dmaBufFd };
        var result = _args.Ioctl(Fd, DrmIoctl.DRM_IOCTL_PRIME_FD_TO_HANDLE, ref prime);
        handle = result == 0 ? prime.Handle : 0;
        return result;
    }

    /// <summary>DRM_IOCTL_GEM_CLOSE; paired with <see cref="Import"/>.</summary>
    public void CloseHandle(uint handle)
    {
        var close = new DrmGemClose { Handle = handle };
        _args.Ioctl(Fd, DrmIoctl.DRM_IOCTL_GEM_CLOSE, ref close);
    }

    public void Dispose() => _sys.Close(Fd);

    private static bool IsVgem(UserBuffer args, int fd)
    {
        args.Write(NameOffset, new byte[5]);
        var version = new DrmVersion { NameLen = 4, Name = args.AddressOf(NameOffset) };
        if (args.Ioctl(fd, DrmIoctl.DRM_IOCTL_VERSION, ref version) != 0 || version.NameLen != 4)
        {
            return false;
        }

        Span<byte> name = stackalloc byte[4];
        args.Read(NameOffset, name);
        return Encoding.ASCII.GetString(name) == "vgem";
    }
}
