namespace Protmem.Kernel.Tee.Optee;

/// <summary>
/// optee_smc.h as the normal-world driver sees it: SMCCC function ids, return codes in a0 and the
/// capability bits of EXCHANGE_CAPABILITIES. The kernel keeps its own copy: it shares only the ABI with
/// the secure world, never code.
/// </summary>
internal static class OpteeSmcAbi
{
    public const ulong CALLS_UID = 0xBF00_FF01;
    public const ulong CALLS_REVISION = 0xBF00_FF03;
    public const ulong CALL_GET_OS_REVISION = 0xB200_0001;
    public const ulong CALL_WITH_ARG = 0x3200_0004;
    public const ulong EXCHANGE_CAPABILITIES = 0xB200_0009;
    public const ulong GET_PROTMEM_CONFIG = 0xB200_0014;

    public const ulong RETURN_OK = 0;

    public const ulong SEC_CAP_DYNAMIC_SHM = 1UL << 2;
    public const ulong SEC_CAP_MEMREF_NULL = 1UL << 4;
    public const ulong SEC_CAP_PROTMEM = 1UL << 8;
    public const ulong SEC_CAP_DYNAMIC_PROTMEM = 1UL << 9;

    public const ulong NSEC_CAP_UNIPROCESSOR = 1UL << 0;

    /// <summary>OPTEE_MSG_UID: 384fb3e0-e7f8-11e3-af63-0002a5d5c51b, as a0..a3 of CALLS_UID.</summary>
    public static ReadOnlySpan<uint> MessageUid => [0x384f_b3e0, 0xe7f8_11e3, 0xaf63_0002, 0xa5d5_c51b];

    public const uint MessageRevisionMajor = 2;
}
