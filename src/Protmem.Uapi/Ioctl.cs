namespace Protmem.Uapi;

/// <summary>
/// The asm-generic ioctl request encoding (include/uapi/asm-generic/ioctl.h):
/// <c>dir &lt;&lt; 30 | size &lt;&lt; 16 | type &lt;&lt; 8 | nr</c>, with WRITE = 1 (user to kernel)
/// and READ = 2 (kernel to user). The request numbers of each subsystem are constants built
/// from these parts; tests check each one against <see cref="_IOC"/> and against gcc.
/// </summary>
public static class Ioctl
{
    public const int _IOC_NRBITS = 8;
    public const int _IOC_TYPEBITS = 8;
    public const int _IOC_SIZEBITS = 14;
    public const int _IOC_DIRBITS = 2;

    public const uint _IOC_NRMASK = (1u << _IOC_NRBITS) - 1;
    public const uint _IOC_TYPEMASK = (1u << _IOC_TYPEBITS) - 1;
    public const uint _IOC_SIZEMASK = (1u << _IOC_SIZEBITS) - 1;
    public const uint _IOC_DIRMASK = (1u << _IOC_DIRBITS) - 1;

    public const int _IOC_NRSHIFT = 0;
    public const int _IOC_TYPESHIFT = _IOC_NRSHIFT + _IOC_NRBITS;
    public const int _IOC_SIZESHIFT = _IOC_TYPESHIFT + _IOC_TYPEBITS;
    public const int _IOC_DIRSHIFT = _IOC_SIZESHIFT + _IOC_SIZEBITS;

    public const uint _IOC_NONE = 0;
    public const uint _IOC_WRITE = 1;
    public const uint _IOC_READ = 2;

    /// <summary>The direction bits of an _IOW request (user writes, kernel reads).</summary>
    public const uint IOC_IN = _IOC_WRITE << _IOC_DIRSHIFT;

    /// <summary>The direction bits of an _IOR request (kernel writes back).</summary>
    public const uint IOC_OUT = _IOC_READ << _IOC_DIRSHIFT;

    /// <summary>The direction bits of an _IOWR request.</summary>
    public const uint IOC_INOUT = (_IOC_WRITE | _IOC_READ) << _IOC_DIRSHIFT;

    /// <summary>_IOC(dir, type, nr, size); each part must fit its bit field.</summary>
    public static uint _IOC(uint dir, uint type, uint nr, uint size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dir, _IOC_DIRMASK);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(type, _IOC_TYPEMASK);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nr, _IOC_NRMASK);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, _IOC_SIZEMASK);
        return (dir << _IOC_DIRSHIFT) | (type << _IOC_TYPESHIFT) | (nr << _IOC_NRSHIFT) | (size << _IOC_SIZESHIFT);
    }

    /// <summary>_IO(type, nr): no argument struct.</summary>
    public static uint _IO(uint type, uint nr) => _IOC(_IOC_NONE, type, nr, 0);

    /// <summary>_IOR(type, nr, size): the kernel writes <paramref name="size"/> bytes back.</summary>
    public static uint _IOR(uint type, uint nr, uint size) => _IOC(_IOC_READ, type, nr, size);

    /// <summary>_IOW(type, nr, size): the kernel reads <paramref name="size"/> bytes.</summary>
    public static uint _IOW(uint type, uint nr, uint size) => _IOC(_IOC_WRITE, type, nr, size);

    /// <summary>_IOWR(type, nr, size): both.</summary>
    public static uint _IOWR(uint type, uint nr, uint size) => _IOC(_IOC_READ | _IOC_WRITE, type, nr, size);

    public static uint _IOC_DIR(uint request) => (request >> _IOC_DIRSHIFT) & _IOC_DIRMASK;

    public static uint _IOC_TYPE(uint request) => (request >> _IOC_TYPESHIFT) & _IOC_TYPEMASK;

    public static uint _IOC_NR(uint request) => (request >> _IOC_NRSHIFT) & _IOC_NRMASK;

    public static uint _IOC_SIZE(uint request) => (request >> _IOC_SIZESHIFT) & _IOC_SIZEMASK;
}
