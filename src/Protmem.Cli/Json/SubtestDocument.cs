namespace Protmem.Cli.Json;

/// <summary>One sub-test of an xtest program, or one check of a selftest.</summary>
/// <param name="Id">"sdp-basic.1", "regression_1014.2", or the selftest's TAP number ("3").</param>
/// <param name="Name">Its title.</param>
/// <param name="Verdict">"PASS", "FAIL" or "SKIP".</param>
/// <param name="Expected">What xtest expects the C function to return (0 success, 1 failure); null for a selftest check.</param>
/// <param name="Got">What it returned; null when it did not run to the end or for a selftest check.</param>
/// <param name="Message">Why it was skipped or failed (a selftest check's errno text); null when it passed silently.</param>
/// <param name="MemrefCases">The out-of-bounds memref cases with the TEE client's result and origin (empty when none).</param>
internal sealed record SubtestDocument(string Id, string Name, string Verdict, int? Expected, int? Got, string? Message, IReadOnlyList<MemrefCaseDocument> MemrefCases);
