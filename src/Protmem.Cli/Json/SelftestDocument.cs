namespace Protmem.Cli.Json;

/// <summary><c>protmem selftest dmabuf-heaps --json</c> (schema <see cref="SchemaName"/>).</summary>
internal sealed record SelftestDocument(
    string Schema,
    string Board,
    ulong Seed,
    string Selftest,
    IReadOnlyList<string> Heaps,
    IReadOnlyList<CheckDocument> Checks,
    int Passed,
    int Failed,
    int Skipped,
    string Verdict,
    int ExitCode)
{
    public const string SchemaName = "protmem.selftest/1";
}
