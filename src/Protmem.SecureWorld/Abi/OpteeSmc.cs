namespace Protmem.SecureWorld.Abi;

/// <summary>
/// OP-TEE's SMC ABI as optee_smc.h defines it: SMCCC function ids (32-bit convention, owner
/// "trusted OS" 50; the calls-UID/revision pair under owner 63), fast vs yielding ("standard")
/// calls, the return codes in a0 and the capability bits of EXCHANGE_CAPABILITIES.
/// </summary>
public static class OpteeSmc
{
    /// <summary>SMCCC bit 31: a fast call (atomic, never preempted).</summary>
    public const uint FastCallBit = 0x8000_0000;

    /// <summary>SMCCC owner field (bits 29:24) for a trusted OS: 50.</summary>
    public const uint OwnerTrustedOs = 50;

    /// <summary>SMCCC owner 63, "trusted OS end": home of the generic calls-UID/revision queries.</summary>
    public const uint OwnerTrustedOsEnd = 63;

    public const uint FUNCID_GET_OS_UUID = 0;
    public const uint FUNCID_GET_OS_REVISION = 1;
    public const uint FUNCID_CALL_WITH_ARG = 4;
    public const uint FUNCID_EXCHANGE_CAPABILITIES = 9;
    public const uint FUNCID_GET_PROTMEM_CONFIG = 20;
    public const uint FUNCID_CALLS_UID = 0xFF01;
    public const uint FUNCID_CALLS_REVISION = 0xFF03;

    /// <summary>OPTEE_SMC_CALLS_UID = 0xBF00FF01: a0..a3 = OPTEE_MSG_UID_0..3.</summary>
    public const uint CALLS_UID = FastCallBit | (OwnerTrustedOsEnd << 24) | FUNCID_CALLS_UID;

    /// <summary>OPTEE_SMC_CALLS_REVISION = 0xBF00FF03: a0 major, a1 minor of the message protocol.</summary>
    public const uint CALLS_REVISION = FastCallBit | (OwnerTrustedOsEnd << 24) | FUNCID_CALLS_REVISION;

    /// <summary>OPTEE_SMC_CALL_GET_OS_UUID = 0xB2000000: a0..a3 = OPTEE_MSG_OS_OPTEE_UUID_0..3.</summary>
    public const uint CALL_GET_OS_UUID = FastCallBit | (OwnerTrustedOs << 24) | FUNCID_GET_OS_UUID;

    /// <summary>OPTEE_SMC_CALL_GET_OS_REVISION = 0xB2000001: a0 major, a1 minor, a2 build id.</summary>
    public const uint CALL_GET_OS_REVISION = FastCallBit | (OwnerTrustedOs << 24) | FUNCID_GET_OS_REVISION;

    /// <summary>OPTEE_SMC_CALL_WITH_ARG = 0x32000004 (yielding): a1 = PA bits 63:32, a2 = PA bits 31:0 of an optee_msg_arg.</summary>
    public const uint CALL_WITH_ARG = (OwnerTrustedOs << 24) | FUNCID_CALL_WITH_ARG;

    /// <summary>OPTEE_SMC_EXCHANGE_CAPABILITIES = 0xB2000009: a1 in = non-secure caps; out a1 secure caps, a2 max notification value, a3 config data.</summary>
    public const uint EXCHANGE_CAPABILITIES = FastCallBit | (OwnerTrustedOs << 24) | FUNCID_EXCHANGE_CAPABILITIES;

    /// <summary>OPTEE_SMC_GET_PROTMEM_CONFIG = 0xB2000014: a1 start, a2 size, a3 PA width of the static carveout.</summary>
    public const uint GET_PROTMEM_CONFIG = FastCallBit | (OwnerTrustedOs << 24) | FUNCID_GET_PROTMEM_CONFIG;

    public const ulong RETURN_OK = 0x0;
    public const ulong RETURN_ETHREAD_LIMIT = 0x1;
    public const ulong RETURN_EBUSY = 0x2;
    public const ulong RETURN_ERESUME = 0x3;
    public const ulong RETURN_EBADADDR = 0x4;
    public const ulong RETURN_EBADCMD = 0x5;
    public const ulong RETURN_ENOMEM = 0x6;
    public const ulong RETURN_ENOTAVAIL = 0x7;
    public const ulong RETURN_UNKNOWN_FUNCTION = 0xFFFF_FFFF;

    public const ulong SEC_CAP_HAVE_RESERVED_SHM = 1UL << 0;
    public const ulong SEC_CAP_UNREGISTERED_SHM = 1UL << 1;
    public const ulong SEC_CAP_DYNAMIC_SHM = 1UL << 2;
    public const ulong SEC_CAP_MEMREF_NULL = 1UL << 4;
    public const ulong SEC_CAP_PROTMEM = 1UL << 8;
    public const ulong SEC_CAP_DYNAMIC_PROTMEM = 1UL << 9;

    public const ulong NSEC_CAP_UNIPROCESSOR = 1UL << 0;

    /// <summary>OPTEE_MSG_UID_0..3: 384fb3e0-e7f8-11e3-af63-0002a5d5c51b.</summary>
    public static ReadOnlySpan<uint> MessageUid => [0x384f_b3e0, 0xe7f8_11e3, 0xaf63_0002, 0xa5d5_c51b];

    /// <summary>OPTEE_MSG_OS_OPTEE_UUID_0..3: 486178e0-e7f8-11e3-bc5e-0002a5d5c51b.</summary>
    public static ReadOnlySpan<uint> OsUuid => [0x4861_78e0, 0xe7f8_11e3, 0xbc5e_0002, 0xa5d5_c51b];

    /// <summary>OPTEE_MSG_REVISION_MAJOR / MINOR.</summary>
    public const uint MessageRevisionMajor = 2;

    public const uint MessageRevisionMinor = 0;

    /// <summary>The OS revision this firmware reports (CFG_OPTEE_REVISION_MAJOR/MINOR of the release it follows).</summary>
    public const uint OsRevisionMajor = 4;

    public const uint OsRevisionMinor = 7;
}
