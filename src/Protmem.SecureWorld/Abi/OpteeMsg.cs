namespace Protmem.SecureWorld.Abi;

/// <summary>
/// OP-TEE's message protocol (optee_msg.h): the commands of <c>struct optee_msg_arg.cmd</c>,
/// the parameter attribute types and flags, login methods, and the byte layout of the 32-byte
/// header and the 32-byte parameters.
/// </summary>
public static class OpteeMsg
{
    public const uint CMD_OPEN_SESSION = 0;
    public const uint CMD_INVOKE_COMMAND = 1;
    public const uint CMD_CLOSE_SESSION = 2;
    public const uint CMD_CANCEL = 3;
    public const uint CMD_REGISTER_SHM = 4;
    public const uint CMD_UNREGISTER_SHM = 5;
    public const uint CMD_DO_BOTTOM_HALF = 6;
    public const uint CMD_STOP_ASYNC_NOTIF = 7;
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
    public const ulong ATTR_TYPE_FMEM_INPUT = ATTR_TYPE_RMEM_INPUT;
    public const ulong ATTR_TYPE_FMEM_OUTPUT = ATTR_TYPE_RMEM_OUTPUT;
    public const ulong ATTR_TYPE_FMEM_INOUT = ATTR_TYPE_RMEM_INOUT;
    public const ulong ATTR_TYPE_TMEM_INPUT = 0x9;
    public const ulong ATTR_TYPE_TMEM_OUTPUT = 0xa;
    public const ulong ATTR_TYPE_TMEM_INOUT = 0xb;
    public const ulong ATTR_TYPE_MASK = 0xff;

    /// <summary>A meta parameter: carries information for the OS, not the TA (the UUIDs of OPEN_SESSION).</summary>
    public const ulong ATTR_META = 1UL << 8;

    /// <summary>buf_ptr points at a list of page addresses, not at the buffer (low 12 bits: offset into the first page).</summary>
    public const ulong ATTR_NONCONTIG = 1UL << 9;

    public const int ATTR_CACHE_SHIFT = 16;
    public const ulong ATTR_CACHE_MASK = 0x7;

    public const uint LOGIN_PUBLIC = 0;
    public const uint LOGIN_USER = 1;
    public const uint LOGIN_GROUP = 2;
    public const uint LOGIN_APPLICATION = 4;
    public const uint LOGIN_APPLICATION_USER = 5;
    public const uint LOGIN_APPLICATION_GROUP = 6;

    /// <summary>sizeof(struct optee_msg_arg) without parameters.</summary>
    public const int ArgHeaderSize = 32;

    /// <summary>sizeof(struct optee_msg_param).</summary>
    public const int ParamSize = 32;

    /// <summary>The size of the page lists of NONCONTIG buffers: 511 page addresses and a next-page link.</summary>
    public const int NoncontigPageSize = 4096;

    /// <summary>OPTEE_MSG_GET_ARG_SIZE(num_params).</summary>
    public static int GetArgSize(int numParams) => ArgHeaderSize + (numParams * ParamSize);

    /// <summary>The most parameters this firmware accepts in one message (its arg must fit one 4 KiB page).</summary>
    public const int MaxParams = (4096 - ArgHeaderSize) / ParamSize;

    /// <summary>Byte offsets inside struct optee_msg_arg.</summary>
    public const int OffsetCmd = 0;
    public const int OffsetFunc = 4;
    public const int OffsetSession = 8;
    public const int OffsetCancelId = 12;
    public const int OffsetPad = 16;
    public const int OffsetRet = 20;
    public const int OffsetRetOrigin = 24;
    public const int OffsetNumParams = 28;
}
