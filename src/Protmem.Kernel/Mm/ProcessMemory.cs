using System.Globalization;
using Protmem.Hardware;
using Protmem.Hardware.Mmu;
using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Kernel.Mm;

/// <summary>
/// A process's memory (<c>mm_struct</c> with its page tables): the VMAs of a
/// <see cref="UserAddressSpace"/>, the CPU address space that translates the process's accesses,
/// and the anonymous pages it owns.
/// 1. Creation makes an empty CPU address space the oracle sees.
/// 2. <see cref="Mmap"/>: anonymous memory gets zeroed movable pages at once (they may sit in CMA and
///    migrate); a file mapping holds a file reference per VMA and lets the file map its pages.
/// 3. <see cref="CopyFromUser"/> / <see cref="CopyToUser"/> go through the process's page tables.
/// 4. <see cref="Munmap"/>, paired with <see cref="Mmap"/>, drops page-table entries, frees anonymous
///    pages and puts the file references of closed VMAs.
/// 5. <see cref="Exit"/> unmaps everything and releases the address space.
/// </summary>
public sealed class ProcessMemory : IMovablePageOwner
{
    private readonly NormalWorldView _hardware;
    private readonly PageAllocator _pages;
    private readonly Dictionary<ulong, ulong> _anonPfnByVaPage = [];
    private readonly Dictionary<ulong, ulong> _anonVaPageByPfn = [];
    private readonly IUserMemoryAccess? _hostMemory;
    private bool _exited;

    internal ProcessMemory(NormalWorldView hardware, PageAllocator pages, string name, IUserMemoryAccess? hostMemory = null)
    {
        _hardware = hardware;
        _pages = pages;
        _hostMemory = hostMemory;
        Space = hardware.CreateAddressSpace(name);
        Vmas = new UserAddressSpace();
    }

    /// <summary>The page tables the process's CPU accesses go through.</summary>
    public CpuAddressSpace Space { get; }

    /// <summary>The VMAs.</summary>
    public UserAddressSpace Vmas { get; }

    /// <summary>Anonymous pages the process owns.</summary>
    public int AnonymousPages => _anonPfnByVaPage.Count;

    /// <summary>
    /// mmap(2): the address or -errno. <paramref name="file"/> is null for MAP_ANONYMOUS; otherwise the
    /// caller's file, whose mmap hook maps the pages (its failure undoes the mapping).
    /// </summary>
    public long Mmap(UserProcess caller, ulong addr, ulong length, int prot, int flags, OpenFile? file, ulong offset)
    {
        ObjectDisposedException.ThrowIf(_exited, this);
        var anonymous = (flags & Mman.MAP_ANONYMOUS) != 0;
        if (!anonymous && file is null)
        {
            return -Errno.EBADF;
        }

        var result = Vmas.PrepareMmap(addr, length, prot, flags, offset, out var request, out var notModelled);
        if (notModelled is not null)
        {
            // Only anonymous requests reach a path not modelled (file mappings are refused before).
            caller.NotModelled(
                string.Create(CultureInfo.InvariantCulture, $"mmap(0x{addr:x}, 0x{length:x}, 0x{prot:x}, 0x{flags:x}, -1, 0x{offset:x})"),
                notModelled,
                result < 0 ? (int)-result : 0);
        }

        if (result < 0)
        {
            return result;
        }

        if (!anonymous)
        {
            var shared = (request.Flags & Mman.MAP_SHARED) != 0;
            if (!file!.CanRead || (shared && (request.Prot & Mman.PROT_WRITE) != 0 && !file.CanWrite))
            {
                return -Errno.EACCES;
            }
        }
        else if (UserMapping.PermissionsOf(request.Prot) != CpuPermissions.None
            && (request.Length >> HwConstants.PageShift) > _pages.Buddy.NrFreePages + _pages.Buddy.PcpPages)
        {
            return -Errno.ENOMEM;
        }

        Apply(Vmas.CommitMmap(request, anonymous ? null : file));
        var error = anonymous ? PopulateAnonymous(request.Addr, request.Length, request.Prot)
            : file!.Operations.Mmap(caller, file, new UserMapping(Space, request.Addr, request.Length, request.Prot, request.Flags, request.Offset));
        if (error < 0)
        {
            Unmap(request.Addr, request.Length);
            return error;
        }

        return result;
    }

    /// <summary>munmap(2): 0 or -errno.</summary>
    public int Munmap(ulong addr, ulong length)
    {
        ObjectDisposedException.ThrowIf(_exited, this);
        var result = Vmas.Munmap(addr, length, out var changes);
        if (result == 0)
        {
            Apply(changes);
        }

        return result;
    }

    /// <summary>copy_from_user: 0, or -EFAULT when a byte is not mapped readable.</summary>
    public int CopyFromUser(ulong addr, Span<byte> into)
    {
        if (into.IsEmpty)
        {
            return 0;
        }

        if (_exited || !InUserRange(addr, (ulong)into.Length))
        {
            return -Errno.EFAULT;
        }

        if (_hostMemory is not null)
        {
            // Model: the program runs on the host; its arguments are in the host process's memory.
            return _hostMemory.CopyFromUser(addr, into);
        }

        return _hardware.Cpu.TryRead(Space, new CpuVirtAddr(addr), into) ? 0 : -Errno.EFAULT;
    }

    /// <summary>copy_to_user: 0, or -EFAULT when a byte is not mapped writable.</summary>
    public int CopyToUser(ulong addr, ReadOnlySpan<byte> from)
    {
        if (from.IsEmpty)
        {
            return 0;
        }

        if (_exited || !InUserRange(addr, (ulong)from.Length))
        {
            return -Errno.EFAULT;
        }

        if (_hostMemory is not null)
        {
            return _hostMemory.CopyToUser(addr, from);
        }

        return _hardware.Cpu.TryWrite(Space, new CpuVirtAddr(addr), from) ? 0 : -Errno.EFAULT;
    }

    /// <summary>Unmaps everything and releases the address space (exit_mmap).</summary>
    public void Exit()
    {
        if (_exited)
        {
            return;
        }

        Unmap(Vmas.MmapMinAddr, Vmas.TaskSize - Vmas.MmapMinAddr);
        _exited = true;
        _hardware.ReleaseAddressSpace(Space);
    }

    /// <summary>Drops every mapping but keeps the address space (exec_mmap: the new image starts empty).</summary>
    public void UnmapAll()
    {
        ObjectDisposedException.ThrowIf(_exited, this);
        Unmap(Vmas.MmapMinAddr, Vmas.TaskSize - Vmas.MmapMinAddr);
    }

    /// <summary>
    /// Maps every file mapping of <paramref name="parent"/> at the same place in this (empty) address space,
    /// each through its file's mmap hook again (fork's dup_mmap): 0, or the first error.
    /// </summary>
    /// <remarks>Model: Linux copies the VMAs and their page-table entries; re-running the hook gives the same pages.</remarks>
    public int CopyFileMappings(UserProcess child, ProcessMemory parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        foreach (var vma in parent.Vmas.Vmas.ToList())
        {
            if (vma.Backing is OpenFile file)
            {
                var result = Mmap(child, vma.Start, vma.Length, vma.Prot, (vma.Flags & ~MmanFlags.MAP_FIXED_NOREPLACE) | MmanFlags.MAP_FIXED, file, vma.Offset);
                if (result < 0)
                {
                    return (int)result;
                }
            }
        }

        return 0;
    }

    /// <summary>Copies a migrated anonymous page and repoints its mapping (migrate_folio).</summary>
    public void MigratePages(ulong oldPfn, ulong newPfn, int order)
    {
        var count = 1UL << order;
        // migrate_folio -> folio_copy: the CPU copies through the linear map, as any kernel copy does; a page the
        // firewall closes is a bus fault and an oops, never a silent copy.
        var kernel = _hardware.LinearMap;
        var to = kernel.VirtualOf(PhysAddr.FromPageNumber(newPfn));
        var from = kernel.VirtualOf(PhysAddr.FromPageNumber(oldPfn));
        if (!_hardware.Cpu.TryCopy(kernel, to, from, count << HwConstants.PageShift, out var fault))
        {
            throw new KernelOopsException($"migration of pfn 0x{oldPfn:x} to 0x{newPfn:x} ({count} pages) faulted in the linear map: {fault}");
        }

        for (ulong i = 0; i < count; i++)
        {
            if (!_anonVaPageByPfn.Remove(oldPfn + i, out var vaPage))
            {
                throw new KernelOopsException($"migration of pfn 0x{oldPfn + i:x}, which process memory '{Space.Name}' does not own");
            }

            var va = CpuVirtAddr.FromPageNumber(vaPage);
            Space.TryTranslate(va, out _, out var permissions);
            Space.Unmap(va, HwConstants.PageSize);
            Space.Map(va, PhysAddr.FromPageNumber(newPfn + i), HwConstants.PageSize, permissions);
            _anonPfnByVaPage[vaPage] = newPfn + i;
            _anonVaPageByPfn[newPfn + i] = vaPage;
        }
    }

    /// <summary>Checks the VMAs and that every anonymous page is mapped where it is recorded.</summary>
    public void AssertInvariants()
    {
        Vmas.AssertInvariants();
        if (_anonPfnByVaPage.Count != _anonVaPageByPfn.Count)
        {
            throw new KernelOopsException($"invariant broken: every anonymous page of '{Space.Name}' has one reverse-map entry");
        }

        foreach (var (vaPage, pfn) in _anonPfnByVaPage)
        {
            var va = CpuVirtAddr.FromPageNumber(vaPage);
            if (!Space.TryTranslate(va, out var phys, out _) || phys.PageNumber != pfn || Vmas.FindVma(va.Value) is not { IsAnonymous: true })
            {
                throw new KernelOopsException($"invariant broken: anonymous page {va} of '{Space.Name}' is mapped to its pfn inside an anonymous VMA");
            }
        }
    }

    /// <summary>access_ok: the range lies below TASK_SIZE without wrapping. The page tables, which mirror each VMA's protection, decide the rest.</summary>
    private bool InUserRange(ulong addr, ulong length) => addr + length >= addr && addr + length <= Vmas.TaskSize;

    private int PopulateAnonymous(ulong start, ulong length, int prot)
    {
        var permissions = UserMapping.PermissionsOf(prot);
        if (permissions == CpuPermissions.None)
        {
            return 0;
        }

        for (ulong offset = 0; offset < length; offset += HwConstants.PageSize)
        {
            if (!_pages.TryAllocPages(0, MigrateType.Movable, this, zero: true, out var phys))
            {
                return -Errno.ENOMEM;
            }

            var vaPage = (start + offset) >> HwConstants.PageShift;
            Space.Map(CpuVirtAddr.FromPageNumber(vaPage), phys, HwConstants.PageSize, permissions);
            _anonPfnByVaPage.Add(vaPage, phys.PageNumber);
            _anonVaPageByPfn.Add(phys.PageNumber, vaPage);
        }

        return 0;
    }

    private void Unmap(ulong addr, ulong length)
    {
        if (Vmas.Munmap(addr, length, out var changes) != 0)
        {
            throw new KernelOopsException($"unmapping [0x{addr:x}, +0x{length:x}) of '{Space.Name}' failed");
        }

        Apply(changes);
    }

    private void Apply(VmaChanges changes)
    {
        // Index loops: a foreach over the interface would allocate an enumerator on every mmap and munmap.
        var unmapped = changes.Unmapped;
        for (var i = 0; i < unmapped.Count; i++)
        {
            var range = unmapped[i];
            Space.Unmap(new CpuVirtAddr(range.Start), range.Length);
            if (range.Backing is null)
            {
                FreeAnonymous(range.Start, range.End);
            }
        }

        var opened = changes.Opened;
        for (var i = 0; i < opened.Count; i++)
        {
            (opened[i].Backing as OpenFile)?.Get();
        }

        var closed = changes.Closed;
        for (var i = 0; i < closed.Count; i++)
        {
            (closed[i].Backing as OpenFile)?.Put();
        }
    }

    private void FreeAnonymous(ulong start, ulong end)
    {
        var first = start >> HwConstants.PageShift;
        var last = end >> HwConstants.PageShift;
        if (last - first <= (ulong)_anonPfnByVaPage.Count)
        {
            for (var page = first; page < last; page++)
            {
                FreeAnonymousPage(page);
            }

            return;
        }

        foreach (var page in _anonPfnByVaPage.Keys.Where(p => p >= first && p < last).ToList())
        {
            FreeAnonymousPage(page);
        }
    }

    private void FreeAnonymousPage(ulong vaPage)
    {
        if (_anonPfnByVaPage.Remove(vaPage, out var pfn))
        {
            _anonVaPageByPfn.Remove(pfn);
            _pages.FreePages(PhysAddr.FromPageNumber(pfn), 0);
        }
    }
}
