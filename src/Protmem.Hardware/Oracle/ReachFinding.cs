using System.Globalization;

namespace Protmem.Hardware.Oracle;

/// <summary>A path the monitor saw open: when, who made the change, which memory, and what is wrong.</summary>
/// <param name="Nanoseconds">Simulated time of the change.</param>
/// <param name="Actor">The block and agent whose change opened the path ("tzc400 region 3 (secure firmware)", "address space 'xtest[4]'").</param>
/// <param name="Range">The physical memory the path reaches.</param>
/// <param name="What">The sentence: who can reach what.</param>
public sealed record ReachFinding(ulong Nanoseconds, string Actor, PhysRange Range, string What)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"at {Nanoseconds / 1e6:F6} ms, {Actor}: {What}");
}
