namespace Protmem.SecureWorld.Ta;

/// <summary>
/// A trusted application (user TA) or pseudo-TA as the core runs it: the three GlobalPlatform entry
/// points. Per-session state lives in <see cref="TaSession.State"/>; the TA object itself holds none
/// that a session could observe from another.
/// </summary>
internal interface ITrustedApplication
{
    TeeUuid Uuid { get; }

    /// <summary>A pseudo-TA runs inside the core; it touches protected memory only on a TA's request.</summary>
    bool IsPseudo { get; }

    /// <summary>TA_OpenSessionEntryPoint.</summary>
    uint OpenSession(TaSession session, uint paramTypes, TaParam[] parameters);

    /// <summary>TA_InvokeCommandEntryPoint.</summary>
    uint Invoke(TaSession session, uint command, uint paramTypes, TaParam[] parameters);

    /// <summary>TA_CloseSessionEntryPoint.</summary>
    void CloseSession(TaSession session);
}

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

/// <summary>One open session: its id, its TA, its client, and the TA's per-session state.</summary>
internal sealed class TaSession(uint id, ITrustedApplication ta, TaClient client, TeeCore core)
{
    public uint Id { get; } = id;

    public ITrustedApplication Ta { get; } = ta;

    public TaClient Client { get; } = client;

    public TeeCore Core { get; } = core;

    /// <summary>What the TA keeps for this session (sdp_basic: its cached TA-to-TA sessions).</summary>
    public object? State { get; set; }

    /// <summary>Sessions this session opened to other TAs, closed with it (paired with their open).</summary>
    public List<TaSession> Children { get; } = [];

    public bool IsOpen { get; set; } = true;
}

/// <summary>TEE_Panic: the TA has crashed; the core answers TARGET_DEAD and the session is dead.</summary>
internal sealed class TaPanicException(string reason) : Exception(reason)
{
    public TaPanicException()
        : this("TA panic")
    {
    }

    public TaPanicException(string message, Exception innerException)
        : this(message + ": " + innerException.Message)
    {
    }
}
