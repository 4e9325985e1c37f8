using Protmem.Uapi.Tee;
using Protmem.Userspace.TeeClient;

namespace Protmem.Userspace.Media.Content;

/// <summary>
/// A client of the secure-video TA over libteec (docs/secure-world-abi.md): open a session, load a licence into
/// a key slot, decrypt frames from this process's memory into a protected dma-buf registered with the TEE
/// (TEE_IOC_SHM_REGISTER_FD). The program never sees the content key or a clear byte. Calls answer the TEE
/// status; disposing closes the session (the TA wipes its keys).
/// </summary>
public sealed class SecureVideoTaClient : IDisposable
{
    /// <summary>LOAD_LICENSE.</summary>
    public const uint CMD_LOAD_LICENSE = 0;

    /// <summary>DECRYPT_FRAME.</summary>
    public const uint CMD_DECRYPT_FRAME = 1;

    /// <summary>UNLOAD_KEY.</summary>
    public const uint CMD_UNLOAD_KEY = 2;

    /// <summary>TEE_ERROR_MAC_INVALID: the licence is not for this device, or was altered.</summary>
    public const uint TEE_ERROR_MAC_INVALID = 0xFFFF_3071;

    /// <summary>TEE_ERROR_SECURITY: the destination is not protected memory of the secure-video use case.</summary>
    public const uint TEE_ERROR_SECURITY = 0xFFFF_000F;

    private readonly TeecSession _session;

    private SecureVideoTaClient(TeecContext context, TeecSession session)
    {
        Context = context;
        _session = session;
    }

    /// <summary>The secure-video TA: 5ec0f1de-7c2a-4d8e-9b0e-504d56310001.</summary>
    public static TeeUuid Uuid { get; } = TeeUuid.FromFields(0x5ec0f1de, 0x7c2a, 0x4d8e, [0x9b, 0x0e, 0x50, 0x4d, 0x56, 0x31, 0x00, 0x01]);

    public TeecContext Context { get; }

    /// <summary>Opens a session with the TA: the status and, on success, the client.</summary>
    public static TeecStatus Open(TeecContext context, out SecureVideoTaClient? client)
    {
        ArgumentNullException.ThrowIfNull(context);
        client = null;
        var status = context.OpenSession(Uuid, out var session);
        if (status.IsSuccess)
        {
            client = new SecureVideoTaClient(context, session!);
        }

        return status;
    }

    /// <summary>LOAD_LICENSE: the status and, on success, the key slot.</summary>
    public TeecStatus LoadLicense(byte[] licence, out uint slot)
    {
        ArgumentNullException.ThrowIfNull(licence);
        var answer = TeecParameter.Value(Teec.TEEC_VALUE_OUTPUT);
        var status = _session.InvokeCommand(CMD_LOAD_LICENSE, new TeecOperation(TeecParameter.Temp(Teec.TEEC_MEMREF_TEMP_INPUT, licence), answer));
        slot = status.IsSuccess ? answer.ValueA : 0;
        return status;
    }

    /// <summary>UNLOAD_KEY: the slot is wiped.</summary>
    public TeecStatus UnloadKey(uint slot) =>
        _session.InvokeCommand(CMD_UNLOAD_KEY, new TeecOperation(TeecParameter.Value(Teec.TEEC_VALUE_INPUT, slot)));

    /// <summary>
    /// DECRYPT_FRAME of <paramref name="encrypted"/> (frame <paramref name="frameIndex"/>) into registered shared
    /// memory <paramref name="destination"/> at <paramref name="offset"/>: the status and the bytes written.
    /// </summary>
    public TeecStatus DecryptFrame(uint slot, uint frameIndex, byte[] encrypted, TeecSharedMemory destination, ulong offset, out ulong written)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        ArgumentNullException.ThrowIfNull(destination);
        var output = TeecParameter.Partial(Teec.TEEC_MEMREF_PARTIAL_OUTPUT, destination, offset, destination.Size - Math.Min(offset, destination.Size));
        var status = _session.InvokeCommand(CMD_DECRYPT_FRAME, new TeecOperation(
            TeecParameter.Temp(Teec.TEEC_MEMREF_TEMP_INPUT, encrypted),
            TeecParameter.Value(Teec.TEEC_VALUE_INPUT, slot, frameIndex),
            output));
        written = status.IsSuccess ? output.Size : 0;
        return status;
    }

    /// <summary>
    /// DECRYPT_FRAME into dma-buf <paramref name="dmaBufFd"/> (a protected,secure-video buffer), registered for
    /// the call and released after it: the status and the bytes written.
    /// </summary>
    public TeecStatus DecryptFrame(uint slot, uint frameIndex, byte[] encrypted, int dmaBufFd, out ulong written)
    {
        written = 0;
        var status = Context.RegisterSharedMemoryFileDescriptor(dmaBufFd, Teec.TEEC_MEM_OUTPUT, out var shm);
        if (!status.IsSuccess)
        {
            return status;
        }

        using (shm)
        {
            return DecryptFrame(slot, frameIndex, encrypted, shm!, 0, out written);
        }
    }

    public void Dispose() => _session.Dispose();
}
