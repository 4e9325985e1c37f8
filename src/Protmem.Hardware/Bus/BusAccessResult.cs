namespace Protmem.Hardware.Bus;

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
