namespace Protmem.Hardware.Bus;

/// <summary>One access on the bus: who, in which security state, where, how long, read or write.</summary>
public readonly record struct BusTransaction(
    BusMaster Master,
    SecurityState State,
    PhysAddr Address,
    ulong Length,
    AccessDirection Direction)
{
    /// <summary>The bytes the transaction touches.</summary>
    public PhysRange Range => new(Address, Length);
}

/// <summary>The outcome of a bus transaction.</summary>
public enum BusAccessResult
{
    /// <summary>The firewall allowed it and DRAM answered.</summary>
    Ok = 0,

    /// <summary>The firewall denied it (a bus fault was recorded).</summary>
    FirewallDenied = 1,

    /// <summary>No DRAM bank holds the whole range (a decode error; a bus fault was recorded).</summary>
    NoMemory = 2,
}

/// <summary>A denied or undecodable transaction, as recorded in the bus's fault log.</summary>
/// <param name="Time">Simulated nanoseconds.</param>
/// <param name="Master">Who issued it.</param>
/// <param name="State">In which security state.</param>
/// <param name="Address">Its first byte.</param>
/// <param name="Length">Its length.</param>
/// <param name="Direction">Read or write.</param>
/// <param name="Reason">Why it failed.</param>
public sealed record BusFault(
    ulong Time,
    BusMaster Master,
    SecurityState State,
    PhysAddr Address,
    ulong Length,
    AccessDirection Direction,
    BusAccessResult Reason);
