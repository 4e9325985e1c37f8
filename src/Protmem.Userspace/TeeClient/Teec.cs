namespace Protmem.Userspace.TeeClient;

/// <summary>
/// The GlobalPlatform TEE Client API constants a client program uses (tee_client_api.h):
/// parameter types, shared-memory flags and login methods. Result codes and origins are the
/// uapi's (<see cref="Uapi.Tee.TeecResult"/>, <see cref="Uapi.Tee.TeecOrigin"/>).
/// </summary>
public static class Teec
{
    /// <summary>An operation carries at most four parameters.</summary>
    public const int TEEC_CONFIG_PAYLOAD_REF_COUNT = 4;

    public const uint TEEC_NONE = 0x0;
    public const uint TEEC_VALUE_INPUT = 0x1;
    public const uint TEEC_VALUE_OUTPUT = 0x2;
    public const uint TEEC_VALUE_INOUT = 0x3;
    public const uint TEEC_MEMREF_TEMP_INPUT = 0x5;
    public const uint TEEC_MEMREF_TEMP_OUTPUT = 0x6;
    public const uint TEEC_MEMREF_TEMP_INOUT = 0x7;
    public const uint TEEC_MEMREF_WHOLE = 0xC;
    public const uint TEEC_MEMREF_PARTIAL_INPUT = 0xD;
    public const uint TEEC_MEMREF_PARTIAL_OUTPUT = 0xE;
    public const uint TEEC_MEMREF_PARTIAL_INOUT = 0xF;

    /// <summary>The TEE may read the shared memory.</summary>
    public const uint TEEC_MEM_INPUT = 0x1;

    /// <summary>The TEE may write the shared memory.</summary>
    public const uint TEEC_MEM_OUTPUT = 0x2;

    public const uint TEEC_LOGIN_PUBLIC = 0x0;
    public const uint TEEC_LOGIN_USER = 0x1;
    public const uint TEEC_LOGIN_GROUP = 0x2;
    public const uint TEEC_LOGIN_APPLICATION = 0x4;
}
