namespace Protmem.Cli.Json;

/// <summary>One step of a run: its verdict, why, and its sub-tests (none for a safety check).</summary>
/// <param name="Name">The step as the text report names it ("xtest --sdp-basic", "safety after xtest 1014").</param>
/// <param name="Verdict">"PASS", "FAIL" or "SKIP".</param>
/// <param name="TestsProtectedMemory">Whether its PASS says something about protected memory.</param>
/// <param name="Reason">Why it was skipped or what failed; null when it passed.</param>
/// <param name="Subtests">Its sub-tests or checks, in order.</param>
internal sealed record StepDocument(string Name, string Verdict, bool TestsProtectedMemory, string? Reason, IReadOnlyList<SubtestDocument> Subtests);
