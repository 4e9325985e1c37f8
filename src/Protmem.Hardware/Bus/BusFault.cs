namespace Protmem.Hardware.Bus;

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
