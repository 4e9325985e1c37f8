using Protmem.Hardware;

namespace Protmem.SecureWorld;

/// <summary>A dynamic protected-memory use case the platform supports (OP-TEE's plat_get_protmem_config).</summary>
/// <param name="UseCase">The use-case id (1 secure video play, 2 trusted UI, 3 secure video record; 0 is reserved).</param>
/// <param name="Endpoints">The bus masters that may reach a region lent for this use case (its memory attributes).</param>
/// <param name="MinSize">The size of region the kernel must lend (default 1 MiB).</param>
/// <param name="Alignment">The alignment of a lent region's PA and size (at least 4 KiB).</param>
public sealed record ProtectedMemoryUseCase(
    uint UseCase,
    IReadOnlyList<ProtectedMemoryEndpoint> Endpoints,
    ulong MinSize = ProtectedMemoryUseCase.DefaultMinSize,
    ulong Alignment = HwConstants.PageSize)
{
    /// <summary>OP-TEE's default min_mem_sz: 1 MiB.</summary>
    public const ulong DefaultMinSize = 1024 * 1024;
}
