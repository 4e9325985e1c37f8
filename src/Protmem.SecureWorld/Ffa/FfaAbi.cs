namespace Protmem.SecureWorld.Ffa;

/// <summary>
/// Arm FF-A v1.1 function ids, error codes and memory-descriptor constants (include/linux/arm_ffa.h,
/// drivers/firmware/arm_ffa), and OP-TEE's commands over FF-A direct messages (optee_ffa.h).
/// </summary>
public static class FfaAbi
{
    public const uint FFA_ERROR = 0x8400_0060;
    public const uint FFA_SUCCESS = 0x8400_0061;
    public const uint FFA_FN64_SUCCESS = 0xC400_0061;
    public const uint FFA_VERSION = 0x8400_0063;
    public const uint FFA_FEATURES = 0x8400_0064;
    public const uint FFA_RX_RELEASE = 0x8400_0065;
    public const uint FFA_RXTX_MAP = 0x8400_0066;
    public const uint FFA_FN64_RXTX_MAP = 0xC400_0066;
    public const uint FFA_RXTX_UNMAP = 0x8400_0067;
    public const uint FFA_ID_GET = 0x8400_0069;
    public const uint FFA_MSG_SEND_DIRECT_REQ = 0x8400_006F;
    public const uint FFA_FN64_MSG_SEND_DIRECT_REQ = 0xC400_006F;
    public const uint FFA_MSG_SEND_DIRECT_RESP = 0x8400_0070;
    public const uint FFA_FN64_MSG_SEND_DIRECT_RESP = 0xC400_0070;
    public const uint FFA_MEM_SHARE = 0x8400_0073;
    public const uint FFA_FN64_MEM_SHARE = 0xC400_0073;
    public const uint FFA_MEM_LEND = 0x8400_0072;
    public const uint FFA_FN64_MEM_LEND = 0xC400_0072;
    public const uint FFA_MEM_RECLAIM = 0x8400_0077;
    public const uint FFA_MSG_SEND_DIRECT_REQ2 = 0xC400_008D;

    /// <summary>FF-A v1.1: major 1 (bits 30:16), minor 1.</summary>
    public const uint FFA_VERSION_1_1 = 0x0001_0001;

    public const int FFA_RET_NOT_SUPPORTED = -1;
    public const int FFA_RET_INVALID_PARAMETERS = -2;
    public const int FFA_RET_NO_MEMORY = -3;
    public const int FFA_RET_BUSY = -4;
    public const int FFA_RET_INTERRUPTED = -5;
    public const int FFA_RET_DENIED = -6;
    public const int FFA_RET_RETRY = -7;
    public const int FFA_RET_ABORTED = -8;
    public const int FFA_RET_NO_DATA = -9;

    /// <summary>Endpoint memory access permissions (ffa_mem_region_attributes.attrs).</summary>
    public const uint MEM_RO = 1u << 0;
    public const uint MEM_RW = 1u << 1;
    public const uint MEM_NO_EXEC = 1u << 2;
    public const uint MEM_EXEC = 1u << 3;

    /// <summary>sizeof(struct ffa_mem_region) in FF-A v1.1.</summary>
    public const int MemRegionSize = 48;

    /// <summary>sizeof(struct ffa_mem_region_attributes) (the endpoint memory access descriptor, v1.1).</summary>
    public const int EndpointDescriptorSize = 16;

    /// <summary>sizeof(struct ffa_composite_mem_region) and of one ffa_mem_region_addr_range.</summary>
    public const int CompositeHeaderSize = 16;

    public const int ConstituentSize = 16;

    public const uint OPTEE_FFA_GET_API_VERSION = 0;
    public const uint OPTEE_FFA_GET_OS_VERSION = 1;
    public const uint OPTEE_FFA_EXCHANGE_CAPABILITIES = 2;
    public const uint OPTEE_FFA_UNREGISTER_SHM = 3;
    public const uint OPTEE_FFA_RELEASE_PROTMEM = 8;
    public const uint OPTEE_FFA_YIELDING_CALL_WITH_ARG = 0x8000_0000;

    public const uint OPTEE_FFA_YIELDING_CALL_RETURN_DONE = 0;

    public const uint OPTEE_FFA_VERSION_MAJOR = 1;
    public const uint OPTEE_FFA_VERSION_MINOR = 0;

    public const uint OPTEE_FFA_SEC_CAP_ARG_OFFSET = 1u << 0;
    public const uint OPTEE_FFA_SEC_CAP_ASYNC_NOTIF = 1u << 1;
    public const uint OPTEE_FFA_SEC_CAP_RPMB_PROBE = 1u << 2;
    public const uint OPTEE_FFA_SEC_CAP_PROTMEM = 1u << 3;

    /// <summary>THREAD_RPC_MAX_NUM_PARAMS: parameters in an RPC argument, reported by EXCHANGE_CAPABILITIES.</summary>
    public const uint RpcMaxParams = 4;
}
