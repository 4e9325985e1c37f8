using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tee;

/// <summary>A parameter of OPEN_SESSION or INVOKE after the core validated it (<c>struct tee_param</c>).</summary>
internal struct TeeParam
{
    /// <summary>TEE_IOCTL_PARAM_ATTR_TYPE_* (and META).</summary>
    public ulong Attr;

    /// <summary>Values a, b, c.</summary>
    public ulong A;
    public ulong B;
    public ulong C;

    /// <summary>The memref's shm (a reference held for the call), or null for a NULL memref.</summary>
    public TeeShm? Shm;

    /// <summary>Offset into <see cref="Shm"/> (after the rewrite to a parent region).</summary>
    public ulong ShmOffset;

    /// <summary>The memref's size; on return, what the TA used or needs.</summary>
    public ulong Size;

    public readonly ulong Type => Attr & TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MASK;

    public readonly bool IsMemref => Type is TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT
        or TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT or TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT;
}

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
