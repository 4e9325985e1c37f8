using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.Fs;

namespace Protmem.Kernel.Fs;

/// <summary>
/// The file operations of a sysfs directory (kernfs_dir_fops): getdents64(2) lists ".", ".." and the
/// entries in order, each record's d_off the position of the next; read(2) is EISDIR; lseek(2) SEEK_SET
/// and SEEK_CUR to an entry position (0 rewinds).
/// </summary>
internal sealed class SysfsDirectoryOperations : IFileOperations
{
    public static SysfsDirectoryOperations Instance { get; } = new();

    public long Read(UserProcess caller, OpenFile file, ulong buf, ulong count) => -Errno.EISDIR;

    public long IterateShared(UserProcess caller, OpenFile file, ulong dirp, ulong count)
    {
        var open = (SysfsOpenFile)file.PrivateData!;
        var node = open.Node;
        var entries = new List<(ulong Ino, byte Type, string Name)>(node.Children.Count + 2)
        {
            (node.Ino, Dirent.DT_DIR, "."),
            ((node.Parent ?? node).Ino, Dirent.DT_DIR, ".."),
        };
        foreach (var child in node.Children)
        {
            entries.Add((child.Ino, child.IsDirectory ? Dirent.DT_DIR : Dirent.DT_REG, child.Name));
        }

        var records = new List<byte>();
        var position = file.Position;
        var buffer = new byte[256];
        while (position < entries.Count)
        {
            var (ino, type, name) = entries[(int)position];
            var length = Dirent.RecordLength(name);
            if ((ulong)(records.Count + length) > count)
            {
                if (records.Count == 0)
                {
                    return -Errno.EINVAL;
                }

                break;
            }

            if (buffer.Length < length)
            {
                buffer = new byte[length];
            }

            Dirent.Write(buffer, ino, position + 1, type, name);
            records.AddRange(buffer.AsSpan(0, length));
            position++;
        }

        if (records.Count > 0 && caller.CopyToUser(dirp, records.ToArray()) < 0)
        {
            return -Errno.EFAULT;
        }

        file.Position = position;
        return records.Count;
    }

    public long Lseek(OpenFile file, long offset, int whence) => SysfsFileOperations.Seek(file, offset, whence);

    public void Release(OpenFile file)
    {
    }
}
