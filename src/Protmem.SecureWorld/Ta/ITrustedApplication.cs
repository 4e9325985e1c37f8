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
