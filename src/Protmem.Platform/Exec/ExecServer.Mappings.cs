using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Protmem.Hardware;
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
        var banks = _machine.Soc.Memory.Banks;
        var runs = _runs;
        var count = 0;
        ulong runOffset = 0, runBankOffset = 0, runLength = 0;
        var runBank = -1;
        for (ulong offset = 0; offset <= length; offset += HwConstants.PageSize)
        {
            var bank = -1;
            ulong bankOffset = 0;
            if (offset < length && host.Process.Memory.Space.TryTranslate(new CpuVirtAddr(start + offset), out var phys, out _))
            {
                for (var b = 0; b < banks.Count; b++)
                {
                    if (banks[b].Range.Contains(phys))
                    {
                        bank = b;
                        bankOffset = phys.Value - banks[b].Base.Value;
                    }
                }
            }

            if (runBank >= 0 && bank == runBank && bankOffset == runBankOffset + runLength && offset == runOffset + runLength)
            {
                runLength += HwConstants.PageSize;
                continue;
            }

            if (runBank >= 0)
            {
                var at = runs.AsSpan(count++ * ExecProtocol.RunSize);
                BinaryPrimitives.WriteUInt64LittleEndian(at, runOffset);
                BinaryPrimitives.WriteUInt64LittleEndian(at[8..], runBankOffset);
                BinaryPrimitives.WriteUInt64LittleEndian(at[16..], runLength);
                BinaryPrimitives.WriteUInt32LittleEndian(at[24..], (uint)runBank);
                BinaryPrimitives.WriteUInt32LittleEndian(at[28..], 0);
                if (count == MaxRunsPerMessage)
                {
                    host.Channel!.Send(new ExecMessage(ExecProtocol.CallbackMap, count), runs.AsSpan(0, count * ExecProtocol.RunSize));
                    count = 0;
                }
            }

            (runBank, runOffset, runBankOffset, runLength) = (bank, offset, bankOffset, bank >= 0 ? HwConstants.PageSize : 0);
        }

        return runs.AsSpan(0, count * ExecProtocol.RunSize).ToArray();
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
