using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Userspace.TeeClient;

/// <summary>What a TEE client call answered: a TEEC result and where it came from (TEEC_ORIGIN_*).</summary>
public readonly record struct TeecStatus(uint Result, uint Origin)
{
    /// <summary>TEEC_SUCCESS from the trusted application.</summary>
    public static TeecStatus Success { get; } = new(TeecResult.TEEC_SUCCESS, TeecOrigin.TEEC_ORIGIN_TRUSTED_APP);

    public bool IsSuccess => Result == TeecResult.TEEC_SUCCESS;

    /// <summary>The client library refused before reaching the kernel.</summary>
    public static TeecStatus FromApi(uint result) => new(result, TeecOrigin.TEEC_ORIGIN_API);

    /// <summary>
    /// An OPEN_SESSION or INVOKE ioctl failed with <paramref name="errno"/>: origin COMMS;
    /// ENOMEM is OUT_OF_MEMORY, EINVAL BAD_PARAMETERS, anything else GENERIC.
    /// </summary>
    public static TeecStatus FromIoctlErrno(int errno) => new(
        Math.Abs(errno) switch
        {
            Errno.ENOMEM => TeecResult.TEEC_ERROR_OUT_OF_MEMORY,
            Errno.EINVAL => TeecResult.TEEC_ERROR_BAD_PARAMETERS,
            _ => TeecResult.TEEC_ERROR_GENERIC,
        },
        TeecOrigin.TEEC_ORIGIN_COMMS);

    /// <summary>"TEEC_ERROR_BAD_PARAMETERS/0xffff0006 from TEEC_ORIGIN_API".</summary>
    public override string ToString() => $"{TeecResult.Name(Result)}/0x{Result:x} from {TeecOrigin.Name(Origin)}";
}
