using Protmem.Hardware;
using Protmem.Hardware.Mmu;
using Protmem.Uapi;

namespace Protmem.Kernel.Mm;

/// <summary>
/// A new file mapping as a file's mmap hook sees it (the <c>vm_area_struct</c> handed to
/// <c>f_op-&gt;mmap</c>): its range, protection, offset into the file, and
/// <see cref="MapPages"/> (remap_pfn_range) to put physical pages into the process's page tables.
/// </summary>
public sealed class UserMapping
{
    private readonly CpuAddressSpace _space;

    internal UserMapping(CpuAddressSpace space, ulong start, ulong length, int prot, int flags, ulong offset)
    {
        _space = space;
        Start = start;
        Length = length;
        Prot = prot;
        Flags = flags;
        Offset = offset;
    }

    /// <summary>First user address (<c>vm_start</c>).</summary>
    public ulong Start { get; }

    /// <summary>Bytes mapped (<c>vm_end - vm_start</c>).</summary>
    public ulong Length { get; }

    /// <summary>PROT_* bits.</summary>
    public int Prot { get; }

    /// <summary>MAP_* flags.</summary>
    public int Flags { get; }

    /// <summary>Byte offset into the file of <see cref="Start"/> (<c>vm_pgoff</c> &lt;&lt; PAGE_SHIFT).</summary>
    public ulong Offset { get; }

    /// <summary>Pages mapped so far.</summary>
    public ulong MappedBytes { get; private set; }

    /// <summary>The CPU permissions of <paramref name="prot"/>: write implies read, as the MMU grants it.</summary>
    public static CpuPermissions PermissionsOf(int prot)
    {
        var permissions = CpuPermissions.None;
        if ((prot & (Mman.PROT_READ | Mman.PROT_WRITE | Mman.PROT_EXEC)) != 0)
        {
            permissions |= CpuPermissions.Read;
        }

        if ((prot & Mman.PROT_WRITE) != 0)
        {
            permissions |= CpuPermissions.Write;
        }

        if ((prot & Mman.PROT_EXEC) != 0)
        {
            permissions |= CpuPermissions.Execute;
        }

        return permissions;
    }

    /// <summary>
    /// Fills the whole mapping from a buffer made of <paramref name="ranges"/> (in buffer order), starting
    /// <paramref name="offset"/> bytes into the buffer (remap_pfn_range over each sg entry): 0, the first
    /// <see cref="MapPages"/> error, or -EINVAL when the buffer ends before the mapping does.
    /// </summary>
    public int MapRanges(IReadOnlyList<PhysRange> ranges, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var done = 0UL;
        foreach (var range in ranges)
        {
            if (done == Length)
            {
                break;
            }

            if (offset >= range.Length)
            {
                offset -= range.Length;
                continue;
            }

            var length = Math.Min(range.Length - offset, Length - done);
            var result = MapPages(done, range.Start + offset, length);
            if (result < 0)
            {
                return result;
            }

            done += length;
            offset = 0;
        }

        return done == Length ? 0 : -Errno.EINVAL;
    }

    /// <summary>
    /// Maps [<paramref name="phys"/>, +<paramref name="length"/>) at <see cref="Start"/> + <paramref name="offsetInMapping"/>:
    /// 0, or -EINVAL when the range is unaligned or leaves the mapping, -EBUSY when a page is mapped already.
    /// </summary>
    public int MapPages(ulong offsetInMapping, PhysAddr phys, ulong length)
    {
        if (((offsetInMapping | length) & HwConstants.PageMask) != 0 || !phys.IsPageAligned || length == 0
            || offsetInMapping > Length || length > Length - offsetInMapping)
        {
            return -Errno.EINVAL;
        }

        var permissions = PermissionsOf(Prot);
        if (permissions == CpuPermissions.None)
        {
            return 0;
        }

        if (!_space.TryMap(new CpuVirtAddr(Start + offsetInMapping), phys, length, permissions))
        {
            return -Errno.EBUSY;
        }

        MappedBytes += length;
        return 0;
    }
}
