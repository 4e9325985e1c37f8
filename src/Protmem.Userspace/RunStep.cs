namespace Protmem.Userspace;

/// <summary>One step of a run (a program, a selftest, a check) as the run's verdict weighs it.</summary>
/// <param name="Name">The step, as the report names it ("xtest --sdp-basic").</param>
/// <param name="Verdict">Its verdict.</param>
/// <param name="TestsProtectedMemory">Whether its Pass says something about protected memory (an SDP program, a protected heap's checks).</param>
/// <param name="Reason">Why it was skipped (or what failed), for the report; null when it passed.</param>
public sealed record RunStep(string Name, Verdict Verdict, bool TestsProtectedMemory, string? Reason = null);
