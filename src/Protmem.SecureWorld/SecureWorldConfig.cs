using Protmem.Hardware;

namespace Protmem.SecureWorld;

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

    /// <summary>
    /// Carveouts firewalled at boot for secure transactions only (a GPU's firmware memory, reached by the GPU in
    /// protected mode): no non-secure master, the CPU included, reaches them.
    /// </summary>
    public IReadOnlyList<SecureCarveout> SecureCarveouts { get; init; } = [];

    /// <summary>The MediaTek-style secmem TA's carveout, or null (then the TA is absent).</summary>
    public SecmemCarveout? Secmem { get; init; }

    /// <summary>The trusted applications present (the invoke-tests pseudo-TA is always built in).</summary>
    public IReadOnlyList<TeeUuid> TrustedApplications { get; init; } = [TrustedApplicationIds.SdpBasic];

    /// <summary>The secure-only touchscreen controller's master the trusted-UI TA drives, or null (then the TA is absent).</summary>
    public string? TrustedUiTouchscreen { get; init; }

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
