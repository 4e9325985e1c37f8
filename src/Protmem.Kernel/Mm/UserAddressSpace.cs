using Protmem.Kernel.Core;
using static Protmem.Kernel.Mm.MmanFlags;

namespace Protmem.Kernel.Mm;

/// <summary>
/// A process's user address space (<c>struct mm_struct</c>): its VMAs and Linux's rules for mmap
/// and munmap: argument validation in the kernel's order with its errno values, top-down or
/// bottom-up placement, MAP_FIXED replacement, MAP_FIXED_NOREPLACE, splitting on partial unmaps,
/// <c>vm.max_map_count</c>, and the permission check behind copy_to_user / copy_from_user. It keeps
/// bookkeeping only: page tables and pages are the kernel's, driven by <see cref="VmaChanges"/>,
/// and so is the simulated time those cost.
/// <para>Lifecycle:</para>
/// <list type="number">
/// <item>Create with the process's range [<see cref="MmapMinAddr"/>, <see cref="TaskSize"/>) and layout.</item>
/// <item>Prepare: <see cref="PrepareMmap(ulong, ulong, int, int, ulong, out MmapRequest)"/> validates an mmap and picks its address (do_mmap up to the file checks).</item>
/// <item>Commit: after the file's mmap hook agreed, <see cref="CommitMmap"/> replaces what MAP_FIXED covers and inserts the VMA; <see cref="Mmap"/> does both for callers without a hook.</item>
/// <item>Use: <see cref="CanAccess"/> and <see cref="VmasCovering"/> answer copy_to_user / copy_from_user and faults.</item>
/// <item>Unmap: <see cref="Munmap"/>, paired with <see cref="Mmap"/>, removes any page-aligned range, splitting VMAs.</item>
/// <item>Exit: the kernel unmaps [MmapMinAddr, TaskSize) and releases what <see cref="VmaChanges"/> lists.</item>
/// </list>
/// Not modelled, each reported through <see cref="PrepareMmap(ulong, ulong, int, int, ulong, out MmapRequest, out string?)"/>'s
/// <c>notModelled</c> so the kernel records a finding: MAP_HUGETLB anonymous memory (-ENOMEM, as a
/// kernel whose huge-page pool is empty answers) and the growth of a MAP_GROWSDOWN stack (the mapping
/// is made; it does not grow). MAP_DROPPABLE memory is private anonymous memory that is never dropped
/// (Linux drops it only under memory pressure, which the model does not have).
/// Adjacent mappings are not merged (vma_merge): each mmap stays its own VMA until an unmap splits it.
/// </summary>
public sealed class UserAddressSpace
{
    /// <summary>Default lowest mappable address.</summary>
    public const ulong DefaultMmapMinAddr = 0x1000_0000;

    /// <summary>Default end of user space (TASK_SIZE of a 47-bit user range).</summary>
    public const ulong DefaultTaskSize = 0x7fff_ffff_f000;

    /// <summary>Default <c>vm.max_map_count</c>.</summary>
    public const int DefaultMaxMapCount = 65530;

    private readonly VmaTree _vmas = new();

    public UserAddressSpace(ulong mmapMinAddr = DefaultMmapMinAddr, ulong taskSize = DefaultTaskSize, MmapLayout layout = MmapLayout.TopDown, int maxMapCount = DefaultMaxMapCount)
    {
        if ((mmapMinAddr & MmConstants.PageOffsetMask) != 0 || (taskSize & MmConstants.PageOffsetMask) != 0 || mmapMinAddr >= taskSize)
        {
            throw new ArgumentException($"user range [0x{mmapMinAddr:x}, 0x{taskSize:x}) must be page aligned and not empty", nameof(taskSize));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(maxMapCount);
        MmapMinAddr = mmapMinAddr;
        TaskSize = taskSize;
        Layout = layout;
        MaxMapCount = maxMapCount;
    }

    /// <summary>The lowest address a mapping may use (<c>mmap_min_addr</c>; also where bottom-up search starts).</summary>
    public ulong MmapMinAddr { get; }

    /// <summary>The end of user space (<c>TASK_SIZE</c>; also where top-down search starts).</summary>
    public ulong TaskSize { get; }

    public MmapLayout Layout { get; }

    /// <summary><c>vm.max_map_count</c>: more VMAs than this make mmap and splitting unmaps fail with ENOMEM.</summary>
    public int MaxMapCount { get; }

    /// <summary>Number of VMAs (<c>map_count</c>).</summary>
    public int MapCount => _vmas.Count;

    /// <summary>The VMAs in address order.</summary>
    public IReadOnlyList<VmArea> Vmas => _vmas.All;

    /// <summary>
    /// Validates an mmap and chooses its address, changing nothing (do_mmap before the file checks).
    /// Returns the address, or -errno: EINVAL (length 0, offset not page aligned, bad MAP_TYPE,
    /// MAP_FIXED address not aligned), ENOMEM (length rounds past the end, no room, too many maps),
    /// EPERM (MAP_FIXED below <see cref="MmapMinAddr"/>), EEXIST (MAP_FIXED_NOREPLACE over a mapping),
    /// EOPNOTSUPP (MAP_SHARED_VALIDATE with a flag the file does not support), EOVERFLOW.
    /// A mapping without MAP_ANONYMOUS is file-backed; the kernel checks the file's own rules (EACCES, ENODEV).
    /// </summary>
    public long PrepareMmap(ulong addr, ulong length, int prot, int flags, ulong offset, out MmapRequest request) =>
        PrepareMmap(addr, length, prot, flags, offset, out request, out _);

    /// <summary>
    /// <see cref="PrepareMmap(ulong, ulong, int, int, ulong, out MmapRequest)"/>, also saying what of the
    /// request the model does not cover (<paramref name="notModelled"/>, null when all of it is): the
    /// result is then Linux's answer for the configuration the model has (an error, or a mapping
    /// without the missing behaviour).
    /// </summary>
    public long PrepareMmap(ulong addr, ulong length, int prot, int flags, ulong offset, out MmapRequest request, out string? notModelled)
    {
        request = default;
        notModelled = null;
        var anonymous = (flags & MAP_ANONYMOUS) != 0;
        if ((offset & MmConstants.PageOffsetMask) != 0)
        {
            return -MmErrno.EINVAL;
        }

        if ((flags & MAP_HUGETLB) != 0)
        {
            // Model: no hugetlbfs pool; hugetlb_file_setup on a kernel whose pool is empty fails with ENOMEM.
            notModelled = anonymous ? "MAP_HUGETLB anonymous memory (hugetlbfs huge pages)" : null;
            return anonymous ? -MmErrno.ENOMEM : -MmErrno.EINVAL;
        }

        if (length == 0)
        {
            return -MmErrno.EINVAL;
        }

        if ((flags & MAP_FIXED_NOREPLACE) != 0)
        {
            flags |= MAP_FIXED;
        }

        var fixedAddress = (flags & MAP_FIXED) != 0;
        if (!fixedAddress)
        {
            addr &= ~MmConstants.PageOffsetMask;
            if (addr != 0 && addr < MmapMinAddr)
            {
                addr = MmapMinAddr;
            }
        }

        length = MmConstants.PageAlign(length);
        if (length == 0)
        {
            return -MmErrno.ENOMEM;
        }

        var pgoff = offset >> MmConstants.PageShift;
        if (pgoff + (length >> MmConstants.PageShift) < pgoff)
        {
            return -MmErrno.EOVERFLOW;
        }

        if (_vmas.Count > MaxMapCount)
        {
            return -MmErrno.ENOMEM;
        }

        var area = GetUnmappedArea(addr, length, flags);
        if (area < 0)
        {
            return area;
        }

        addr = (ulong)area;
        if ((flags & MAP_FIXED_NOREPLACE) != 0 && _vmas.Meets(addr, addr + length))
        {
            return -MmErrno.EEXIST;
        }

        var typeError = anonymous ? CheckAnonymousType(ref flags, ref offset) : CheckFileType(ref flags);
        if (typeError != 0)
        {
            return typeError;
        }

        if ((flags & MAP_GROWSDOWN) != 0)
        {
            // Model: VM_GROWSDOWN is kept as a plain mapping; a fault just below it does not grow it.
            notModelled = "MAP_GROWSDOWN stack growth (the mapping is made but never grows)";
        }

        if (fixedAddress && _vmas.RemovalSplitsOne(addr, addr + length) && _vmas.Count >= MaxMapCount)
        {
            return -MmErrno.ENOMEM;
        }

        request = new MmapRequest(addr, length, prot & (PROT_READ | PROT_WRITE | PROT_EXEC), flags, offset);
        return (long)addr;
    }

    /// <summary>
    /// Inserts a prepared mapping backed by <paramref name="backing"/>. With MAP_FIXED it first removes
    /// whatever the range held (mmap_region). The kernel acquires a backing reference for each
    /// <see cref="VmaChanges.Opened"/> VMA and releases one for each <see cref="VmaChanges.Closed"/> one.
    /// </summary>
    /// <exception cref="KernelOopsException">The request was not prepared here, or the space changed since.</exception>
    public VmaChanges CommitMmap(MmapRequest request, object? backing)
    {
        var end = request.Addr + request.Length;
        if (request.Length == 0 || ((request.Addr | request.Length) & MmConstants.PageOffsetMask) != 0
            || request.Addr < MmapMinAddr || end > TaskSize || end < request.Addr)
        {
            throw new KernelOopsException("a committed mmap is one PrepareMmap returned", request.ToString());
        }

        var replaces = _vmas.Meets(request.Addr, end);
        if ((request.Flags & MAP_FIXED) == 0 && replaces)
        {
            throw new KernelOopsException("only MAP_FIXED replaces mappings (the space changed between prepare and commit)", request.ToString());
        }

        IReadOnlyList<VmArea> unmapped = [], opened = [], closed = [];
        if (replaces)
        {
            _vmas.Remove(request.Addr, end, out unmapped, out opened, out closed);
        }

        var vma = new VmArea(request.Addr, end, request.Prot, request.Flags & ~(MAP_FIXED | MAP_FIXED_NOREPLACE), backing, request.Offset);
        _vmas.Insert(vma);
        return new VmaChanges(vma, unmapped, opened.Count == 0 ? [vma] : [.. opened, vma], closed);
    }

    /// <summary>mmap without a file hook: <see cref="PrepareMmap(ulong, ulong, int, int, ulong, out MmapRequest)"/> then <see cref="CommitMmap"/>. Returns the address or -errno.</summary>
    public long Mmap(ulong addr, ulong length, int prot, int flags, object? backing, ulong offset, out VmaChanges changes)
    {
        var result = PrepareMmap(addr, length, prot, flags, offset, out var request);
        if (result < 0)
        {
            changes = VmaChanges.None;
            return result;
        }

        changes = CommitMmap(request, backing);
        return result;
    }

    /// <summary>
    /// Removes every mapping in [addr, addr + PAGE_ALIGN(length)) (munmap): 0, or -EINVAL (address not
    /// page aligned, length 0, range past TASK_SIZE), -ENOMEM (a split past max_map_count). An unmapped
    /// range is not an error.
    /// </summary>
    public int Munmap(ulong addr, ulong length, out VmaChanges changes)
    {
        changes = VmaChanges.None;
        if ((addr & MmConstants.PageOffsetMask) != 0 || addr > TaskSize || length > TaskSize - addr)
        {
            return -MmErrno.EINVAL;
        }

        var end = addr + MmConstants.PageAlign(length);
        if (end == addr)
        {
            return -MmErrno.EINVAL;
        }

        if (_vmas.RemovalSplitsOne(addr, end) && _vmas.Count >= MaxMapCount)
        {
            return -MmErrno.ENOMEM;
        }

        _vmas.Remove(addr, end, out var unmapped, out var opened, out var closed);
        if (closed.Count != 0)
        {
            changes = new VmaChanges(null, unmapped, opened, closed);
        }

        return 0;
    }

    /// <summary>
    /// Chooses where a mapping of <paramref name="length"/> bytes goes (__get_unmapped_area): the
    /// MAP_FIXED address as given, else the hint when it is free, else a gap found top-down or
    /// bottom-up. Returns the address or -errno (ENOMEM, EINVAL, EPERM).
    /// </summary>
    public long GetUnmappedArea(ulong addr, ulong length, int flags)
    {
        if (length > TaskSize || length > TaskSize - MmapMinAddr)
        {
            return -MmErrno.ENOMEM;
        }

        if ((flags & MAP_FIXED) == 0)
        {
            addr = MmConstants.PageAlign(addr);
            if (addr != 0 && addr >= MmapMinAddr && addr <= TaskSize - length && !_vmas.Meets(addr, addr + length))
            {
                return (long)addr;
            }

            var found = Layout == MmapLayout.TopDown
                ? _vmas.FindGapTopDown(length, MmapMinAddr, TaskSize)
                : _vmas.FindGapBottomUp(length, MmapMinAddr, TaskSize);
            if (found is null)
            {
                return -MmErrno.ENOMEM;
            }

            addr = found.Value;
        }

        if (addr > TaskSize - length)
        {
            return -MmErrno.ENOMEM;
        }

        if ((addr & MmConstants.PageOffsetMask) != 0)
        {
            return -MmErrno.EINVAL;
        }

        return addr < MmapMinAddr ? -MmErrno.EPERM : (long)addr;
    }

    /// <summary>The VMA containing <paramref name="addr"/> (vma_lookup), or null.</summary>
    public VmArea? FindVma(ulong addr) => _vmas.Find(addr);

    /// <summary>The VMAs meeting [addr, addr + length), in address order (empty when the range wraps).</summary>
    public IReadOnlyList<VmArea> VmasCovering(ulong addr, ulong length) =>
        length == 0 || addr + length < addr ? [] : _vmas.Intersecting(addr, addr + length);

    /// <summary>
    /// True when a user copy of <paramref name="length"/> bytes at <paramref name="addr"/> succeeds:
    /// every byte lies in a mapping that allows it. Writing needs PROT_WRITE; reading needs any of
    /// read, write or exec (as the arm64 and x86 fault handlers decide); PROT_NONE allows nothing.
    /// False means EFAULT.
    /// </summary>
    public bool CanAccess(ulong addr, ulong length, bool write)
    {
        if (length == 0)
        {
            return true;
        }

        var end = addr + length;
        if (end < addr || end > TaskSize)
        {
            return false;
        }

        var needed = write ? PROT_WRITE : PROT_READ | PROT_WRITE | PROT_EXEC;
        var vmas = _vmas.All;
        var cursor = addr;
        for (var index = _vmas.IndexOfFirstEndingAfter(addr); cursor < end; index++)
        {
            if (index >= vmas.Count || vmas[index].Start > cursor || (vmas[index].Prot & needed) == 0)
            {
                return false;
            }

            cursor = vmas[index].End;
        }

        return true;
    }

    /// <summary>Checks that VMAs are page aligned, non-empty, sorted, disjoint, inside the user range and not more than allowed.</summary>
    public void AssertInvariants()
    {
        ulong previousEnd = 0;
        foreach (var vma in _vmas.All)
        {
            if (((vma.Start | vma.End) & MmConstants.PageOffsetMask) != 0 || vma.End <= vma.Start)
            {
                throw new KernelOopsException("a VMA is a non-empty page-aligned range", vma.ToString());
            }

            if (vma.Start < previousEnd)
            {
                throw new KernelOopsException("VMAs are sorted and no two overlap", vma.ToString());
            }

            if (vma.Start < MmapMinAddr || vma.End > TaskSize)
            {
                throw new KernelOopsException("every VMA lies in [mmap_min_addr, TASK_SIZE)", vma.ToString());
            }

            if ((vma.Prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0)
            {
                throw new KernelOopsException("a VMA's protection holds only read, write and exec bits", vma.ToString());
            }

            previousEnd = vma.End;
        }

        if (_vmas.Count > MaxMapCount + 1)
        {
            throw new KernelOopsException("map_count exceeds max_map_count by at most the one mapping do_mmap lets past", $"{_vmas.Count} VMAs");
        }
    }

    // do_mmap's MAP_TYPE switch for a file: MAP_SHARED drops non-legacy flags; MAP_SHARED_VALIDATE
    // refuses them (no modelled file supports MAP_SYNC); a growing stack cannot be a file.
    private static int CheckFileType(ref int flags)
    {
        switch (flags & MAP_TYPE)
        {
            case MAP_SHARED:
                flags &= LEGACY_MAP_MASK;
                break;
            case MAP_SHARED_VALIDATE:
                if ((flags & ~LEGACY_MAP_MASK) != 0)
                {
                    return -MmErrno.EOPNOTSUPP;
                }

                flags = (flags & ~MAP_TYPE) | MAP_SHARED;
                break;
            case MAP_PRIVATE:
                break;
            default:
                return -MmErrno.EINVAL;
        }

        return (flags & MAP_GROWSDOWN) != 0 ? -MmErrno.EINVAL : 0;
    }

    // do_mmap's MAP_TYPE switch for anonymous memory: shared, private or droppable; the offset is
    // meaningless. A droppable mapping may be neither locked nor a growing stack.
    private static int CheckAnonymousType(ref int flags, ref ulong offset)
    {
        offset = 0;
        switch (flags & MAP_TYPE)
        {
            case MAP_SHARED:
                return (flags & MAP_GROWSDOWN) != 0 ? -MmErrno.EINVAL : 0;
            case MAP_PRIVATE:
                return 0;
            case MAP_DROPPABLE:
                if ((flags & (MAP_LOCKED | MAP_GROWSDOWN)) != 0)
                {
                    return -MmErrno.EINVAL;
                }

                // Model: VM_DROPPABLE pages are never dropped (no memory pressure); otherwise private anonymous memory.
                flags = (flags & ~MAP_TYPE) | MAP_PRIVATE;
                return 0;
            default:
                return -MmErrno.EINVAL;
        }
    }
}
