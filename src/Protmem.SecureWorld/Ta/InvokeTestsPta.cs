using Protmem.SecureWorld.ProtectedMemory;

namespace Protmem.SecureWorld.Ta;

/// <summary>
/// optee_os's invoke-tests pseudo-TA (core/pta/tests/invoke.c), its SDP commands: copy non-secure to
/// secure, negate secure bytes in place, copy secure to non-secure. As a pseudo-TA it runs in the core:
/// the core has already refused protected memrefs from a non-secure client; here each buffer must be
/// of the kind the command names (non-secure or SDP), else BAD_PARAMETERS.
/// </summary>
internal sealed class InvokeTestsPta : ITrustedApplication
{
    public const uint CMD_COPY_NSEC_TO_SEC = 3;
    public const uint CMD_READ_MODIFY_SEC = 4;
    public const uint CMD_COPY_SEC_TO_NSEC = 5;

    private static readonly uint InOutTypes = TeeParamType.Types(TeeParamType.MEMREF_INPUT, TeeParamType.MEMREF_OUTPUT);
    private static readonly uint InPlaceTypes = TeeParamType.Types(TeeParamType.MEMREF_INOUT);

    public TeeUuid Uuid => TrustedApplicationIds.InvokeTestsPta;

    public bool IsPseudo => true;

    public uint OpenSession(TaSession session, uint paramTypes, TaParam[] parameters) => TeeResult.SUCCESS;

    public void CloseSession(TaSession session)
    {
    }

    public uint Invoke(TaSession session, uint command, uint paramTypes, TaParam[] parameters) => command switch
    {
        CMD_COPY_NSEC_TO_SEC => Copy(session, paramTypes, parameters, MemoryKind.NonSecure, MemoryKind.Protected),
        CMD_READ_MODIFY_SEC => ReadModify(session, paramTypes, parameters),
        CMD_COPY_SEC_TO_NSEC => Copy(session, paramTypes, parameters, MemoryKind.Protected, MemoryKind.NonSecure),
        _ => TeeResult.BAD_PARAMETERS,
    };

    private static uint Copy(TaSession session, uint paramTypes, TaParam[] p, MemoryKind fromKind, MemoryKind toKind)
    {
        if (paramTypes != InOutTypes)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var (from, to) = (p[0].Memref!, p[1].Memref!);
        var size = from.Size;
        if (to.Size < size)
        {
            to.Size = size;
            return TeeResult.SHORT_BUFFER;
        }

        if (size == 0)
        {
            return TeeResult.SUCCESS;
        }

        if (from.Kind != fromKind || to.Kind != toKind || from.IsNull || to.IsNull)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        return MemrefCopy.TryCopy(session.Core.Memory, from, to, size) ? TeeResult.SUCCESS : TeeResult.SECURITY;
    }

    private static uint ReadModify(TaSession session, uint paramTypes, TaParam[] p)
    {
        if (paramTypes != InPlaceTypes)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var buffer = p[0].Memref!;
        if (buffer.Size == 0)
        {
            return TeeResult.SUCCESS;
        }

        if (buffer.Kind != MemoryKind.Protected || buffer.IsNull)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        return MemrefCopy.TryNegate(session.Core.Memory, buffer, buffer.Size) ? TeeResult.SUCCESS : TeeResult.SECURITY;
    }
}
