using Protmem.Platform;

namespace Protmem.Cli.Json;

/// <summary><c>protmem xtest --json</c> (schema <see cref="SchemaName"/>).</summary>
internal sealed record XtestDocument(
    string Schema,
    string Board,
    ulong Seed,
    string Program,
    string? Heap,
    IReadOnlyList<SubtestDocument> Subtests,
    int SubtestsRun,
    int SubtestsFailed,
    int SubtestsSkipped,
    string Output,
    IReadOnlyList<NotModelledEntry> NotModelled,
    ulong SimulatedNanoseconds,
    string Verdict,
    string? Reason,
    int ExitCode)
{
    public const string SchemaName = "protmem.xtest/1";
}
