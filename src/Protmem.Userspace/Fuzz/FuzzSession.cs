using System.Buffers.Binary;
using Protmem.Uapi;
using Protmem.Uapi.DmaHeap;
using Protmem.Uapi.Tee;

namespace Protmem.Userspace.Fuzz;

/// <summary>
/// Runs fuzz ops on one machine, one at a time, and learns from their answers what the next ops can aim
/// at (new fds, mappings, shm ids, sessions). An exception escaping a syscall is a finding (the model's
/// bug: a program must only ever see an errno), as is a new safety-monitor finding after any op.
/// </summary>
internal sealed class FuzzSession(IFuzzMachine machine, int slots)
{
    private readonly FuzzProcess?[] _processes = new FuzzProcess?[slots];

    public IFuzzMachine Machine => machine;

    public long Syscalls { get; private set; }

    public long Errnos { get; private set; }

    public FuzzProcess? Process(int slot) => slot >= 0 && slot < _processes.Length ? _processes[slot] : null;

    public IEnumerable<FuzzProcess> Live => _processes.Where(p => p is not null)!;

    /// <summary>Runs <paramref name="op"/>; what it showed (mostly nothing: an empty list).</summary>
    public IReadOnlyList<FuzzFault> Run(FuzzOp op)
    {
        try
        {
            Execute(op);
        }
        catch (NotSupportedException e)
        {
            return [new FuzzFault(Fuzzer.NotModelled, Describe(e), op)];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [new FuzzFault(Fuzzer.ModelException, Describe(e), op)];
        }

        return Monitor(op);
    }

    /// <summary>The safety monitor's new findings, each a violation (after <paramref name="op"/>, or at the end of the program).</summary>
    public IReadOnlyList<FuzzFault> Monitor(FuzzOp? op)
    {
        var monitor = machine.NewMonitorFindings();
        return monitor.Count == 0 ? [] : [.. monitor.Select(m => new FuzzFault(Fuzzer.Violation, m, op))];
    }

    /// <summary>An exception as a finding says it: its type, message and the model's method that threw it.</summary>
    public static string Describe(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var method = new System.Diagnostics.StackTrace(e).GetFrames()
            .Select(System.Diagnostics.DiagnosticMethodInfo.Create)
            .FirstOrDefault(m => m?.DeclaringTypeName.StartsWith("Protmem.", StringComparison.Ordinal) == true);
        var where = method is null ? "" : $" (in {TypeName(method.DeclaringTypeName)}.{method.Name})";
        return $"{e.GetType().Name}: {e.Message}{where}";
    }

    /// <summary>The last part of a full type name (a nested type keeps its own name only).</summary>
    private static string TypeName(string fullName) => fullName[(fullName.LastIndexOfAny(['.', '+']) + 1)..];

    /// <summary>Every live process exits.</summary>
    public void ExitAll()
    {
        for (var i = 0; i < _processes.Length; i++)
        {
            if (_processes[i] is { } p)
            {
                machine.EndProcess(p.Sys);
                _processes[i] = null;
            }
        }
    }

    private void Execute(FuzzOp op)
    {
        if (op.Kind == FuzzOpKind.Spawn)
        {
            if (op.Slot < 0 || op.Slot >= _processes.Length || _processes[op.Slot] is not null)
            {
                return;
            }

            var sys = machine.Spawn($"fuzz{op.Slot}");
            var scratch = sys.Mmap(0, FuzzProcess.ScratchSize, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
            Syscalls++;
            _processes[op.Slot] = new FuzzProcess(sys, scratch < 0 ? 0 : (ulong)scratch);
            return;
        }

        if (Process(op.Slot) is not { } p)
        {
            return;
        }

        Syscalls++;
        long ret;
        switch (op.Kind)
        {
            case FuzzOpKind.Exit:
                machine.EndProcess(p.Sys);
                _processes[op.Slot] = null;
                return;
            case FuzzOpKind.Open:
                ret = p.Sys.Open(op.Path ?? "", (int)op.A);
                Learn(p.Fds, ret);
                break;
            case FuzzOpKind.Close:
                ret = p.Sys.Close((int)op.A);
                if (ret == 0)
                {
                    p.Fds.Remove((int)op.A);
                }

                break;
            case FuzzOpKind.Dup:
                ret = p.Sys.Dup((int)op.A);
                Learn(p.Fds, ret);
                break;
            case FuzzOpKind.Ioctl:
                ret = StagedIoctl(p, op);
                break;
            case FuzzOpKind.IoctlValue:
                ret = p.Sys.Ioctl((int)op.A, (uint)op.B, (ulong)op.C);
                break;
            case FuzzOpKind.Mmap:
                ret = p.Sys.Mmap((ulong)op.A, (ulong)op.B, (int)op.C, (int)op.D, (int)op.E, 0);
                if (ret >= 0 && p.Mappings.Count < 64)
                {
                    p.Mappings.Add(((ulong)ret, (ulong)op.B));
                }

                break;
            case FuzzOpKind.Munmap:
                ret = p.Sys.Munmap((ulong)op.A, (ulong)op.B);
                if (ret == 0)
                {
                    p.Mappings.RemoveAll(m => m.Address == (ulong)op.A);
                }

                break;
            case FuzzOpKind.Peek:
                ret = p.Sys.ReadMemory((ulong)op.A, new byte[Math.Min((ulong)op.B, 16384)]);
                break;
            case FuzzOpKind.Poke:
                var bytes = new byte[Math.Min((ulong)op.B, 16384)];
                bytes.AsSpan().Fill(0xa5);
                ret = p.Sys.WriteMemory((ulong)op.A, bytes);
                break;
            case FuzzOpKind.Lseek:
                ret = p.Sys.Lseek((int)op.A, op.B, (int)op.C);
                break;
            case FuzzOpKind.Read:
                ret = p.Sys.Read((int)op.A, p.Scratch, Math.Min((ulong)op.B, FuzzProcess.ScratchSize));
                break;
            case FuzzOpKind.Write:
                ret = p.Sys.Write((int)op.A, p.Scratch, Math.Min((ulong)op.B, FuzzProcess.ScratchSize));
                break;
            case FuzzOpKind.Poll:
                var pollfd = new byte[8];
                BinaryPrimitives.WriteInt32LittleEndian(pollfd, (int)op.A);
                BinaryPrimitives.WriteInt16LittleEndian(pollfd.AsSpan(4), (short)op.B);
                p.Sys.WriteMemory(p.Scratch, pollfd);
                ret = p.Sys.Poll(p.Scratch, 1, 0);
                break;
            default:
                throw new InvalidOperationException($"fuzz op kind {op.Kind} has no executor");
        }

        if (ret < 0)
        {
            Errnos++;
        }
    }

    /// <summary>Stages the op's bytes in the scratch page, calls ioctl with its address, and learns fds, shm ids and sessions from well-known answers.</summary>
    private static long StagedIoctl(FuzzProcess p, FuzzOp op)
    {
        var bytes = op.Bytes ?? [];
        if (bytes.Length > 0 && p.Sys.WriteMemory(p.Scratch, bytes.AsSpan(0, (int)Math.Min((ulong)bytes.Length, FuzzProcess.ScratchSize))) < 0)
        {
            return -Errno.EFAULT;
        }

        var request = (uint)op.B;
        var ret = p.Sys.Ioctl((int)op.A, request, p.Scratch);
        if (ret < 0)
        {
            return ret;
        }

        var back = new byte[128];
        if (p.Sys.ReadMemory(p.Scratch, back) < 0)
        {
            return ret;
        }

        switch (request)
        {
            case DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC:
                Learn(p.Fds, BinaryPrimitives.ReadUInt32LittleEndian(back.AsSpan(8)));
                break;
            case TeeIoctl.TEE_IOC_SHM_ALLOC:
                Learn(p.Fds, ret);
                Learn(p.ShmIds, BinaryPrimitives.ReadInt32LittleEndian(back.AsSpan(12)));
                break;
            case TeeIoctl.TEE_IOC_SHM_REGISTER_FD:
                Learn(p.Fds, ret);
                Learn(p.ShmIds, BinaryPrimitives.ReadInt32LittleEndian(back.AsSpan(20)));
                break;
            case TeeIoctl.TEE_IOC_OPEN_SESSION:
                if (p.Sessions.Count < 16)
                {
                    p.Sessions.Add(BinaryPrimitives.ReadUInt32LittleEndian(back.AsSpan(FuzzGenerator.PayloadOffset + 40)));
                }

                break;
        }

        return ret;
    }

    private static void Learn(List<int> into, long value)
    {
        if (value >= 0 && value < int.MaxValue && into.Count < 64 && !into.Contains((int)value))
        {
            into.Add((int)value);
        }
    }
}
