namespace Protmem.Uapi;

/// <summary>open(2) flags (include/uapi/asm-generic/fcntl.h; octal in the header, hex here).</summary>
public static class Fcntl
{
    public const int O_RDONLY = 0x0;
    public const int O_WRONLY = 0x1;
    public const int O_RDWR = 0x2;
    public const int O_ACCMODE = 0x3;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NONBLOCK = 0x800;
    public const int O_DSYNC = 0x1000;

    /// <summary>O_DIRECTORY: fail with ENOTDIR unless the path is a directory (asm-generic; arm64's header has 0x4000).</summary>
    public const int O_DIRECTORY = 0x10000;
    public const int O_CLOEXEC = 0x80000;

    /// <summary>O_SYNC is __O_SYNC | O_DSYNC.</summary>
    public const int O_SYNC = 0x101000;
}
