using System.Globalization;
using Protmem.Hardware;
using Protmem.Platform.Bindings;

namespace Protmem.Platform.Summary;

/// <summary>A range of memory: what it is, its bounds in hex, its size in bytes.</summary>
public sealed record MemoryRow(string Kind, string Start, string End, ulong Size)
{
    internal ulong StartValue { get; init; }

    internal static MemoryRow Of(string kind, PhysRange range) =>
        new(kind, PlatformSummary.Hex(range.Start.Value), PlatformSummary.Hex(range.End.Value), range.Length) { StartValue = range.Start.Value };
}
