namespace Protmem.SecureWorld;

/// <summary>TEE result codes (GlobalPlatform TEE_Result / TEEC_Result) as OP-TEE returns them.</summary>
public static class TeeResult
{
    public const uint SUCCESS = 0x0000_0000;
    public const uint GENERIC = 0xFFFF_0000;
    public const uint ACCESS_DENIED = 0xFFFF_0001;
    public const uint CANCEL = 0xFFFF_0002;
    public const uint ACCESS_CONFLICT = 0xFFFF_0003;
    public const uint EXCESS_DATA = 0xFFFF_0004;
    public const uint BAD_FORMAT = 0xFFFF_0005;
    public const uint BAD_PARAMETERS = 0xFFFF_0006;
    public const uint BAD_STATE = 0xFFFF_0007;
    public const uint ITEM_NOT_FOUND = 0xFFFF_0008;
    public const uint NOT_IMPLEMENTED = 0xFFFF_0009;
    public const uint NOT_SUPPORTED = 0xFFFF_000A;
    public const uint NO_DATA = 0xFFFF_000B;
    public const uint OUT_OF_MEMORY = 0xFFFF_000C;
    public const uint BUSY = 0xFFFF_000D;
    public const uint COMMUNICATION = 0xFFFF_000E;
    public const uint SECURITY = 0xFFFF_000F;
    public const uint SHORT_BUFFER = 0xFFFF_0010;
    public const uint TARGET_DEAD = 0xFFFF_3024;
}
