using System.Globalization;
using Protmem.Hardware;
using Protmem.Platform.Bindings;

namespace Protmem.Platform.Summary;

/// <summary>The TEE: its node, its ABI, its memory, its use cases, the region it lends from.</summary>
public sealed record TeeRow(string Path, string Abi, MemoryRow? SecureDram, MemoryRow? StaticCarveout, IReadOnlyList<string> StaticCarveoutMasters, IReadOnlyList<UseCaseRow> UseCases, string? LendsFrom);
