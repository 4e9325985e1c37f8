using Protmem.Platform;

namespace Protmem.Cli.Json;

/// <summary><c>protmem run --json</c>: the whole report (docs/json-output.md, schema <see cref="SchemaName"/>).</summary>
internal sealed record RunDocument(
    string Schema,
    string Board,
    string Model,
    ulong Seed,
    string Design,
    string? Tee,
    IReadOnlyList<string> Heaps,
    string? SdpHeap,
    IReadOnlyList<StepDocument> Steps,
    IReadOnlyList<FindingDocument> SafetyFindings,
    MonitorDocument Monitor,
    IReadOnlyList<NotModelledEntry> NotModelled,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> UnboundNodes,
    ulong SimulatedNanoseconds,
    string Verdict,
    IReadOnlyList<string> Reasons,
    int ExitCode)
{
    public const string SchemaName = "protmem.run/1";
}
