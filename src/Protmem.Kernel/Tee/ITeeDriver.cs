using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tee;

/// <summary>
/// A TEE backend (<c>struct tee_driver_ops</c>): what the core hands validated requests to. Session
/// ids are checked against the context by the backend, as OP-TEE's driver does.
/// </summary>
internal interface ITeeDriver
{
    /// <summary>get_version.</summary>
    TeeIoctlVersionData Version { get; }

    /// <summary>Whether a NULL memref (c = TEE_MEMREF_NULL) may be passed.</summary>
    bool CapMemrefNull { get; }

    /// <summary>open_session: 0 with ret/origin/session in <paramref name="arg"/>, or -errno.</summary>
    int OpenSession(TeeContext context, ref TeeIoctlOpenSessionArg arg, TeeUuid clientUuid, TeeParam[] parameters);

    /// <summary>invoke_func: 0 with ret/origin in <paramref name="arg"/>, or -errno.</summary>
    int Invoke(TeeContext context, ref TeeIoctlInvokeArg arg, TeeParam[] parameters);

    /// <summary>cancel_req: 0 or -errno.</summary>
    int Cancel(TeeContext context, uint cancelId, uint session);

    /// <summary>close_session: 0 or -errno.</summary>
    int CloseSession(TeeContext context, uint session);

    /// <summary>release: the context's file is gone; close what it left open.</summary>
    void Release(TeeContext context);
}
