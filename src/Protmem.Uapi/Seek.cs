namespace Protmem.Uapi;

/// <summary>lseek(2) whence values (include/uapi/linux/fs.h).</summary>
public static class Seek
{
    public const int SEEK_SET = 0;
    public const int SEEK_CUR = 1;
    public const int SEEK_END = 2;
}
