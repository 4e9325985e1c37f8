using Protmem.Hardware.Firewall;
using Protmem.Hardware.Memory;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware.Bus;

/// <summary>
/// The interconnect between masters and DRAM. Every access is one <see cref="BusTransaction"/>:
/// 1. the master must be able to issue the security state (else a model bug: exception);
/// 2. the range must lie in one DRAM bank (else a decode fault);
/// 3. the firewall must allow every byte (else a firewall fault);
/// 4. then DRAM is read or written. A failed access changes no byte, is recorded as a
///    <see cref="BusFault"/> (fault log and trace) and reported to the caller; it never throws.
/// The firewall is asked once per transaction, not per byte.
/// </summary>
public sealed class SystemBus
{
    /// <summary>How many faults the log keeps; older ones are dropped (<see cref="FaultCount"/> still counts them).</summary>
    public const int FaultLogCapacity = 4096;

    private readonly Queue<BusFault> _faults = new();
    private readonly SimClock _clock;
    private readonly Trace _trace;

    public SystemBus(PhysicalMemory memory, Tzc400Firewall firewall, SimClock clock, Trace trace)
    {
        Memory = memory;
        Firewall = firewall;
        _clock = clock;
        _trace = trace;
    }

    public PhysicalMemory Memory { get; }

    /// <summary>The clock faults are stamped with.</summary>
    internal SimClock Clock => _clock;

    /// <summary>The trace faults go to.</summary>
    internal Trace Trace => _trace;

    public Tzc400Firewall Firewall { get; }

    /// <summary>The most recent faults (at most <see cref="FaultLogCapacity"/>), oldest first.</summary>
    public IReadOnlyCollection<BusFault> Faults => _faults;

    /// <summary>All faults since power-on, including those dropped from the log.</summary>
    public long FaultCount { get; private set; }

    /// <summary>Transactions the bus carried successfully.</summary>
    public long CompletedTransactions { get; private set; }

    /// <summary>Reads <paramref name="into"/>.Length bytes at <paramref name="address"/>; false (and a fault) when denied.</summary>
    public bool TryRead(BusMaster master, SecurityState state, PhysAddr address, Span<byte> into) =>
        Read(master, state, address, into) == BusAccessResult.Ok;

    /// <summary>Writes <paramref name="from"/> at <paramref name="address"/>; false (and a fault) when denied.</summary>
    public bool TryWrite(BusMaster master, SecurityState state, PhysAddr address, ReadOnlySpan<byte> from) =>
        Write(master, state, address, from) == BusAccessResult.Ok;

    /// <summary>Reads, telling why it failed; never throws for a denied access.</summary>
    public BusAccessResult Read(BusMaster master, SecurityState state, PhysAddr address, Span<byte> into)
    {
        var result = Admit(new BusTransaction(master, state, address, (ulong)into.Length, AccessDirection.Read), out var bank);
        if (bank is not null)
        {
            bank.Read(address, into);
        }
        else if (result == BusAccessResult.Ok)
        {
            Memory.Read(address, into);
        }

        return result;
    }

    /// <summary>Writes, telling why it failed; never throws for a denied access.</summary>
    public BusAccessResult Write(BusMaster master, SecurityState state, PhysAddr address, ReadOnlySpan<byte> from)
    {
        var result = Admit(new BusTransaction(master, state, address, (ulong)from.Length, AccessDirection.Write), out var bank);
        if (bank is not null)
        {
            bank.Write(address, from);
        }
        else if (result == BusAccessResult.Ok)
        {
            Memory.Write(address, from);
        }

        return result;
    }

    /// <summary>
    /// A write of zeros over <paramref name="length"/> bytes (a cache-line zeroing store such as DC ZVA,
    /// issued back to back): one write transaction the firewall judges like any other. Zeroed whole pages
    /// give their host memory back.
    /// </summary>
    public BusAccessResult Zero(BusMaster master, SecurityState state, PhysAddr address, ulong length)
    {
        var result = Admit(new BusTransaction(master, state, address, length, AccessDirection.Write), out _);
        if (result == BusAccessResult.Ok && length != 0)
        {
            Memory.Zero(new PhysRange(address, length));
        }

        return result;
    }

    /// <summary>Decides a transaction without moving data (recording the fault when it fails).</summary>
    public BusAccessResult Check(in BusTransaction transaction) => Admit(transaction, out _);

    /// <summary>Decides <paramref name="t"/>; on success <paramref name="bank"/> is the one bank holding it, or null when it spans banks.</summary>
    private BusAccessResult Admit(in BusTransaction t, out Dram? bank)
    {
        ArgumentNullException.ThrowIfNull(t.Master);
        t.Master.EnsureCanIssue(t.State);
        bank = null;
        if (t.Length == 0)
        {
            return BusAccessResult.Ok;
        }

        Dram? found = null;
        if (Memory.TryFindBank(t.Address, t.Length, out var single))
        {
            found = single;
        }
        else if (!Memory.Contains(t.Range))
        {
            return Fault(t, BusAccessResult.NoMemory);
        }

        if (!Firewall.Allows(t.Master.Id, t.State, t.Address, t.Length, t.Direction))
        {
            return Fault(t, BusAccessResult.FirewallDenied);
        }

        bank = found;
        CompletedTransactions++;
        return BusAccessResult.Ok;
    }

    private BusAccessResult Fault(in BusTransaction t, BusAccessResult reason)
    {
        FaultCount++;
        if (_faults.Count == FaultLogCapacity)
        {
            _faults.Dequeue();
        }

        _faults.Enqueue(new BusFault(_clock.Now, t.Master, t.State, t.Address, t.Length, t.Direction, reason));
        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.BusFault, t.Master.Name, t.Address.Value, t.Length, (ulong)t.Direction,
                reason == BusAccessResult.NoMemory ? "no-memory " + t.State : "firewall " + t.State));
        }

        return reason;
    }
}
