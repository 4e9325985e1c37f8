namespace Protmem.Kernel.Tee.Optee;

/// <summary>
/// optee_msg.h: the commands of <c>struct optee_msg_arg</c>, parameter attributes and results the driver
/// reads back. Header 32 bytes (cmd, func, session, cancel_id, pad, ret, ret_origin, num_params), then
/// 32-byte parameters (attr, a, b, c).
/// </summary>
internal static class OpteeMsgAbi
{
    public const uint CMD_OPEN_SESSION = 0;
    public const uint CMD_INVOKE_COMMAND = 1;
    public const uint CMD_CLOSE_SESSION = 2;
    public const uint CMD_CANCEL = 3;
    public const uint CMD_LEND_PROTMEM = 8;
    public const uint CMD_RECLAIM_PROTMEM = 9;
    public const uint CMD_GET_PROTMEM_CONFIG = 10;
    public const uint CMD_ASSIGN_PROTMEM = 11;

    public const ulong ATTR_TYPE_NONE = 0x0;
    public const ulong ATTR_TYPE_VALUE_INPUT = 0x1;
    public const ulong ATTR_TYPE_VALUE_OUTPUT = 0x2;
    public const ulong ATTR_TYPE_VALUE_INOUT = 0x3;
    public const ulong ATTR_TYPE_RMEM_INPUT = 0x5;
    public const ulong ATTR_TYPE_RMEM_OUTPUT = 0x6;
    public const ulong ATTR_TYPE_RMEM_INOUT = 0x7;
    public const ulong ATTR_TYPE_TMEM_INPUT = 0x9;
    public const ulong ATTR_TYPE_TMEM_OUTPUT = 0xa;
    public const ulong ATTR_TYPE_TMEM_INOUT = 0xb;
    public const ulong ATTR_TYPE_MASK = 0xff;
    public const ulong ATTR_META = 1UL << 8;
    public const ulong ATTR_NONCONTIG = 1UL << 9;

    /// <summary>OPTEE_MSG_FMEM_INVALID_GLOBAL_ID: an FF-A null memref.</summary>
    public const ulong FMEM_INVALID_GLOBAL_ID = ulong.MaxValue;

    public const int ArgHeaderSize = 32;
    public const int ParamSize = 32;

    public const uint TEEC_SUCCESS = 0;
    public const uint TEEC_ERROR_BAD_PARAMETERS = 0xFFFF_0006;
    public const uint TEEC_ERROR_COMMUNICATION = 0xFFFF_000E;
    public const uint TEEC_ERROR_SHORT_BUFFER = 0xFFFF_0010;
    public const uint TEEC_ORIGIN_COMMS = 2;

    public static int ArgSize(int numParams) => ArgHeaderSize + (numParams * ParamSize);
}
