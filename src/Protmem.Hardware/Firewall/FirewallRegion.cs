namespace Protmem.Hardware.Firewall;

/// <summary>A read-only view of one firewall region.</summary>
/// <param name="Index">0 is the background region; 1..N the programmable ones.</param>
/// <param name="Enabled">A disabled region decides nothing (the background does).</param>
/// <param name="Range">What it covers (the background covers the whole physical address space).</param>
/// <param name="Permissions">What it lets through.</param>
public readonly record struct FirewallRegion(int Index, bool Enabled, PhysRange Range, FirewallPermissions Permissions);
