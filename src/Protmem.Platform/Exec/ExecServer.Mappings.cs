using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Protmem.Hardware;
using Protmem.Hardware.Mmu;
using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Platform.Exec;

/// <summary>The exec server's mappings: a program's mmap of a model file, munmap, and the revokes of pages the model dropped.</summary>
internal sealed partial class ExecServer
{
    private static int Munmap(HostProcess host, ulong addr, ulong length)
    {
        var result = host.Process.Munmap(addr, length);
        if (result == 0)
        {
            var end = addr + ((length + HwConstants.PageSize - 1) & ~HwConstants.PageMask);
            var kept = new List<(ulong Start, ulong End)>();
            foreach (var (start, stop) in host.Mapped)
            {
                if (start < addr)
                {
                    kept.Add((start, Math.Min(stop, addr)));
                }

                if (stop > end)
                {
                    kept.Add((Math.Max(start, end), stop));
                }
            }

            host.Mapped.Clear();
            host.Mapped.AddRange(kept);
        }

        return result;
    }


    private long Mmap(HostProcess host, in ExecMessage m)
    {
        var addr = (ulong)m.A0;
        var result = host.Process.Mmap(addr, (ulong)m.A1, (int)m.A2, (int)m.A3, (int)m.A4, m.A5);
        if (result < 0)
        {
            return result;
        }

        var length = ((ulong)m.A1 + HwConstants.PageSize - 1) & ~HwConstants.PageMask;
        _replyPayload = SendRuns(host, (ulong)result, length);
        host.Mapped.Add(((ulong)result, (ulong)result + length));
        return result;
    }

    /// <summary>
    /// Tells the program which DRAM pages back [start, +length): runs of pages contiguous in one bank. The
    /// last (usually the only) message of runs is returned to ride on the reply; the others go ahead as callbacks.
    /// </summary>
    private byte[] SendRuns(HostProcess host, ulong start, ulong length)
    {
        ExecRuns.Collect(host.Process.Memory.Space, _machine.Soc.Memory.Banks, start, length, _runList);
        var count = 0;
        foreach (var run in _runList)
        {
            ExecRuns.Write(run, _runs.AsSpan(count++ * ExecProtocol.RunSize));
            if (count == MaxRunsPerMessage)
            {
                host.Channel!.Send(new ExecMessage(ExecProtocol.CallbackMap, count), _runs.AsSpan(0, count * ExecProtocol.RunSize));
                count = 0;
            }
        }

        return _runs.AsSpan(0, count * ExecProtocol.RunSize).ToArray();
    }

    /// <summary>
    /// Whether mremap may resize or move the model mapping at A0 (lengths page-aligned by the interposer, which
    /// checked the flags and addresses): the protection of its first page when it may, as the move maps it
    /// again; otherwise Linux's errno for a VM_PFNMAP | VM_DONTEXPAND mapping (mm/mremap.c, resize_is_valid).
    /// </summary>
    private static long MayMremap(UserProcess process, in ExecMessage m)
    {
        var (addr, oldLength, newLength, flags) = ((ulong)m.A0, (ulong)m.A1, (ulong)m.A2, (int)m.A3);
        if (process.Memory.Vmas.FindVma(addr) is not { } vma)
        {
            return -Errno.EFAULT;
        }

        // A move that shrinks unmaps the tail first; what stays must lie in the one mapping.
        var kept = (flags & ExecProtocol.MremapFixed) != 0 ? Math.Min(oldLength, newLength) : oldLength;
        if ((flags & ExecProtocol.MremapDontunmap) != 0)
        {
            return -Errno.EINVAL;
        }

        if (kept > vma.End - addr)
        {
            return -Errno.EFAULT;
        }

        if (newLength > kept)
        {
            var pgoff = (vma.Offset >> HwConstants.PageShift) + ((addr - vma.Start) >> HwConstants.PageShift);
            return pgoff + (newLength >> HwConstants.PageShift) < pgoff ? -Errno.EINVAL : -Errno.EFAULT;
        }

        if (vma.Backing is not OpenFile)
        {
            throw new InvalidOperationException($"mremap at 0x{addr:x}: the model mapping there has no file ({vma})");
        }

        process.Memory.Space.TryTranslate(new CpuVirtAddr(addr), out _, out var permissions);
        return ((permissions & CpuPermissions.Read) != 0 ? Mman.PROT_READ : 0)
            | ((permissions & CpuPermissions.Write) != 0 ? Mman.PROT_WRITE : 0)
            | ((permissions & CpuPermissions.Execute) != 0 ? Mman.PROT_EXEC : 0);
    }

    /// <summary>
    /// mremap(MREMAP_MAYMOVE | MREMAP_FIXED) of a model mapping, after <see cref="MayMremap"/> allowed it: a
    /// shrinking move unmaps the tail, A4's range is unmapped, the same buffer's same pages are mapped there
    /// with the same protection, and the old range is unmapped. The reply carries the pages' runs, as mmap's does.
    /// </summary>
    /// <remarks>
    /// Model: the model's mm has no mremap, so the move is a new mapping of the VMA's file at the moved
    /// range's offset (the exporter's mmap hook runs again, as vm_ops->open does for the copied VMA in Linux)
    /// and then munmap of the old range; the pages and what every device sees of them are unchanged.
    /// </remarks>
    private long Mremap(HostProcess host, in ExecMessage m)
    {
        var process = host.Process;
        var (addr, oldLength, newLength, to) = ((ulong)m.A0, (ulong)m.A1, (ulong)m.A2, (ulong)m.A4);
        var allowed = MayMremap(process, m);
        if (allowed < 0 || (m.A3 & ExecProtocol.MremapFixed) == 0)
        {
            return allowed < 0 ? allowed : -Errno.EINVAL;
        }

        var vma = process.Memory.Vmas.FindVma(addr)!;
        var file = (OpenFile)vma.Backing!;
        var offset = vma.Offset + (addr - vma.Start);
        // The page tables' permissions of each page (mprotect changes only those), to carry to the new place.
        var permissions = new CpuPermissions?[newLength >> HwConstants.PageShift];
        for (var page = 0; page < permissions.Length; page++)
        {
            var at = new CpuVirtAddr(addr + ((ulong)page << HwConstants.PageShift));
            permissions[page] = process.Memory.Space.TryTranslate(at, out _, out var p) ? p : null;
        }

        file.Get();
        try
        {
            if (oldLength > newLength)
            {
                Munmap(host, addr + newLength, oldLength - newLength);
            }

            Munmap(host, to, newLength);
            var result = process.Memory.Mmap(process, to, newLength, vma.Prot, vma.Flags | Mman.MAP_FIXED, file, offset);
            if (result < 0)
            {
                return result;
            }

            for (var page = 0; page < permissions.Length; page++)
            {
                if (permissions[page] is { } p)
                {
                    process.Memory.Space.Protect(new CpuVirtAddr(to + ((ulong)page << HwConstants.PageShift)), HwConstants.PageSize, p);
                }
            }

            Munmap(host, addr, newLength);
            _replyPayload = SendRuns(host, to, newLength);
            host.Mapped.Add((to, to + newLength));
            return (long)to;
        }
        finally
        {
            file.Put();
        }
    }

    /// <summary>
    /// mprotect on model mappings, asked before the program's real mprotect (<paramref name="follow"/> false)
    /// and told after it succeeded (true). Write access to a shared mapping of a file not opened for writing
    /// is EACCES (no VM_MAYWRITE), as on Linux; otherwise the model's page tables take the new permissions.
    /// </summary>
    /// <remarks>Model: the model's VMAs keep the protection they were mapped with; only its page tables (what the CPU and the safety checks see) change.</remarks>
    private static long Mprotect(UserProcess process, ulong addr, ulong length, int prot, bool follow)
    {
        var end = addr + ((length + HwConstants.PageSize - 1) & ~HwConstants.PageMask);
        if (end <= addr)
        {
            return 0;
        }

        foreach (var vma in process.Memory.Vmas.VmasCovering(addr, end - addr))
        {
            if (vma.Backing is not OpenFile file)
            {
                continue;
            }

            if (!follow && (prot & Mman.PROT_WRITE) != 0 && vma.IsShared && !file.CanWrite)
            {
                return -Errno.EACCES;
            }

            if (follow)
            {
                var start = Math.Max(vma.Start, addr);
                process.Memory.Space.Protect(new CpuVirtAddr(start), Math.Min(vma.End, end) - start, UserMapping.PermissionsOf(prot));
            }
        }

        return 0;
    }

    /// <summary>Mappings the model dropped (their object died with them) go from the program too.</summary>
    private static void Revoke(HostProcess host)
    {
        for (var i = host.Mapped.Count - 1; i >= 0; i--)
        {
            var (start, end) = host.Mapped[i];
            if (host.Process.HasExited || !CoveredByFileMappings(host.Process, start, end))
            {
                host.Mapped.RemoveAt(i);
                host.Channel?.Send(new ExecMessage(ExecProtocol.CallbackRevoke, (long)start, (long)(end - start)));
            }
        }
    }

    private static bool CoveredByFileMappings(UserProcess process, ulong start, ulong end)
    {
        var cursor = start;
        foreach (var vma in process.Memory.Vmas.VmasCovering(start, end - start))
        {
            if (vma.Start > cursor || vma.Backing is not OpenFile)
            {
                return false;
            }

            cursor = vma.End;
        }

        return cursor >= end;
    }
}
