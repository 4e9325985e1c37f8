using Protmem.Uapi.Tee;

namespace Protmem.Userspace.TeeClient;

/// <summary>
/// How libteec turns a <see cref="TeecOperation"/> into tee_ioctl_param and back: the checks made
/// before any ioctl, the attr of each TEEC type, and the write-back of outputs.
/// </summary>
internal static class TeecCall
{
    /// <summary>OPEN_SESSION (the target, the client's identity and login) or INVOKE (session and function); a value, made per call.</summary>
    internal readonly record struct Request(bool IsOpen, TeeUuid Uuid, TeeUuid ClientUuid, uint Login, uint Session, uint Func)
    {
        public static Request Open(TeeUuid uuid, TeeUuid clientUuid, uint login) => new(true, uuid, clientUuid, login, 0, 0);

        public static Request Invoke(uint session, uint func) => new(false, default, default, 0, session, func);
    }

    /// <summary>
    /// The checks libteec makes before any ioctl: known types, a temp buffer large enough, a
    /// parent for every shm memref, the partial direction within the shm's flags, and
    /// offset + size neither overflowing nor beyond the shm's size. Null when all pass.
    /// </summary>
    public static TeecStatus? Validate(TeecOperation? operation)
    {
        if (operation is null)
        {
            return null;
        }

        for (var i = 0; i < Teec.TEEC_CONFIG_PAYLOAD_REF_COUNT; i++)
        {
            var p = operation[i];
            var ok = p.Type switch
            {
                Teec.TEEC_NONE or Teec.TEEC_VALUE_INPUT or Teec.TEEC_VALUE_OUTPUT or Teec.TEEC_VALUE_INOUT => true,
                Teec.TEEC_MEMREF_TEMP_INPUT or Teec.TEEC_MEMREF_TEMP_OUTPUT or Teec.TEEC_MEMREF_TEMP_INOUT =>
                    p.TempBuffer is not null && p.Size <= (ulong)p.TempBuffer.Length,
                Teec.TEEC_MEMREF_WHOLE => p.Parent is { } whole && (whole.Flags & (Teec.TEEC_MEM_INPUT | Teec.TEEC_MEM_OUTPUT)) != 0,
                Teec.TEEC_MEMREF_PARTIAL_INPUT => PartialFits(p, Teec.TEEC_MEM_INPUT),
                Teec.TEEC_MEMREF_PARTIAL_OUTPUT => PartialFits(p, Teec.TEEC_MEM_OUTPUT),
                Teec.TEEC_MEMREF_PARTIAL_INOUT => PartialFits(p, Teec.TEEC_MEM_INPUT | Teec.TEEC_MEM_OUTPUT),
                _ => false,
            };
            if (!ok)
            {
                return TeecStatus.FromApi(TeecResult.TEEC_ERROR_BAD_PARAMETERS);
            }
        }

        return null;
    }

    /// <summary>The ioctl parameter of a validated TEEC parameter; temp memrefs name their bounce shm.</summary>
    public static TeeIoctlParam ToIoctl(TeecParameter p, TeecSharedMemory? bounce) => p.Type switch
    {
        Teec.TEEC_VALUE_INPUT or Teec.TEEC_VALUE_OUTPUT or Teec.TEEC_VALUE_INOUT =>
            TeeIoctlParam.Value(p.Type, p.ValueA, p.ValueB),
        Teec.TEEC_MEMREF_TEMP_INPUT or Teec.TEEC_MEMREF_TEMP_OUTPUT or Teec.TEEC_MEMREF_TEMP_INOUT =>
            TeeIoctlParam.Memref(p.Type, 0, p.Size, bounce!.Id),
        Teec.TEEC_MEMREF_WHOLE => TeeIoctlParam.Memref(MemrefAttr(p.Parent!.Flags), 0, p.Parent.Size, p.Parent.Id),
        Teec.TEEC_MEMREF_PARTIAL_INPUT => TeeIoctlParam.Memref(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, p.Offset, p.Size, p.Parent!.Id),
        Teec.TEEC_MEMREF_PARTIAL_OUTPUT => TeeIoctlParam.Memref(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, p.Offset, p.Size, p.Parent!.Id),
        Teec.TEEC_MEMREF_PARTIAL_INOUT => TeeIoctlParam.Memref(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, p.Offset, p.Size, p.Parent!.Id),
        _ => TeeIoctlParam.None,
    };

    /// <summary>Copies what the TEE returned into the TEEC parameter: values, memref sizes, temp output bytes.</summary>
    public static void FromIoctl(TeecParameter p, TeeIoctlParam returned, TeecSharedMemory? bounce)
    {
        switch (p.Type)
        {
            case Teec.TEEC_VALUE_OUTPUT or Teec.TEEC_VALUE_INOUT:
                p.ValueA = unchecked((uint)returned.A);
                p.ValueB = unchecked((uint)returned.B);
                break;
            case Teec.TEEC_MEMREF_TEMP_OUTPUT or Teec.TEEC_MEMREF_TEMP_INOUT:
                var copy = (int)Math.Min(Math.Min(returned.B, p.Size), (ulong)p.TempBuffer!.Length);
                bounce!.Read(0, p.TempBuffer.AsSpan(0, copy));
                p.Size = returned.B;
                break;
            case Teec.TEEC_MEMREF_WHOLE or Teec.TEEC_MEMREF_PARTIAL_OUTPUT or Teec.TEEC_MEMREF_PARTIAL_INOUT or Teec.TEEC_MEMREF_PARTIAL_INPUT:
                p.Size = returned.B;
                break;
            default:
                break;
        }
    }

    /// <summary>Whether <paramref name="type"/> is a temporary memref (staged through a bounce shm).</summary>
    public static bool IsTemp(uint type) =>
        type is Teec.TEEC_MEMREF_TEMP_INPUT or Teec.TEEC_MEMREF_TEMP_OUTPUT or Teec.TEEC_MEMREF_TEMP_INOUT;

    private static bool PartialFits(TeecParameter p, uint required)
    {
        if (p.Parent is not { } shm || (shm.Flags & required) != required)
        {
            return false;
        }

        var end = p.Offset + p.Size;
        return end >= p.Offset && end <= shm.Size;
    }

    private static ulong MemrefAttr(uint flags) => (flags & (Teec.TEEC_MEM_INPUT | Teec.TEEC_MEM_OUTPUT)) switch
    {
        Teec.TEEC_MEM_INPUT => TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT,
        Teec.TEEC_MEM_OUTPUT => TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT,
        _ => TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT,
    };
}
