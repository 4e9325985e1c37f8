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
/// 2. The key comes from the secure world's seeded random generator (PROVISION_KEY), or from a key server's
///    blob sealed under the device's provisioning key (PROVISION_WRAPPED_KEY), and is written by the secure CPU
///    into the buffer; the TA keeps no copy. The caller learns only the key id (1, 2, ... in provisioning order).
/// </summary>
internal sealed class KeyProvisioningTa(DeterministicRandom random, Func<TaMemref, uint?> useCaseOf) : ITrustedApplication
{
    private static readonly uint ProvisionTypes = TeeParamType.Types(TeeParamType.MEMREF_OUTPUT, TeeParamType.VALUE_INPUT, TeeParamType.VALUE_OUTPUT);
    private static readonly uint WrappedTypes = TeeParamType.Types(TeeParamType.MEMREF_OUTPUT, TeeParamType.MEMREF_INPUT, TeeParamType.VALUE_OUTPUT);
    private uint _nextKeyId = 1;

    public TeeUuid Uuid => KeyProvisioningTaAbi.Uuid;

    public bool IsPseudo => false;

    /// <summary>Keys provisioned since boot.</summary>
    public uint Provisioned => _nextKeyId - 1;

    public uint OpenSession(TaSession session, uint paramTypes, TaParam[] parameters) => TeeResult.SUCCESS;

    public void CloseSession(TaSession session)
    {
    }

    public uint Invoke(TaSession session, uint command, uint paramTypes, TaParam[] parameters) => command switch
    {
        KeyProvisioningTaAbi.CMD_PROVISION_KEY => Provision(session, paramTypes, parameters),
        KeyProvisioningTaAbi.CMD_PROVISION_WRAPPED_KEY => ProvisionWrapped(session, paramTypes, parameters),
        _ => TeeResult.BAD_PARAMETERS,
    };

    private uint Provision(TaSession session, uint paramTypes, TaParam[] p)
    {
        if (paramTypes != ProvisionTypes || p[1].A is not (16 or 32))
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var key = new byte[p[1].A];
        for (var i = 0; i < key.Length; i += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(key.AsSpan(i), random.NextUInt64());
        }

        return Store(session, p, key);
    }

    private uint ProvisionWrapped(TaSession session, uint paramTypes, TaParam[] p)
    {
        if (paramTypes != WrappedTypes)
        {
            return TeeResult.BAD_PARAMETERS;
        }

        var blob = p[1].Memref!;
        var rights = TeeCore.CheckMemoryAccessRights(TeeMemoryAccess.ANY_OWNER | TeeMemoryAccess.READ | TeeMemoryAccess.NONSECURE, blob);
        if (rights != TeeResult.SUCCESS)
        {
            return rights;
        }

        if (blob.Size > (ulong)SecureVideoTaAbi.LicenseSize(32))
        {
            return TeeResult.BAD_FORMAT;
        }

        var bytes = new byte[(int)blob.Size];
        if (!blob.TryRead(session.Core.Memory, 0, bytes))
        {
            return TeeResult.ACCESS_DENIED;
        }

        var opened = SealedKey.TryOpen(bytes, KeyProvisioningTaAbi.ProvisioningKey(), out var key);
        return opened == TeeResult.SUCCESS ? Store(session, p, key!) : opened;
    }

    /// <summary>Writes <paramref name="key"/> at the start of the crypto-key buffer p[0] and answers its id in p[2]; wipes the key.</summary>
    private uint Store(TaSession session, TaParam[] p, byte[] key)
    {
        try
        {
            var to = p[0].Memref!;
            var length = (uint)key.Length;
            if (to.IsNull || to.Kind != MemoryKind.Protected || useCaseOf(to) != KeyProvisioningTaAbi.CryptoKeyUseCase)
            {
                return TeeResult.SECURITY;
            }

            if (to.Size < length || to.Capacity < length)
            {
                to.Size = length;
                return TeeResult.SHORT_BUFFER;
            }

            if (!to.TryWrite(session.Core.Memory, 0, key))
            {
                return TeeResult.ACCESS_DENIED;
            }

            to.Size = length;
            p[2].A = _nextKeyId++;
            p[2].B = 0;
            return TeeResult.SUCCESS;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
