namespace Protmem.Kernel.Mm;

/// <summary>
/// What an mmap or munmap changed in an address space, for the kernel to act on. The address space
/// holds one reference to its backing object per VMA (as each <c>vm_area_struct</c> holds its
/// <c>vm_file</c>): acquire one for every VMA in <see cref="Opened"/> (vm_ops->open), then release one
/// for every VMA in <see cref="Closed"/> (vm_ops->close); drop the page-table entries of every range in
/// <see cref="Unmapped"/> and release the pages behind it. A middle unmap closes one VMA and opens two.
/// </summary>
public sealed class VmaChanges
{
    internal VmaChanges(VmArea? mapped, IReadOnlyList<VmArea> unmapped, IReadOnlyList<VmArea> opened, IReadOnlyList<VmArea> closed)
    {
        Mapped = mapped;
        Unmapped = unmapped;
        Opened = opened;
        Closed = closed;
    }

    /// <summary>The VMA an mmap created (also listed in <see cref="Opened"/>); null for munmap.</summary>
    public VmArea? Mapped { get; }

    /// <summary>The exact ranges whose pages went away, each with its backing object and offset, in address order.</summary>
    public IReadOnlyList<VmArea> Unmapped { get; }

    /// <summary>VMAs that exist now and did not before: the kernel acquires one backing reference for each.</summary>
    public IReadOnlyList<VmArea> Opened { get; }

    /// <summary>VMAs that no longer exist as they were: the kernel releases one backing reference for each.</summary>
    public IReadOnlyList<VmArea> Closed { get; }

    /// <summary>Nothing changed (a failed call, or an munmap of an empty range).</summary>
    public static VmaChanges None { get; } = new(null, [], [], []);
}
