using System.Security.Cryptography;
using Protmem.Hardware.Crypto;
using Protmem.SecureWorld.ProtectedMemory;

namespace Protmem.SecureWorld.Ta;

/// <summary>
/// The secure-video TA (<see cref="SecureVideoTaAbi"/>): it holds content keys the normal world never sees and
/// decrypts encrypted frames straight into protected memory, for the decoder to read.
/// 1. OpenSession: an empty set of key slots.
/// 2. LOAD_LICENSE: the licence (non-secure memory) is opened with the device's licence key; the content key
///    goes into a slot of this session. A licence that does not verify: MAC_INVALID; malformed: BAD_FORMAT.
/// 3. DECRYPT_FRAME: the ciphertext (non-secure) is AES-CTR decrypted with the slot's key and the frame's IV
///    into the destination, which must be protected memory of the secure-video use case; anything else is
///    TEE_ERROR_SECURITY and not one byte is written: clear content never reaches memory the normal world reads.
/// 4. UNLOAD_KEY, or CloseSession: the keys are wiped.
/// </summary>
internal sealed class SecureVideoTa(Func<TaMemref, uint?> useCaseOf) : ITrustedApplication
{
    private static readonly uint LoadTypes = TeeParamType.Types(TeeParamType.MEMREF_INPUT, TeeParamType.VALUE_OUTPUT);
    private static readonly uint DecryptTypes = TeeParamType.Types(TeeParamType.MEMREF_INPUT, TeeParamType.VALUE_INPUT, TeeParamType.MEMREF_OUTPUT);
    private static readonly uint UnloadTypes = TeeParamType.Types(TeeParamType.VALUE_INPUT);

    public TeeUuid Uuid => SecureVideoTaAbi.Uuid;

    public bool IsPseudo => false;

    public uint OpenSession(TaSession session, uint paramTypes, TaParam[] parameters)
    {
        session.State = new SecureVideoKeySlots();
        return TeeResult.SUCCESS;
    }

    public void CloseSession(TaSession session) => (session.State as SecureVideoKeySlots)?.Clear();

    public uint Invoke(TaSession session, uint command, uint paramTypes, TaParam[] parameters) => command switch
    {
        SecureVideoTaAbi.CMD_LOAD_LICENSE => LoadLicense(session, paramTypes, parameters),
        SecureVideoTaAbi.CMD_DECRYPT_FRAME => DecryptFrame(session, paramTypes, parameters),
        SecureVideoTaAbi.CMD_UNLOAD_KEY => paramTypes != UnloadTypes ? TeeResult.BAD_PARAMETERS
            : ((SecureVideoKeySlots)session.State!).Remove(parameters[0].A) ? TeeResult.SUCCESS : TeeResult.ITEM_NOT_FOUND,
        _ => TeeResult.BAD_PARAMETERS,
    };

    private static uint LoadLicense(TaSession session, uint paramTypes, TaParam[] p)
    {
        if (paramTypes != LoadTypes)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var licence = p[0].Memref!;
        var rights = TeeCore.CheckMemoryAccessRights(TeeMemoryAccess.ANY_OWNER | TeeMemoryAccess.READ | TeeMemoryAccess.NONSECURE, licence);
        if (rights != TeeResult.SUCCESS)
        {
            return rights;
        }

        if (licence.Size > (ulong)SecureVideoTaAbi.LicenseSize(32) || licence.Size < (ulong)SecureVideoTaAbi.LicenseSize(16))
        {
            return TeeResult.BAD_FORMAT;
        }

        var bytes = new byte[(int)licence.Size];
        if (!licence.TryRead(session.Core.Memory, 0, bytes))
        {
            return TeeResult.ACCESS_DENIED;
        }

        var result = SealedKey.TryOpen(bytes, SecureVideoTaAbi.LicenseKey(), out var key);
        if (result != TeeResult.SUCCESS)
        {
            return result;
        }

        if (!((SecureVideoKeySlots)session.State!).TryAdd(key!, out var slot))
        {
            CryptographicOperations.ZeroMemory(key);
            return TeeResult.OUT_OF_MEMORY;
        }

        p[1].A = slot;
        p[1].B = 0;
        return TeeResult.SUCCESS;
    }

    private uint DecryptFrame(TaSession session, uint paramTypes, TaParam[] p)
    {
        if (paramTypes != DecryptTypes)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var (from, to) = (p[0].Memref!, p[2].Memref!);
        if (((SecureVideoKeySlots)session.State!).Get(p[1].A) is not { } key)
        {
            return TeeResult.ITEM_NOT_FOUND;
        }

        var rights = TeeCore.CheckMemoryAccessRights(TeeMemoryAccess.ANY_OWNER | TeeMemoryAccess.READ | TeeMemoryAccess.NONSECURE, from);
        if (rights != TeeResult.SUCCESS)
        {
            return rights;
        }

        // The one rule that keeps clear content out of reach: only the secure-video use case's protected memory takes it.
        if (to.IsNull || to.Kind != MemoryKind.Protected || useCaseOf(to) != SecureVideoTaAbi.SecureVideoUseCase)
        {
            return TeeResult.SECURITY;
        }

        if (to.Size < from.Size)
        {
            to.Size = from.Size;
            return TeeResult.SHORT_BUFFER;
        }

        var memory = session.Core.Memory;
        using var ctr = new AesCtr(key, SecureVideoTaAbi.FrameIv(p[1].B));
        var chunk = new byte[Math.Min(from.Size, (ulong)SecureCpuMemory.ScratchSize)];
        try
        {
            for (ulong done = 0; done < from.Size;)
            {
                var span = chunk.AsSpan(0, (int)Math.Min((ulong)chunk.Length, from.Size - done));
                if (!from.TryRead(memory, done, span))
                {
                    return TeeResult.ACCESS_DENIED;
                }

                ctr.Transform(span, span);
                if (!to.TryWrite(memory, done, span))
                {
                    return TeeResult.ACCESS_DENIED;
                }

                done += (ulong)span.Length;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(chunk);
        }

        to.Size = from.Size;
        return TeeResult.SUCCESS;
    }
}
