namespace Protmem.Uapi.Tee;

/// <summary>
/// Where a TEE result came from (GlobalPlatform TEEC_ORIGIN_*), carried in ret_origin.
/// </summary>
public static class TeecOrigin
{
    /// <summary>The client library itself, before anything reached the kernel.</summary>
    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ORIGIN_API = 1;

    /// <summary>The communication stack: the kernel driver or the transport to the TEE.</summary>
    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ORIGIN_COMMS = 2;

    /// <summary>The TEE's core.</summary>
    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ORIGIN_TEE = 3;

    /// <summary>The trusted application.</summary>
    [AbiSource(AbiSource.GlobalPlatform)]
    public const uint TEEC_ORIGIN_TRUSTED_APP = 4;

    /// <summary>"TEEC_ORIGIN_API", ..., or the number when it is not an origin.</summary>
    public static string Name(uint origin) => origin switch
    {
        TEEC_ORIGIN_API => nameof(TEEC_ORIGIN_API),
        TEEC_ORIGIN_COMMS => nameof(TEEC_ORIGIN_COMMS),
        TEEC_ORIGIN_TEE => nameof(TEEC_ORIGIN_TEE),
        TEEC_ORIGIN_TRUSTED_APP => nameof(TEEC_ORIGIN_TRUSTED_APP),
        _ => $"origin {origin}",
    };
}
