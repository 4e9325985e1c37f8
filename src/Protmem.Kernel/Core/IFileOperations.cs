using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Kernel.Core;

/// <summary>
/// What an open file does (<c>struct file_operations</c>), narrowed to the calls the model has. A
/// member a file type does not implement answers as Linux does for a missing hook.
/// </summary>
public interface IFileOperations
{
    /// <summary>unlocked_ioctl: the handler's result or -errno. Default: -ENOTTY (no ioctl hook).</summary>
    int Ioctl(UserProcess caller, OpenFile file, uint request, ulong arg) => -Errno.ENOTTY;

    /// <summary>mmap: map pages into <paramref name="mapping"/>; 0 or -errno. Default: -ENODEV (no mmap hook).</summary>
    int Mmap(UserProcess caller, OpenFile file, UserMapping mapping) => -Errno.ENODEV;

    /// <summary>llseek: the new position or -errno. Default: -ESPIPE (no_llseek).</summary>
    long Lseek(OpenFile file, long offset, int whence) => -Errno.ESPIPE;

    /// <summary>read: copy up to <paramref name="count"/> bytes to user <paramref name="buf"/> from <see cref="OpenFile.Position"/>; bytes read or -errno. Default: -EINVAL (no read hook, as vfs_read).</summary>
    long Read(UserProcess caller, OpenFile file, ulong buf, ulong count) => -Errno.EINVAL;

    /// <summary>write: copy up to <paramref name="count"/> bytes from user <paramref name="buf"/>; bytes written or -errno. Default: -EINVAL (no write hook, as vfs_write).</summary>
    long Write(UserProcess caller, OpenFile file, ulong buf, ulong count) => -Errno.EINVAL;

    /// <summary>poll: the events ready now (<see cref="Uapi.Poll"/> bits). Default: DEFAULT_POLLMASK (a file without a poll hook is always ready).</summary>
    int Poll(UserProcess caller, OpenFile file) => Uapi.Poll.POLLIN | Uapi.Poll.POLLOUT | Uapi.Poll.POLLRDNORM | Uapi.Poll.POLLWRNORM;

    /// <summary>release: the last reference to <paramref name="file"/> is gone.</summary>
    void Release(OpenFile file);
}
