using Protmem.Hardware.Time;
using Protmem.SecureWorld.ProtectedMemory;

namespace Protmem.SecureWorld.Ta;

/// <summary>
/// The TA framework of the core: the registry of TAs by UUID, sessions, and the entry into a TA.
/// 1. OpenSession: the UUID is looked up (unknown: ITEM_NOT_FOUND, origin TEE), a session is created
///    and the TA's open entry runs; a refusal removes the session again.
/// 2. Invoke: a pseudo-TA first has its memrefs checked (protected memory only for a TA client);
///    then the TA's command entry runs. Each entry into a user TA costs a world switch.
/// 3. CloseSession, paired with OpenSession: the TA's close entry runs, then the TA-to-TA sessions the
///    session opened are closed too.
/// A TA that panics answers TARGET_DEAD; the model itself never throws for what a client sends.
/// </summary>
internal sealed class TeeCore
{
    private readonly Dictionary<TeeUuid, ITrustedApplication> _tas = [];
    private readonly Dictionary<uint, TaSession> _sessions = [];
    private readonly SimClock _clock;
    private readonly CostModel _costs;
    private uint _nextSessionId = 1;

    public TeeCore(SecureCpuMemory memory, SimClock clock, CostModel costs)
    {
        Memory = memory;
        _clock = clock;
        _costs = costs;
    }

    public SecureCpuMemory Memory { get; }

    public int SessionCount => _sessions.Count;

    public IEnumerable<TeeUuid> TrustedApplications => _tas.Keys;

    public void Register(ITrustedApplication ta)
    {
        if (!_tas.TryAdd(ta.Uuid, ta))
        {
            throw new ArgumentException($"trusted application {ta.Uuid} is registered twice");
        }
    }

    /// <summary>Opens a session; on success <paramref name="session"/> is set. Paired with <see cref="CloseSession"/>.</summary>
    public (uint Result, uint Origin) OpenSession(TeeUuid uuid, TaClient client, uint paramTypes, TaParam[] parameters, out TaSession? session)
    {
        session = null;
        if (!_tas.TryGetValue(uuid, out var ta))
        {
            return (TeeResult.ITEM_NOT_FOUND, TeeOrigin.TEE);
        }

        if (!CheckPseudoTaParams(ta, client, paramTypes, parameters))
        {
            return (TeeResult.BAD_PARAMETERS, TeeOrigin.TEE);
        }

        var opened = new TaSession(NextSessionId(), ta, client, this);
        _sessions.Add(opened.Id, opened);
        var result = Enter(opened, s => s.Ta.OpenSession(s, paramTypes, parameters));
        if (result != TeeResult.SUCCESS)
        {
            Forget(opened);
            return (result, TeeOrigin.TRUSTED_APP);
        }

        session = opened;
        return (TeeResult.SUCCESS, TeeOrigin.TRUSTED_APP);
    }

    /// <summary>The open session <paramref name="id"/> if the caller (normal world or a TA) owns it.</summary>
    public TaSession? FindSession(uint id, bool clientIsTa) =>
        _sessions.TryGetValue(id, out var s) && s.IsOpen && s.Client.IsTa == clientIsTa ? s : null;

    public (uint Result, uint Origin) Invoke(TaSession session, uint command, uint paramTypes, TaParam[] parameters)
    {
        if (!session.IsOpen)
        {
            return (TeeResult.TARGET_DEAD, TeeOrigin.TEE);
        }

        if (!CheckPseudoTaParams(session.Ta, session.Client, paramTypes, parameters))
        {
            return (TeeResult.BAD_PARAMETERS, TeeOrigin.TEE);
        }

        var result = Enter(session, (command, paramTypes, parameters), static (s, call) => s.Ta.Invoke(s, call.command, call.paramTypes, call.parameters));
        return (result, result == TeeResult.TARGET_DEAD && !session.IsOpen ? TeeOrigin.TEE : TeeOrigin.TRUSTED_APP);
    }

    /// <summary>Closes a session and the TA-to-TA sessions it opened. Paired with <see cref="OpenSession"/>.</summary>
    public void CloseSession(TaSession session)
    {
        if (!_sessions.ContainsKey(session.Id))
        {
            return;
        }

        if (session.IsOpen)
        {
            Enter(session, s =>
            {
                s.Ta.CloseSession(s);
                return TeeResult.SUCCESS;
            });
        }

        Forget(session);
    }

    /// <summary>TEE_CheckMemoryAccessRights on a memref, decided from the memory's kind.</summary>
    public static uint CheckMemoryAccessRights(uint accessFlags, TaMemref? memref)
    {
        if (memref is null || memref.IsNull)
        {
            return TeeResult.ACCESS_DENIED;
        }

        var wantSecure = (accessFlags & TeeMemoryAccess.SECURE) != 0;
        var wantNonSecure = (accessFlags & TeeMemoryAccess.NONSECURE) != 0;
        var isSecure = memref.Kind is MemoryKind.Protected or MemoryKind.Secure;
        if ((wantSecure && !isSecure) || (wantNonSecure && isSecure) || memref.Kind == MemoryKind.Invalid)
        {
            return TeeResult.ACCESS_DENIED;
        }

        return TeeResult.SUCCESS;
    }

    public void AssertInvariants()
    {
        foreach (var session in _sessions.Values)
        {
            foreach (var child in session.Children)
            {
                if (!child.Client.IsTa || !_sessions.ContainsKey(child.Id))
                {
                    throw new InvalidOperationException($"secure-world invariant broken: a TA-to-TA session ({child.Id}) of session {session.Id} is open and has a TA client");
                }
            }
        }
    }

    /// <summary>pseudo_ta.c validate_in_param: a non-secure client's memrefs must be non-secure memory.</summary>
    private static bool CheckPseudoTaParams(ITrustedApplication ta, TaClient client, uint paramTypes, TaParam[] parameters)
    {
        if (!ta.IsPseudo || client.IsTa)
        {
            return true;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (TeeParamType.IsMemref(TeeParamType.Get(paramTypes, i)) && parameters[i].Memref is { IsNull: false } m && m.Kind != MemoryKind.NonSecure)
            {
                return false;
            }
        }

        return true;
    }

    private uint Enter(TaSession session, Func<TaSession, uint> entry) =>
        Enter(session, entry, static (s, e) => e(s));

    /// <summary>Runs a TA entry point with its arguments in <paramref name="state"/> (no closure per call): a panic kills the session.</summary>
    private uint Enter<TState>(TaSession session, TState state, Func<TaSession, TState, uint> entry)
    {
        EnterTa(session);
        try
        {
            return entry(session, state);
        }
        catch (TaPanicException)
        {
            session.IsOpen = false;
            return TeeResult.TARGET_DEAD;
        }
    }

    /// <summary>Entering a user TA costs a switch into its context; a pseudo TA runs in the core's.</summary>
    private void EnterTa(TaSession session)
    {
        if (!session.Ta.IsPseudo)
        {
            _clock.Advance(_costs.WorldSwitch);
        }
    }

    private void Forget(TaSession session)
    {
        session.IsOpen = false;
        _sessions.Remove(session.Id);
        foreach (var child in session.Children)
        {
            CloseSession(child);
        }

        session.Children.Clear();
    }

    private uint NextSessionId()
    {
        while (_nextSessionId == 0 || _sessions.ContainsKey(_nextSessionId))
        {
            _nextSessionId++;
        }

        return _nextSessionId++;
    }
}
