namespace Protmem.Cli.Json;

/// <summary>A physical range [Start, End): numbers, not hex strings.</summary>
internal sealed record RangeDocument(ulong Start, ulong End);
