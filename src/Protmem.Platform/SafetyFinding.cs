namespace Protmem.Platform;

/// <summary>
/// One safety finding as a report lists it, with no hardware type in it (for the presentation layer): what
/// found it, when, who made the change, which physical memory, and the sentence.
/// </summary>
/// <param name="Kind">"monitor" (the continuous monitor saw the change open a path), "point" (a whole-machine check) or "quiescent" (the after-exit check).</param>
/// <param name="Nanoseconds">Simulated time of the change (monitor) or of the check (point, quiescent).</param>
/// <param name="Actor">The block and agent whose change opened the path; null when the check does not attribute one.</param>
/// <param name="Start">The first byte of the physical memory reached; null when the finding names no range.</param>
/// <param name="End">One past the last byte; null when the finding names no range.</param>
/// <param name="What">The sentence: who can reach what, or what was left behind.</param>
public sealed record SafetyFinding(string Kind, ulong Nanoseconds, string? Actor, ulong? Start, ulong? End, string What);
