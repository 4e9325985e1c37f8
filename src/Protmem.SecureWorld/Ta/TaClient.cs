namespace Protmem.SecureWorld.Ta;

/// <summary>Who opened a session: the normal world (with a login) or another TA.</summary>
/// <param name="IsTa">True for a TA-to-TA session.</param>
/// <param name="Uuid">The client's UUID (the calling TA's, or the one the normal world gave).</param>
/// <param name="Login">The login method (TEE_LOGIN_TRUSTED_APP for a TA; the normal world's clnt_login otherwise).</param>
internal readonly record struct TaClient(bool IsTa, TeeUuid Uuid, uint Login)
{
    /// <summary>TEE_LOGIN_PUBLIC.</summary>
    public const uint LoginPublic = 0;

    /// <summary>TEE_LOGIN_REE_KERNEL: the normal-world kernel's own client (Linux's TEE_IOCTL_LOGIN_REE_KERNEL).</summary>
    public const uint LoginReeKernel = 0x8000_0000;

    /// <summary>TEE_LOGIN_TRUSTED_APP.</summary>
    public const uint LoginTrustedApp = 0xF000_0000;
}
