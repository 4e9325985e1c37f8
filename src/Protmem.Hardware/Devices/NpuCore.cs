using System.Buffers.Binary;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware.Devices;

/// <summary>
/// One RK3588 NPU core (<c>rockchip,rk3588-rknn-core</c>) as a device master: it runs one task at a
/// time, fetching its command list and every operand through its own IOMMU, in simulated time.
/// 1. <see cref="Start"/> (PC BASE_ADDRESS = regcmd, REGISTER_AMOUNTS, OPERATION_ENABLE = 1) takes the task.
/// 2. The task runs at once in memory; its interrupt fires after its cost on the event queue
///    (<see cref="CostModel.NpuTaskStart"/> plus the bytes moved at <see cref="CostModel.NpuDmaBytesPerNs"/>).
/// 3. A refused access (an IOMMU page fault or a firewall fault) stops the task: the interrupt fires with
///    DMA_READ_ERROR or DMA_WRITE_ERROR and the address; later commands do not run.
/// 4. <see cref="InterruptHandler"/> is the IRQ line; <see cref="Reset"/> (srst_a/srst_h) drops a task in flight.
/// Model: the command list (docs/npu-command-list.md) stands for the real register-command stream.
/// </summary>
public sealed class NpuCore
{
    /// <summary>Operand words fetched per bus burst.</summary>
    private const int FetchWords = 64;

    private const int ChunkBytes = (int)HwConstants.PageSize;

    private readonly EventQueue _events;
    private readonly SimClock _clock;
    private readonly CostModel _costs;
    private readonly Trace _trace;
    private readonly byte[] _a = new byte[ChunkBytes];
    private readonly byte[] _b = new byte[ChunkBytes];
    private readonly byte[] _c = new byte[ChunkBytes];
    private ScheduledEvent? _inFlight;

    public NpuCore(string name, DeviceMaster master, EventQueue events, SimClock clock, CostModel costs, Trace trace)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Master = master ?? throw new ArgumentNullException(nameof(master));
        _events = events;
        _clock = clock;
        _costs = costs;
        _trace = trace;
    }

    public string Name { get; }

    /// <summary>The bus master the core's DMA uses (behind its IOMMU).</summary>
    public DeviceMaster Master { get; }

    /// <summary>True while a task runs (from <see cref="Start"/> until its interrupt or a reset).</summary>
    public bool IsBusy => _inFlight is not null;

    /// <summary>The IRQ line: called when a task ends. Optional.</summary>
    public Action<NpuInterrupt>? InterruptHandler { get; set; }

    /// <summary>Tasks started since power-on.</summary>
    public long TasksStarted { get; private set; }

    /// <summary>Tasks that ended with a DMA error or an invalid command.</summary>
    public long TasksFailed { get; private set; }

    /// <summary>Resets since power-on.</summary>
    public long Resets { get; private set; }

    /// <summary>The last interrupt, or null.</summary>
    public NpuInterrupt? LastInterrupt { get; private set; }

    /// <summary>
    /// Starts a task whose command list is <paramref name="regcmdCount"/> 64-bit words at NPU address
    /// <paramref name="regcmd"/>. Starting a busy core is a driver bug and throws.
    /// </summary>
    public void Start(DeviceAddr regcmd, uint regcmdCount)
    {
        if (IsBusy)
        {
            throw new InvalidOperationException($"NPU core '{Name}' is started while a task runs (one task in flight per core)");
        }

        TasksStarted++;
        var (status, commands, fault, kind, bytes, waitNs) = Run(regcmd, regcmdCount);
        var duration = CostModel.ToTicks(_costs.NpuTaskStart + (bytes / _costs.NpuDmaBytesPerNs)) + waitNs;
        var interrupt = new NpuInterrupt(0, Name, status, commands, fault, kind);
        _inFlight = _events.ScheduleAfter(duration, () => Complete(interrupt), name: Name + " irq");
        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.Note, Name, regcmd.Value, regcmdCount, duration, "npu task start"));
        }
    }

    /// <summary>Asserts and deasserts the core's resets: a task in flight is dropped without an interrupt.</summary>
    public void Reset()
    {
        _inFlight?.Cancel();
        _inFlight = null;
        Resets++;
        _clock.Advance(_costs.NpuReset);
        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.Note, Name, Text: "npu core reset"));
        }
    }

    public override string ToString() => Name;

    private void Complete(NpuInterrupt interrupt)
    {
        _inFlight = null;
        interrupt = interrupt with { Time = _clock.Now };
        if (interrupt.Status != NpuTaskStatus.Done)
        {
            TasksFailed++;
        }

        LastInterrupt = interrupt;
        InterruptHandler?.Invoke(interrupt);
    }

    private (NpuTaskStatus Status, int Commands, DeviceAddr? Fault, DeviceAccessResult Kind, ulong Bytes, ulong WaitNs) Run(DeviceAddr regcmd, uint count)
    {
        Span<byte> words = stackalloc byte[FetchWords * 8];
        var fetched = 0UL;
        var available = 0;
        var index = 0;
        var commands = 0;
        var bytes = 0UL;
        var waitNs = 0UL;
        var operands = new ulong[3];

        // Fetches the next command word; false at the end of the list or after a read error.
        bool Next(Span<byte> buffer, out ulong word, out DeviceAccessResult failure, out DeviceAddr failedAt)
        {
            word = 0;
            failure = DeviceAccessResult.Ok;
            failedAt = default;
            if (index == available)
            {
                if (fetched >= count)
                {
                    return false;
                }

                var n = (int)Math.Min(FetchWords, count - fetched);
                var at = regcmd + (fetched * 8);
                if (!Master.TryRead(at, buffer[..(n * 8)], SecurityState.NonSecure, out failure))
                {
                    failedAt = at;
                    return false;
                }

                fetched += (ulong)n;
                bytes += (ulong)n * 8;
                available = n;
                index = 0;
            }

            word = BinaryPrimitives.ReadUInt64LittleEndian(buffer[(index * 8)..]);
            index++;
            return true;
        }

        while (true)
        {
            if (!Next(words, out var head, out var failure, out var failedAt))
            {
                return failure == DeviceAccessResult.Ok
                    ? (NpuTaskStatus.Done, commands, null, failure, bytes, waitNs)
                    : (NpuTaskStatus.DmaReadError, commands, failedAt, failure, bytes, waitNs);
            }

            var opcode = (NpuOpcode)(head >> 56);
            var length = (uint)head;
            var operandCount = opcode switch
            {
                NpuOpcode.End or NpuOpcode.Wait => 0,
                NpuOpcode.Copy or NpuOpcode.Fill => 2,
                NpuOpcode.Mac => 3,
                _ => -1,
            };
            if (operandCount < 0)
            {
                return (NpuTaskStatus.InvalidCommand, commands, null, DeviceAccessResult.Ok, bytes, waitNs);
            }

            for (var i = 0; i < operandCount; i++)
            {
                if (!Next(words, out operands[i], out failure, out failedAt))
                {
                    return failure == DeviceAccessResult.Ok
                        ? (NpuTaskStatus.InvalidCommand, commands, null, failure, bytes, waitNs)
                        : (NpuTaskStatus.DmaReadError, commands, failedAt, failure, bytes, waitNs);
                }
            }

            if (opcode == NpuOpcode.End)
            {
                return (NpuTaskStatus.Done, commands, null, DeviceAccessResult.Ok, bytes, waitNs);
            }

            var result = opcode switch
            {
                NpuOpcode.Copy => Copy(new DeviceAddr(operands[0]), new DeviceAddr(operands[1]), length, ref bytes),
                NpuOpcode.Fill => Fill(new DeviceAddr(operands[0]), (byte)operands[1], length, ref bytes),
                NpuOpcode.Mac => Mac(new DeviceAddr(operands[0]), new DeviceAddr(operands[1]), new DeviceAddr(operands[2]), length, ref bytes),
                _ => Wait(length, ref waitNs),
            };
            if (result.Status != NpuTaskStatus.Done)
            {
                return (result.Status, commands, result.At, result.Kind, bytes, waitNs);
            }

            commands++;
        }
    }

    private static (NpuTaskStatus Status, DeviceAddr At, DeviceAccessResult Kind) Wait(uint microseconds, ref ulong waitNs)
    {
        waitNs += microseconds * 1_000UL;
        return (NpuTaskStatus.Done, default, DeviceAccessResult.Ok);
    }

    private (NpuTaskStatus Status, DeviceAddr At, DeviceAccessResult Kind) Copy(DeviceAddr src, DeviceAddr dst, uint length, ref ulong bytes)
    {
        for (var done = 0UL; done < length;)
        {
            var n = (int)Math.Min((ulong)ChunkBytes, length - done);
            if (!Master.TryRead(src + done, _a.AsSpan(0, n), SecurityState.NonSecure, out var kind))
            {
                return (NpuTaskStatus.DmaReadError, src + done, kind);
            }

            if (!Master.TryWrite(dst + done, _a.AsSpan(0, n), SecurityState.NonSecure, out kind))
            {
                return (NpuTaskStatus.DmaWriteError, dst + done, kind);
            }

            bytes += 2UL * (ulong)n;
            done += (ulong)n;
        }

        return (NpuTaskStatus.Done, default, DeviceAccessResult.Ok);
    }

    private (NpuTaskStatus Status, DeviceAddr At, DeviceAccessResult Kind) Fill(DeviceAddr dst, byte value, uint length, ref ulong bytes)
    {
        _a.AsSpan().Fill(value);
        for (var done = 0UL; done < length;)
        {
            var n = (int)Math.Min((ulong)ChunkBytes, length - done);
            if (!Master.TryWrite(dst + done, _a.AsSpan(0, n), SecurityState.NonSecure, out var kind))
            {
                return (NpuTaskStatus.DmaWriteError, dst + done, kind);
            }

            bytes += (ulong)n;
            done += (ulong)n;
        }

        return (NpuTaskStatus.Done, default, DeviceAccessResult.Ok);
    }

    private (NpuTaskStatus Status, DeviceAddr At, DeviceAccessResult Kind) Mac(DeviceAddr a, DeviceAddr b, DeviceAddr dst, uint count, ref ulong bytes)
    {
        var total = (ulong)count * 4;
        for (var done = 0UL; done < total;)
        {
            var n = (int)Math.Min((ulong)ChunkBytes, total - done);
            if (!Master.TryRead(a + done, _a.AsSpan(0, n), SecurityState.NonSecure, out var kind))
            {
                return (NpuTaskStatus.DmaReadError, a + done, kind);
            }

            if (!Master.TryRead(b + done, _b.AsSpan(0, n), SecurityState.NonSecure, out kind))
            {
                return (NpuTaskStatus.DmaReadError, b + done, kind);
            }

            if (!Master.TryRead(dst + done, _c.AsSpan(0, n), SecurityState.NonSecure, out kind))
            {
                return (NpuTaskStatus.DmaReadError, dst + done, kind);
            }

            for (var i = 0; i < n; i += 4)
            {
                var sum = unchecked(BinaryPrimitives.ReadInt32LittleEndian(_c.AsSpan(i)) + (BinaryPrimitives.ReadInt32LittleEndian(_a.AsSpan(i)) * BinaryPrimitives.ReadInt32LittleEndian(_b.AsSpan(i))));
                BinaryPrimitives.WriteInt32LittleEndian(_c.AsSpan(i), sum);
            }

            if (!Master.TryWrite(dst + done, _c.AsSpan(0, n), SecurityState.NonSecure, out kind))
            {
                return (NpuTaskStatus.DmaWriteError, dst + done, kind);
            }

            bytes += 4UL * (ulong)n;
            done += (ulong)n;
        }

        return (NpuTaskStatus.Done, default, DeviceAccessResult.Ok);
    }
}
