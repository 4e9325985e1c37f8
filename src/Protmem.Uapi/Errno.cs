using System.Collections.Frozen;

namespace Protmem.Uapi;

/// <summary>
/// Linux errno values (include/uapi/asm-generic/errno-base.h and errno.h). System calls
/// return them negated. <see cref="Name"/> and <see cref="Message"/> turn a value into
/// the symbol and the strerror(3) text, for messages.
/// </summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int E2BIG = 7;
    public const int ENOEXEC = 8;
    public const int EBADF = 9;
    public const int ECHILD = 10;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EFAULT = 14;
    public const int ENOTBLK = 15;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENODEV = 19;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENFILE = 23;
    public const int EMFILE = 24;
    public const int ENOTTY = 25;
    public const int ETXTBSY = 26;
    public const int EFBIG = 27;
    public const int ENOSPC = 28;
    public const int ESPIPE = 29;
    public const int EROFS = 30;
    public const int EMLINK = 31;
    public const int EPIPE = 32;
    public const int EDOM = 33;
    public const int ERANGE = 34;
    public const int EDEADLK = 35;
    public const int ENAMETOOLONG = 36;
    public const int ENOLCK = 37;
    public const int ENOSYS = 38;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;
    public const int ETIME = 62;
    public const int EOVERFLOW = 75;
    public const int EOPNOTSUPP = 95;
    public const int EADDRINUSE = 98;
    public const int ENOBUFS = 105;
    public const int ETIMEDOUT = 110;
    public const int ECANCELED = 125;

    private static readonly FrozenDictionary<int, (string Name, string Message)> Table =
        new Dictionary<int, (string, string)>
        {
            [EPERM] = ("EPERM", "Operation not permitted"),
            [ENOENT] = ("ENOENT", "No such file or directory"),
            [ESRCH] = ("ESRCH", "No such process"),
            [EINTR] = ("EINTR", "Interrupted system call"),
            [EIO] = ("EIO", "Input/output error"),
            [ENXIO] = ("ENXIO", "No such device or address"),
            [E2BIG] = ("E2BIG", "Argument list too long"),
            [ENOEXEC] = ("ENOEXEC", "Exec format error"),
            [EBADF] = ("EBADF", "Bad file descriptor"),
            [ECHILD] = ("ECHILD", "No child processes"),
            [EAGAIN] = ("EAGAIN", "Resource temporarily unavailable"),
            [ENOMEM] = ("ENOMEM", "Cannot allocate memory"),
            [EACCES] = ("EACCES", "Permission denied"),
            [EFAULT] = ("EFAULT", "Bad address"),
            [ENOTBLK] = ("ENOTBLK", "Block device required"),
            [EBUSY] = ("EBUSY", "Device or resource busy"),
            [EEXIST] = ("EEXIST", "File exists"),
            [EXDEV] = ("EXDEV", "Invalid cross-device link"),
            [ENODEV] = ("ENODEV", "No such device"),
            [ENOTDIR] = ("ENOTDIR", "Not a directory"),
            [EISDIR] = ("EISDIR", "Is a directory"),
            [EINVAL] = ("EINVAL", "Invalid argument"),
            [ENFILE] = ("ENFILE", "Too many open files in system"),
            [EMFILE] = ("EMFILE", "Too many open files"),
            [ENOTTY] = ("ENOTTY", "Inappropriate ioctl for device"),
            [ETXTBSY] = ("ETXTBSY", "Text file busy"),
            [EFBIG] = ("EFBIG", "File too large"),
            [ENOSPC] = ("ENOSPC", "No space left on device"),
            [ESPIPE] = ("ESPIPE", "Illegal seek"),
            [EROFS] = ("EROFS", "Read-only file system"),
            [EMLINK] = ("EMLINK", "Too many links"),
            [EPIPE] = ("EPIPE", "Broken pipe"),
            [EDOM] = ("EDOM", "Numerical argument out of domain"),
            [ERANGE] = ("ERANGE", "Numerical result out of range"),
            [EDEADLK] = ("EDEADLK", "Resource deadlock avoided"),
            [ENAMETOOLONG] = ("ENAMETOOLONG", "File name too long"),
            [ENOLCK] = ("ENOLCK", "No locks available"),
            [ENOSYS] = ("ENOSYS", "Function not implemented"),
            [ENOTEMPTY] = ("ENOTEMPTY", "Directory not empty"),
            [ELOOP] = ("ELOOP", "Too many levels of symbolic links"),
            [ETIME] = ("ETIME", "Timer expired"),
            [EOVERFLOW] = ("EOVERFLOW", "Value too large for defined data type"),
            [EOPNOTSUPP] = ("EOPNOTSUPP", "Operation not supported"),
            [EADDRINUSE] = ("EADDRINUSE", "Address already in use"),
            [ENOBUFS] = ("ENOBUFS", "No buffer space available"),
            [ETIMEDOUT] = ("ETIMEDOUT", "Connection timed out"),
            [ECANCELED] = ("ECANCELED", "Operation canceled"),
        }.ToFrozenDictionary();

    /// <summary>The symbol of <paramref name="errno"/> ("EINVAL"); a negated value is accepted. Unknown values read "E?&lt;n&gt;".</summary>
    public static string Name(int errno)
    {
        var value = Math.Abs(errno);
        return Table.TryGetValue(value, out var entry) ? entry.Name : $"E?{value}";
    }

    /// <summary>The strerror(3) text of <paramref name="errno"/> ("Invalid argument"); a negated value is accepted.</summary>
    public static string Message(int errno)
    {
        var value = Math.Abs(errno);
        return Table.TryGetValue(value, out var entry) ? entry.Message : $"Unknown error {value}";
    }

    /// <summary>"EINVAL (Invalid argument)": the form error messages use.</summary>
    public static string Describe(int errno) => $"{Name(errno)} ({Message(errno)})";

    /// <summary>Whether <paramref name="errno"/> (positive or negated) has a symbol here.</summary>
    public static bool IsKnown(int errno) => Table.ContainsKey(Math.Abs(errno));
}
