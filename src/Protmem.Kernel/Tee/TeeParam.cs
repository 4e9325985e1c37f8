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
