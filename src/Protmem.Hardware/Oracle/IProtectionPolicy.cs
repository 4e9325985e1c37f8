namespace Protmem.Hardware.Oracle;

/// <summary>What must not be reachable right now: the design's protected ranges, read at each check.</summary>
public interface IProtectionPolicy
{
    /// <summary>The protected ranges now (cheap to ask: the monitor asks at every change it checks).</summary>
    IReadOnlyList<ProtectedRange> ProtectedRanges { get; }
}
