using Protmem.Hardware;

namespace Protmem.Platform;

/// <summary>A dynamic protected-memory use case and who may reach its memory.</summary>
/// <param name="Name">The node name (e.g. <c>secure-video</c>), used in heap names.</param>
/// <param name="UseCase">The id (1 secure video play, 2 trusted UI, 3 secure video record).</param>
/// <param name="Masters">Bus masters allowed to reach a region lent for it.</param>
/// <param name="MinSize">The region size the kernel lends (<c>protmem,min-size</c>; default 1 MiB).</param>
/// <param name="Alignment">Alignment of a lent region (<c>protmem,alignment</c>; default 4 KiB).</param>
public sealed record UseCaseDescription(string Name, uint UseCase, IReadOnlyList<string> Masters, ulong MinSize = 1024 * 1024, ulong Alignment = HwConstants.PageSize);
