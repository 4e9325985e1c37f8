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
