namespace Protmem.SecureWorld.Ta;

/// <summary>
/// optee_test's sdp_basic TA (ta/sdp_basic): INJECT copies non-secure bytes into secure memory,
/// TRANSFORM negates each byte in place, DUMP copies secure bytes out. Commands 3–5 forward 0–2 to
/// itself through a TA-to-TA session, 6–8 to the invoke-tests pseudo-TA; each forwarding session is
/// opened on first use and cached in the session.
/// </summary>
internal sealed class SdpBasicTa : ITrustedApplication
{
    public const uint CMD_INJECT = 0;
    public const uint CMD_TRANSFORM = 1;
    public const uint CMD_DUMP = 2;
    public const uint CMD_INVOKE_INJECT = 3;
    public const uint CMD_INVOKE_TRANSFORM = 4;
    public const uint CMD_INVOKE_DUMP = 5;
    public const uint CMD_PTA_INJECT = 6;
    public const uint CMD_PTA_TRANSFORM = 7;
    public const uint CMD_PTA_DUMP = 8;

    private static readonly uint InOutTypes = TeeParamType.Types(TeeParamType.MEMREF_INPUT, TeeParamType.MEMREF_OUTPUT);
    private static readonly uint InPlaceTypes = TeeParamType.Types(TeeParamType.MEMREF_INOUT);

    public TeeUuid Uuid => TrustedApplicationIds.SdpBasic;

    public bool IsPseudo => false;

    public uint OpenSession(TaSession session, uint paramTypes, TaParam[] parameters)
    {
        session.State = new Forwarding();
        return TeeResult.SUCCESS;
    }

    public void CloseSession(TaSession session)
    {
        if (session.State is Forwarding forwarding)
        {
            forwarding.Self = null;
            forwarding.Pta = null;
        }
    }

    public uint Invoke(TaSession session, uint command, uint paramTypes, TaParam[] parameters) => command switch
    {
        CMD_INJECT => Inject(session, paramTypes, parameters),
        CMD_TRANSFORM => Transform(session, paramTypes, parameters),
        CMD_DUMP => Dump(session, paramTypes, parameters),
        CMD_INVOKE_INJECT or CMD_INVOKE_TRANSFORM or CMD_INVOKE_DUMP =>
            Forward(session, TrustedApplicationIds.SdpBasic, command - CMD_INVOKE_INJECT, paramTypes, parameters),
        CMD_PTA_INJECT or CMD_PTA_TRANSFORM or CMD_PTA_DUMP =>
            Forward(session, TrustedApplicationIds.InvokeTestsPta, InvokeTestsPta.CMD_COPY_NSEC_TO_SEC + (command - CMD_PTA_INJECT), paramTypes, parameters),
        _ => TeeResult.BAD_PARAMETERS,
    };

    private static uint Inject(TaSession session, uint paramTypes, TaParam[] p)
    {
        if (paramTypes != InOutTypes)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var (from, to) = (p[0].Memref!, p[1].Memref!);
        if (to.Size < from.Size)
        {
            return TeeResult.SHORT_BUFFER;
        }

        var rights = TeeCore.CheckMemoryAccessRights(TeeMemoryAccess.ANY_OWNER | TeeMemoryAccess.READ | TeeMemoryAccess.NONSECURE, from);
        if (rights == TeeResult.SUCCESS)
        {
            rights = TeeCore.CheckMemoryAccessRights(TeeMemoryAccess.ANY_OWNER | TeeMemoryAccess.WRITE | TeeMemoryAccess.SECURE, to);
        }

        if (rights != TeeResult.SUCCESS)
        {
            return rights;
        }

        return MemrefCopy.TryCopy(session.Core.Memory, from, to, from.Size) ? TeeResult.SUCCESS : TeeResult.ACCESS_DENIED;
    }

    private static uint Transform(TaSession session, uint paramTypes, TaParam[] p)
    {
        if (paramTypes != InPlaceTypes)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var buffer = p[0].Memref!;
        var rights = TeeCore.CheckMemoryAccessRights(TeeMemoryAccess.ANY_OWNER | TeeMemoryAccess.READ | TeeMemoryAccess.WRITE | TeeMemoryAccess.SECURE, buffer);
        if (rights != TeeResult.SUCCESS)
        {
            return rights;
        }

        return MemrefCopy.TryNegate(session.Core.Memory, buffer, buffer.Size) ? TeeResult.SUCCESS : TeeResult.ACCESS_DENIED;
    }

    private static uint Dump(TaSession session, uint paramTypes, TaParam[] p)
    {
        if (paramTypes != InOutTypes)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var (from, to) = (p[0].Memref!, p[1].Memref!);
        if (to.Size < from.Size)
        {
            return TeeResult.SHORT_BUFFER;
        }

        var rights = TeeCore.CheckMemoryAccessRights(TeeMemoryAccess.ANY_OWNER | TeeMemoryAccess.WRITE | TeeMemoryAccess.NONSECURE, to);
        if (rights == TeeResult.SUCCESS)
        {
            rights = TeeCore.CheckMemoryAccessRights(TeeMemoryAccess.ANY_OWNER | TeeMemoryAccess.READ | TeeMemoryAccess.SECURE, from);
        }

        if (rights != TeeResult.SUCCESS)
        {
            return rights;
        }

        return MemrefCopy.TryCopy(session.Core.Memory, from, to, from.Size) ? TeeResult.SUCCESS : TeeResult.ACCESS_DENIED;
    }

    /// <summary>TEE_OpenTASession once (cached), then TEE_InvokeTACommand with the same parameters.</summary>
    private static uint Forward(TaSession session, TeeUuid target, uint command, uint paramTypes, TaParam[] p)
    {
        var forwarding = (Forwarding)session.State!;
        var cached = target == TrustedApplicationIds.SdpBasic ? forwarding.Self : forwarding.Pta;
        if (cached is null || !cached.IsOpen)
        {
            var client = new TaClient(IsTa: true, TrustedApplicationIds.SdpBasic, TaClient.LoginTrustedApp);
            var (result, _) = session.Core.OpenSession(target, client, TeeParamType.Types(TeeParamType.NONE), new TaParam[4], out cached);
            if (result != TeeResult.SUCCESS)
            {
                return result;
            }

            session.Children.Add(cached!);
            if (target == TrustedApplicationIds.SdpBasic)
            {
                forwarding.Self = cached;
            }
            else
            {
                forwarding.Pta = cached;
            }
        }

        return session.Core.Invoke(cached!, command, paramTypes, p).Result;
    }

    /// <summary>The TA-to-TA sessions a session has opened, cached as the real TA caches them.</summary>
    private sealed class Forwarding
    {
        public TaSession? Self { get; set; }

        public TaSession? Pta { get; set; }
    }
}
