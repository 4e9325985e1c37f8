namespace Protmem.Kernel.Mm;

/// <summary>
/// The Linux errno values the mm code returns (negated, as the kernel does). Kept local until
/// Protmem.Uapi's errno table is available to this folder; the names are the kernel's so the
/// switch is a rename.
/// </summary>
internal static class MmErrno
{
    public const int EPERM = 1;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EFAULT = 14;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EINVAL = 22;
    public const int EOVERFLOW = 75;
    public const int EOPNOTSUPP = 95;
}
