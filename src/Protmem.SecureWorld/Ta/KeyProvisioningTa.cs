using System.Buffers.Binary;
using System.Security.Cryptography;
using Protmem.Hardware.Time;
using Protmem.SecureWorld.ProtectedMemory;

namespace Protmem.SecureWorld.Ta;

/// <summary>
/// The key-provisioning TA (<see cref="KeyProvisioningTaAbi"/>).
/// 1. PROVISION_KEY: the destination must be protected memory of the crypto-key use case (else
///    TEE_ERROR_SECURITY: a key never lands where another master could read it) and hold the key (else
///    SHORT_BUFFER); the key length is 16 or 32 (else BAD_PARAMETERS).
/// 2. The key comes from the secure world's seeded random generator and is written by the secure CPU into
///    the buffer; the TA keeps no copy. The caller learns only the key id (1, 2, ... in provisioning order).
/// </summary>
internal sealed class KeyProvisioningTa(DeterministicRandom random, Func<TaMemref, uint?> useCaseOf) : ITrustedApplication
{
    private static readonly uint ProvisionTypes = TeeParamType.Types(TeeParamType.MEMREF_OUTPUT, TeeParamType.VALUE_INPUT, TeeParamType.VALUE_OUTPUT);
    private uint _nextKeyId = 1;

    public TeeUuid Uuid => KeyProvisioningTaAbi.Uuid;

    public bool IsPseudo => false;

    /// <summary>Keys provisioned since boot.</summary>
    public uint Provisioned => _nextKeyId - 1;

    public uint OpenSession(TaSession session, uint paramTypes, TaParam[] parameters) => TeeResult.SUCCESS;

    public void CloseSession(TaSession session)
    {
    }

    public uint Invoke(TaSession session, uint command, uint paramTypes, TaParam[] parameters) =>
        command == KeyProvisioningTaAbi.CMD_PROVISION_KEY ? Provision(session, paramTypes, parameters) : TeeResult.BAD_PARAMETERS;

    private uint Provision(TaSession session, uint paramTypes, TaParam[] p)
    {
        if (paramTypes != ProvisionTypes || p[1].A is not (16 or 32))
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var to = p[0].Memref!;
        var length = p[1].A;
        if (to.IsNull || to.Kind != MemoryKind.Protected || useCaseOf(to) != KeyProvisioningTaAbi.CryptoKeyUseCase)
        {
            return TeeResult.SECURITY;
        }

        if (to.Size < length || to.Capacity < length)
        {
            to.Size = length;
            return TeeResult.SHORT_BUFFER;
        }

        Span<byte> key = stackalloc byte[(int)length];
        try
        {
            for (var i = 0; i < key.Length; i += 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(key[i..], random.NextUInt64());
            }

            if (!to.TryWrite(session.Core.Memory, 0, key))
            {
                return TeeResult.ACCESS_DENIED;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        to.Size = length;
        p[2].A = _nextKeyId++;
        p[2].B = 0;
        return TeeResult.SUCCESS;
    }
}
