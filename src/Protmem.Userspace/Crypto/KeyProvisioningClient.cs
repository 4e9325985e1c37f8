using Protmem.Uapi.Tee;
using Protmem.Userspace.TeeClient;

namespace Protmem.Userspace.Crypto;

/// <summary>
/// A client of the key-provisioning TA (docs/secure-world-abi.md): registers a crypto-key dma-buf with the
/// TEE (TEE_IOC_SHM_REGISTER_FD) and asks the TA to write a fresh key into it. The program learns the key id,
/// never the key.
/// </summary>
public static class KeyProvisioningClient
{
    /// <summary>The key-provisioning TA: 5ec0f1de-7c2a-4d8e-9b0e-4b4559000001.</summary>
    public static TeeUuid Uuid { get; } = TeeUuid.FromFields(0x5ec0f1de, 0x7c2a, 0x4d8e, [0x9b, 0x0e, 0x4b, 0x45, 0x59, 0x00, 0x00, 0x01]);

    /// <summary>PROVISION_KEY.</summary>
    public const uint CMD_PROVISION_KEY = 0;

    /// <summary>PROVISION_WRAPPED_KEY.</summary>
    public const uint CMD_PROVISION_WRAPPED_KEY = 1;

    /// <summary>The protected heap of key buffers (use case 4, the model's own).</summary>
    public const string HeapName = DmaHeaps.ProtectedHeapNames.CryptoKey;

    /// <summary>
    /// Provisions a fresh key of <paramref name="keyLength"/> bytes (16 or 32) at the start of dma-buf
    /// <paramref name="dmaBufFd"/>: the TEE status and, on success, the key id.
    /// </summary>
    public static TeecStatus Provision(TeecContext context, int dmaBufFd, uint keyLength, out uint keyId) =>
        Invoke(context, dmaBufFd, CMD_PROVISION_KEY, TeecParameter.Value(Teec.TEEC_VALUE_INPUT, keyLength), out keyId);

    /// <summary>
    /// Provisions the key a key server sealed for this device in <paramref name="blob"/> (docs/secure-world-abi.md)
    /// at the start of dma-buf <paramref name="dmaBufFd"/>: the TEE status and, on success, the key id.
    /// </summary>
    public static TeecStatus ProvisionWrapped(TeecContext context, int dmaBufFd, byte[] blob, out uint keyId) =>
        Invoke(context, dmaBufFd, CMD_PROVISION_WRAPPED_KEY, TeecParameter.Temp(Teec.TEEC_MEMREF_TEMP_INPUT, blob), out keyId);

    private static TeecStatus Invoke(TeecContext context, int dmaBufFd, uint command, TeecParameter second, out uint keyId)
    {
        ArgumentNullException.ThrowIfNull(context);
        keyId = 0;
        var status = context.RegisterSharedMemoryFileDescriptor(dmaBufFd, Teec.TEEC_MEM_OUTPUT, out var shm);
        if (!status.IsSuccess)
        {
            return status;
        }

        using (shm)
        {
            status = context.OpenSession(Uuid, out var session);
            if (!status.IsSuccess)
            {
                return status;
            }

            using (session)
            {
                var id = TeecParameter.Value(Teec.TEEC_VALUE_OUTPUT);
                var operation = new TeecOperation(TeecParameter.Partial(Teec.TEEC_MEMREF_PARTIAL_OUTPUT, shm!, 0, shm!.Size), second, id);
                status = session!.InvokeCommand(command, operation);
                keyId = status.IsSuccess ? id.ValueA : 0;
                return status;
            }
        }
    }
}
