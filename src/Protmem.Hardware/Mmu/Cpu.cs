using Protmem.Hardware.Bus;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware.Mmu;

/// <summary>
/// The application CPU as a bus master: it accesses memory through an address space at a security
/// state. Each page of an access is translated by the space (an unmapped page is a translation
/// fault, a missing right a permission fault) and issued as a bus transaction the firewall judges.
/// A copy advances the clock at <see cref="CostModel.CpuMemcpyBytesPerNs"/>. Failed accesses move no
/// byte of the failing page, are reported to the caller, and are traced; they never throw.
/// </summary>
public sealed class Cpu
{
    private readonly SystemBus _bus;
    private readonly SimClock _clock;
    private readonly CostModel _costs;
    private readonly Trace _trace;

    public Cpu(BusMaster master, SystemBus bus, SimClock clock, CostModel costs, Trace trace)
    {
        Master = master ?? throw new ArgumentNullException(nameof(master));
        _bus = bus;
        _clock = clock;
        _costs = costs;
        _trace = trace;
    }

    /// <summary>The CPU's identity on the bus (it can issue both states).</summary>
    public BusMaster Master { get; }

    /// <summary>Faulted CPU accesses since power-on.</summary>
    public long FaultCount { get; private set; }

    public bool TryRead(CpuAddressSpace space, CpuVirtAddr va, Span<byte> into, SecurityState state) =>
        TryRead(space, va, into, state, out _);

    public bool TryWrite(CpuAddressSpace space, CpuVirtAddr va, ReadOnlySpan<byte> from, SecurityState state) =>
        TryWrite(space, va, from, state, out _);

    /// <summary>Reads through <paramref name="space"/>, telling why it failed.</summary>
    public bool TryRead(CpuAddressSpace space, CpuVirtAddr va, Span<byte> into, SecurityState state, out CpuAccessResult result)
    {
        ArgumentNullException.ThrowIfNull(space);
        Master.EnsureCanIssue(state);
        var total = (ulong)into.Length;
        var cursor = va;
        while (!into.IsEmpty)
        {
            var count = (int)Math.Min((ulong)into.Length, HwConstants.PageSize - cursor.PageOffset);
            result = TranslateFor(space, cursor, CpuPermissions.Read, out var phys);
            if (result == CpuAccessResult.Ok)
            {
                result = FromBus(_bus.Read(Master, state, phys, into[..count]));
            }

            if (result != CpuAccessResult.Ok)
            {
                return Failed(space, cursor, (ulong)count, AccessDirection.Read, result);
            }

            into = into[count..];
            cursor += (ulong)count;
        }

        _clock.Advance(_costs.CpuCopy(total));
        result = CpuAccessResult.Ok;
        return true;
    }

    /// <summary>Writes through <paramref name="space"/>, telling why it failed.</summary>
    public bool TryWrite(CpuAddressSpace space, CpuVirtAddr va, ReadOnlySpan<byte> from, SecurityState state, out CpuAccessResult result)
    {
        ArgumentNullException.ThrowIfNull(space);
        Master.EnsureCanIssue(state);
        var total = (ulong)from.Length;
        var cursor = va;
        while (!from.IsEmpty)
        {
            var count = (int)Math.Min((ulong)from.Length, HwConstants.PageSize - cursor.PageOffset);
            result = TranslateFor(space, cursor, CpuPermissions.Write, out var phys);
            if (result == CpuAccessResult.Ok)
            {
                result = FromBus(_bus.Write(Master, state, phys, from[..count]));
            }

            if (result != CpuAccessResult.Ok)
            {
                return Failed(space, cursor, (ulong)count, AccessDirection.Write, result);
            }

            from = from[count..];
            cursor += (ulong)count;
        }

        _clock.Advance(_costs.CpuCopy(total));
        result = CpuAccessResult.Ok;
        return true;
    }

    /// <summary>
    /// Zeroes <paramref name="length"/> bytes at <paramref name="va"/> through <paramref name="space"/>
    /// (clear_page / memset 0), page by page, each page a write the MMU and the firewall judge.
    /// Model: zeroing is not charged (the cost model has no figure for it), as before the kernel zeroed through the CPU.
    /// </summary>
    public bool TryZero(CpuAddressSpace space, CpuVirtAddr va, ulong length, SecurityState state, out CpuAccessResult result)
    {
        ArgumentNullException.ThrowIfNull(space);
        Master.EnsureCanIssue(state);
        var cursor = va;
        var left = length;
        while (left != 0)
        {
            var count = Math.Min(left, HwConstants.PageSize - cursor.PageOffset);
            result = TranslateFor(space, cursor, CpuPermissions.Write, out var phys);
            if (result == CpuAccessResult.Ok)
            {
                result = FromBus(_bus.Zero(Master, state, phys, count));
            }

            if (result != CpuAccessResult.Ok)
            {
                return Failed(space, cursor, count, AccessDirection.Write, result);
            }

            left -= count;
            cursor += count;
        }

        result = CpuAccessResult.Ok;
        return true;
    }

    /// <summary>
    /// memcpy inside <paramref name="space"/>: reads <paramref name="length"/> bytes at <paramref name="from"/>
    /// and writes them at <paramref name="to"/>, page by page, every page a read and a write the MMU and the
    /// firewall judge. Charged once, as one copy of <paramref name="length"/> bytes.
    /// </summary>
    public bool TryCopy(CpuAddressSpace space, CpuVirtAddr to, CpuVirtAddr from, ulong length, SecurityState state, out CpuAccessResult result)
    {
        ArgumentNullException.ThrowIfNull(space);
        Master.EnsureCanIssue(state);
        var buffer = new byte[HwConstants.PageSize];
        for (var done = 0UL; done < length;)
        {
            var count = (int)Math.Min(length - done, HwConstants.PageSize - Math.Max((from + done).PageOffset, (to + done).PageOffset));
            var chunk = buffer.AsSpan(0, count);
            result = TranslateFor(space, from + done, CpuPermissions.Read, out var source);
            if (result == CpuAccessResult.Ok)
            {
                result = FromBus(_bus.Read(Master, state, source, chunk));
            }

            if (result != CpuAccessResult.Ok)
            {
                return Failed(space, from + done, (ulong)count, AccessDirection.Read, result);
            }

            result = TranslateFor(space, to + done, CpuPermissions.Write, out var target);
            if (result == CpuAccessResult.Ok)
            {
                result = FromBus(_bus.Write(Master, state, target, chunk));
            }

            if (result != CpuAccessResult.Ok)
            {
                return Failed(space, to + done, (ulong)count, AccessDirection.Write, result);
            }

            done += (ulong)count;
        }

        _clock.Advance(_costs.CpuCopy(length));
        result = CpuAccessResult.Ok;
        return true;
    }

    private static CpuAccessResult TranslateFor(CpuAddressSpace space, CpuVirtAddr va, CpuPermissions needed, out PhysAddr phys)
    {
        if (!space.TryTranslate(va, out phys, out var permissions))
        {
            return CpuAccessResult.TranslationFault;
        }

        return (permissions & needed) == needed ? CpuAccessResult.Ok : CpuAccessResult.PermissionFault;
    }

    private static CpuAccessResult FromBus(BusAccessResult result) => result switch
    {
        BusAccessResult.Ok => CpuAccessResult.Ok,
        BusAccessResult.FirewallDenied => CpuAccessResult.FirewallDenied,
        _ => CpuAccessResult.NoMemory,
    };

    private bool Failed(CpuAddressSpace space, CpuVirtAddr va, ulong length, AccessDirection direction, CpuAccessResult result)
    {
        FaultCount++;
        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.CpuFault, space.Name, va.Value, length, (ulong)direction, result.ToString()));
        }

        return false;
    }
}
