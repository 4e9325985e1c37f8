using System.Text;
using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Kernel.Fs;

/// <summary>
/// The file operations of a sysfs attribute (kernfs_file_fops over seq_file): read(2) runs the
/// attribute's show at position 0 and returns the text from the file position on; lseek(2) takes
/// SEEK_SET and SEEK_CUR (seq_lseek); no ioctl, no mmap, no write (the tree is read-only).
/// </summary>
internal sealed class SysfsFileOperations : IFileOperations
{
    /// <summary>A show callback fills at most one page (sysfs_emit's PAGE_SIZE).</summary>
    private const int ShowLimit = 4096;

    public static SysfsFileOperations Instance { get; } = new();

    public long Read(UserProcess caller, OpenFile file, ulong buf, ulong count)
    {
        var open = (SysfsOpenFile)file.PrivateData!;
        if (open.Text is null || file.Position == 0)
        {
            var text = Encoding.UTF8.GetBytes(open.Node.Show!());
            if (text.Length > ShowLimit)
            {
                throw new KernelOopsException($"{open.Node} shows {text.Length} bytes, more than a page");
            }

            open.Text = text;
        }

        var start = (int)Math.Min(file.Position, open.Text.Length);
        var length = (int)Math.Min(count, (ulong)(open.Text.Length - start));
        if (length == 0)
        {
            return 0;
        }

        if (caller.CopyToUser(buf, open.Text.AsSpan(start, length)) < 0)
        {
            return -Errno.EFAULT;
        }

        file.Position = start + length;
        return length;
    }

    public long Lseek(OpenFile file, long offset, int whence) => Seek(file, offset, whence);

    public void Release(OpenFile file)
    {
    }

    /// <summary>seq_lseek: SEEK_SET and SEEK_CUR to a non-negative position; anything else EINVAL.</summary>
    internal static long Seek(OpenFile file, long offset, int whence)
    {
        var target = whence switch
        {
            Uapi.Seek.SEEK_SET => offset,
            Uapi.Seek.SEEK_CUR => file.Position + offset,
            _ => -1,
        };
        if (target < 0)
        {
            return -Errno.EINVAL;
        }

        file.Position = target;
        return target;
    }
}
