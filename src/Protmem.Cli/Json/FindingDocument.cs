namespace Protmem.Cli.Json;

/// <summary>One safety finding.</summary>
/// <param name="Kind">"monitor", "point" or "quiescent".</param>
/// <param name="Step">The step whose check found it ("safety monitor" for the monitor).</param>
/// <param name="Subtest">The sub-test after which the check ran (the checks after each xtest sub-test); null otherwise.</param>
/// <param name="Nanoseconds">Simulated time of the change (monitor) or the check.</param>
/// <param name="Actor">Who made the change that opened the path; null when the check does not attribute one.</param>
/// <param name="Range">The physical memory reached; null when the finding names no range.</param>
/// <param name="What">The sentence.</param>
internal sealed record FindingDocument(string Kind, string Step, string? Subtest, ulong Nanoseconds, string? Actor, RangeDocument? Range, string What);
