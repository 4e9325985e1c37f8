namespace Protmem.Kernel.Mm;

/// <summary>
/// <c>PROT_*</c> and <c>MAP_*</c> values of asm-generic/mman-common.h and mman.h (arm64 uses the
/// generic ones). Kept local until Protmem.Uapi carries them; the names are the header's.
/// </summary>
internal static class MmanFlags
{
    public const int PROT_NONE = 0x0;
    public const int PROT_READ = 0x1;
    public const int PROT_WRITE = 0x2;
    public const int PROT_EXEC = 0x4;

    public const int MAP_SHARED = 0x01;
    public const int MAP_PRIVATE = 0x02;
    public const int MAP_SHARED_VALIDATE = 0x03;
    public const int MAP_DROPPABLE = 0x08;
    public const int MAP_TYPE = 0x0f;
    public const int MAP_FIXED = 0x10;
    public const int MAP_ANONYMOUS = 0x20;
    public const int MAP_GROWSDOWN = 0x0100;
    public const int MAP_DENYWRITE = 0x0800;
    public const int MAP_EXECUTABLE = 0x1000;
    public const int MAP_LOCKED = 0x2000;
    public const int MAP_NORESERVE = 0x4000;
    public const int MAP_POPULATE = 0x8000;
    public const int MAP_NONBLOCK = 0x10000;
    public const int MAP_STACK = 0x20000;
    public const int MAP_HUGETLB = 0x40000;
    public const int MAP_SYNC = 0x80000;
    public const int MAP_FIXED_NOREPLACE = 0x100000;
    public const int MAP_UNINITIALIZED = 0x4000000;

    /// <summary>The flags MAP_SHARED_VALIDATE accepts without the file saying more (<c>LEGACY_MAP_MASK</c>).</summary>
    public const int LEGACY_MAP_MASK = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE
        | MAP_EXECUTABLE | MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE
        | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB;
}
