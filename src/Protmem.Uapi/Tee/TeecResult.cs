using System.Collections.Frozen;

namespace Protmem.Uapi.Tee;

/// <summary>
/// TEE result codes (GlobalPlatform TEE Client API, TEEC_*): what a trusted application, the
/// TEE or the client library answers. They travel in the ret field of the OPEN_SESSION and
/// INVOKE arguments, apart from the ioctl's own return value.
/// </summary>
public static class TeecResult
{
    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_SUCCESS = 0x00000000;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_STORAGE_NOT_AVAILABLE = 0xF0100003;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_GENERIC = 0xFFFF0000;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_ACCESS_DENIED = 0xFFFF0001;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_CANCEL = 0xFFFF0002;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_ACCESS_CONFLICT = 0xFFFF0003;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_EXCESS_DATA = 0xFFFF0004;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_BAD_FORMAT = 0xFFFF0005;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_BAD_PARAMETERS = 0xFFFF0006;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_BAD_STATE = 0xFFFF0007;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_ITEM_NOT_FOUND = 0xFFFF0008;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_NOT_IMPLEMENTED = 0xFFFF0009;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_NOT_SUPPORTED = 0xFFFF000A;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_NO_DATA = 0xFFFF000B;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_OUT_OF_MEMORY = 0xFFFF000C;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_BUSY = 0xFFFF000D;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_COMMUNICATION = 0xFFFF000E;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_SECURITY = 0xFFFF000F;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_SHORT_BUFFER = 0xFFFF0010;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_EXTERNAL_CANCEL = 0xFFFF0011;

    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ERROR_TARGET_DEAD = 0xFFFF3024;

    private static readonly FrozenDictionary<uint, string> Names = new Dictionary<uint, string>
    {
        [TEEC_SUCCESS] = nameof(TEEC_SUCCESS),
        [TEEC_ERROR_STORAGE_NOT_AVAILABLE] = nameof(TEEC_ERROR_STORAGE_NOT_AVAILABLE),
        [TEEC_ERROR_GENERIC] = nameof(TEEC_ERROR_GENERIC),
        [TEEC_ERROR_ACCESS_DENIED] = nameof(TEEC_ERROR_ACCESS_DENIED),
        [TEEC_ERROR_CANCEL] = nameof(TEEC_ERROR_CANCEL),
        [TEEC_ERROR_ACCESS_CONFLICT] = nameof(TEEC_ERROR_ACCESS_CONFLICT),
        [TEEC_ERROR_EXCESS_DATA] = nameof(TEEC_ERROR_EXCESS_DATA),
        [TEEC_ERROR_BAD_FORMAT] = nameof(TEEC_ERROR_BAD_FORMAT),
        [TEEC_ERROR_BAD_PARAMETERS] = nameof(TEEC_ERROR_BAD_PARAMETERS),
        [TEEC_ERROR_BAD_STATE] = nameof(TEEC_ERROR_BAD_STATE),
        [TEEC_ERROR_ITEM_NOT_FOUND] = nameof(TEEC_ERROR_ITEM_NOT_FOUND),
        [TEEC_ERROR_NOT_IMPLEMENTED] = nameof(TEEC_ERROR_NOT_IMPLEMENTED),
        [TEEC_ERROR_NOT_SUPPORTED] = nameof(TEEC_ERROR_NOT_SUPPORTED),
        [TEEC_ERROR_NO_DATA] = nameof(TEEC_ERROR_NO_DATA),
        [TEEC_ERROR_OUT_OF_MEMORY] = nameof(TEEC_ERROR_OUT_OF_MEMORY),
        [TEEC_ERROR_BUSY] = nameof(TEEC_ERROR_BUSY),
        [TEEC_ERROR_COMMUNICATION] = nameof(TEEC_ERROR_COMMUNICATION),
        [TEEC_ERROR_SECURITY] = nameof(TEEC_ERROR_SECURITY),
        [TEEC_ERROR_SHORT_BUFFER] = nameof(TEEC_ERROR_SHORT_BUFFER),
        [TEEC_ERROR_EXTERNAL_CANCEL] = nameof(TEEC_ERROR_EXTERNAL_CANCEL),
        [TEEC_ERROR_TARGET_DEAD] = nameof(TEEC_ERROR_TARGET_DEAD),
    }.ToFrozenDictionary();

    /// <summary>The symbol of a result ("TEEC_ERROR_BAD_PARAMETERS"), or its hex form when it has none.</summary>
    public static string Name(uint result) => Names.TryGetValue(result, out var name) ? name : $"0x{result:X8}";
}
