namespace Protmem.Uapi;

/// <summary>mmap(2) protections and flags (include/uapi/asm-generic/mman-common.h, mman.h).</summary>
public static class Mman
{
    public const int PROT_NONE = 0x0;
    public const int PROT_READ = 0x1;
    public const int PROT_WRITE = 0x2;
    public const int PROT_EXEC = 0x4;

    public const int MAP_SHARED = 0x01;
    public const int MAP_PRIVATE = 0x02;
    public const int MAP_FIXED = 0x10;
    public const int MAP_ANONYMOUS = 0x20;

    /// <summary>The page size of every platform Protmem models (4 KiB).</summary>
    [AbiSource(AbiSource.Model)]
    public const int PAGE_SIZE = 4096;
}
