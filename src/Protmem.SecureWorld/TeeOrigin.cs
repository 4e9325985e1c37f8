namespace Protmem.SecureWorld;

/// <summary>Where a TEE result came from (TEEC_ORIGIN_*).</summary>
public static class TeeOrigin
{
    public const uint API = 1;
    public const uint COMMS = 2;
    public const uint TEE = 3;
    public const uint TRUSTED_APP = 4;
}
