using System.Globalization;
using Protmem.Hardware;
using Protmem.Platform.Bindings;

namespace Protmem.Platform.Summary;

/// <summary>A dynamic protected-memory use case.</summary>
public sealed record UseCaseRow(string Name, uint UseCase, ulong MinSize, ulong Alignment, IReadOnlyList<string> Masters);
