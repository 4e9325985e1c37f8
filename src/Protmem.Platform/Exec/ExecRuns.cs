using System.Buffers.Binary;
using Protmem.Hardware;
using Protmem.Hardware.Memory;
using Protmem.Hardware.Mmu;

namespace Protmem.Platform.Exec;

/// <summary>
/// Which DRAM pages back a range of a model mapping, as the runs the interposer maps from the banks' memfds:
/// each run is a stretch of pages whose physical addresses follow each other inside one bank. The bank is found
/// once per run; a page extends the run while it is the next physical page of that bank.
/// </summary>
internal static class ExecRuns
{
    /// <summary>
    /// Fills <paramref name="runs"/> (cleared first) with the runs of [<paramref name="start"/>, +<paramref name="length"/>)
    /// in <paramref name="space"/>, in address order; pages not mapped, or outside every bank, are in none.
    /// </summary>
    public static void Collect(CpuAddressSpace space, IReadOnlyList<Dram> banks, ulong start, ulong length, List<ExecRun> runs)
    {
        runs.Clear();
        ulong runOffset = 0, runPhys = 0, runLength = 0, bankEnd = 0;
        var runBank = -1;
        for (ulong offset = 0; offset < length; offset += HwConstants.PageSize)
        {
            if (!space.TryTranslate(new CpuVirtAddr(start + offset), out var phys, out _))
            {
                Flush(runs, banks, ref runBank, runOffset, runPhys, runLength);
                continue;
            }

            if (runBank >= 0 && phys.Value == runPhys + runLength && phys.Value < bankEnd)
            {
                runLength += HwConstants.PageSize;
                continue;
            }

            Flush(runs, banks, ref runBank, runOffset, runPhys, runLength);
            runBank = BankOf(banks, phys);
            if (runBank >= 0)
            {
                (runOffset, runPhys, runLength, bankEnd) = (offset, phys.Value, HwConstants.PageSize, banks[runBank].Range.End.Value);
            }
        }

        Flush(runs, banks, ref runBank, runOffset, runPhys, runLength);
    }

    /// <summary>Writes <paramref name="run"/> as a struct pm_run (<see cref="ExecProtocol.RunSize"/> bytes).</summary>
    public static void Write(in ExecRun run, Span<byte> into)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(into, run.Offset);
        BinaryPrimitives.WriteUInt64LittleEndian(into[8..], run.BankOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(into[16..], run.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(into[24..], (uint)run.Bank);
        BinaryPrimitives.WriteUInt32LittleEndian(into[28..], 0);
    }

    private static void Flush(List<ExecRun> runs, IReadOnlyList<Dram> banks, ref int bank, ulong offset, ulong phys, ulong length)
    {
        if (bank >= 0)
        {
            runs.Add(new ExecRun(offset, phys - banks[bank].Base.Value, length, bank));
            bank = -1;
        }
    }

    private static int BankOf(IReadOnlyList<Dram> banks, PhysAddr phys)
    {
        for (var b = 0; b < banks.Count; b++)
        {
            if (banks[b].Range.Contains(phys))
            {
                return b;
            }
        }

        return -1;
    }
}
