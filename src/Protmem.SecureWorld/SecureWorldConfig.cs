using Protmem.Hardware;

namespace Protmem.SecureWorld;

/// <summary>Which conduit the normal world speaks to the firmware through.</summary>
public enum SecureWorldAbi
{
    /// <summary>OP-TEE's own SMC ABI (optee_smc.h).</summary>
    Smc = 0,

    /// <summary>Arm FF-A, with OP-TEE as a secure partition (optee_ffa.h); dynamic protected memory only.</summary>
    Ffa = 1,
}

/// <summary>A bus master allowed to reach a use case's (or a carveout's) protected memory, and how.</summary>
/// <param name="MasterName">The SoC's name for the bus master (e.g. "vdec").</param>
/// <param name="Read">The master may read.</param>
/// <param name="Write">The master may write.</param>
public sealed record ProtectedMemoryEndpoint(string MasterName, bool Read = true, bool Write = true);

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

/// <summary>The MediaTek-style secure-memory carveout owned by the secmem TA.</summary>
/// <param name="Range">The carveout (page-aligned, DRAM, outside the normal world's use).</param>
/// <param name="Endpoints">Bus masters (besides the secure world) that may reach it.</param>
public sealed record SecmemCarveout(PhysRange Range, IReadOnlyList<ProtectedMemoryEndpoint> Endpoints);

/// <summary>
/// Everything the firmware needs to know about its platform, as plain data (a device tree or the
/// build configuration of a real OP-TEE gives the same facts).
/// </summary>
public sealed record SecureWorldConfig
{
    /// <summary>The conduit: SMC (default) or FF-A.</summary>
    public SecureWorldAbi Abi { get; init; } = SecureWorldAbi.Smc;

    /// <summary>TZDRAM: the firmware's own memory, firewalled secure-only at install (less any carveout inside it).</summary>
    public PhysRange SecureDram { get; init; }

    /// <summary>
    /// The static SDP carveout (CFG_TEE_SDP_MEM_BASE/SIZE; OP-TEE QEMU: the last 4 MiB of TZDRAM), or null.
    /// Set it for SEC_CAP_PROTMEM; leave <see cref="UseCases"/> empty then.
    /// </summary>
    public PhysRange? StaticCarveout { get; init; }

    /// <summary>Bus masters that may reach the static carveout besides the secure world.</summary>
    public IReadOnlyList<ProtectedMemoryEndpoint> StaticCarveoutEndpoints { get; init; } = [];

    /// <summary>Dynamic protected-memory use cases (CFG_CORE_DYN_PROTMEM); non-empty means SEC_CAP_DYNAMIC_PROTMEM.</summary>
    public IReadOnlyList<ProtectedMemoryUseCase> UseCases { get; init; } = [];

    /// <summary>The MediaTek-style secmem TA's carveout, or null (then the TA is absent).</summary>
    public SecmemCarveout? Secmem { get; init; }

    /// <summary>The trusted applications present (the invoke-tests pseudo-TA is always built in).</summary>
    public IReadOnlyList<TeeUuid> TrustedApplications { get; init; } = [TrustedApplicationIds.SdpBasic];

    /// <summary>OP-TEE's FF-A partition id (the normal world is endpoint 0).</summary>
    public ushort FfaPartitionId { get; init; } = 0x8001;

    /// <summary>The protected-memory mode the configuration asks for.</summary>
    public bool HasDynamicProtectedMemory => UseCases.Count > 0;

    /// <summary>OP-TEE QEMU (plat-vexpress qemu_armv8a): 4 MiB SDP test memory at the end of TZDRAM, SMC ABI.</summary>
    public static SecureWorldConfig QemuStatic(PhysRange secureDram, IReadOnlyList<ProtectedMemoryEndpoint>? carveoutEndpoints = null)
    {
        const ulong sdpSize = 4 * 1024 * 1024;
        if (secureDram.Length <= sdpSize)
        {
            throw new ArgumentException($"TZDRAM {secureDram} is too small to hold the 4 MiB SDP carveout", nameof(secureDram));
        }

        return new SecureWorldConfig
        {
            SecureDram = secureDram,
            StaticCarveout = new PhysRange(secureDram.End - sdpSize, sdpSize),
            StaticCarveoutEndpoints = carveoutEndpoints ?? [],
        };
    }
}

/// <summary>The UUIDs of the trusted applications this firmware carries.</summary>
public static class TrustedApplicationIds
{
    /// <summary>optee_test's sdp_basic TA.</summary>
    public static TeeUuid SdpBasic { get; } = TeeUuid.Parse("12345678-5b69-11e4-9dbb-101f74f00099");

    /// <summary>optee_os's invoke-tests pseudo-TA (core/pta/tests/invoke.c).</summary>
    public static TeeUuid InvokeTestsPta { get; } = TeeUuid.Parse("d96a5b40-c3e5-21e3-8794-1002a5d5c61b");

    /// <summary>MediaTek's secure-memory TA.</summary>
    public static TeeUuid MtkSecmem { get; } = TeeUuid.Parse("4477588a-8476-11e2-ad15-e41f1390d676");
}
