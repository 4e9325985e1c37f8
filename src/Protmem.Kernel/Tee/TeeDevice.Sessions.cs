using Protmem.Kernel.Core;
using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tee;

/// <summary>The session ioctls: OPEN_SESSION, INVOKE, CANCEL, CLOSE_SESSION, with params_from_user / params_to_user.</summary>
public sealed partial class TeeDevice
{
    // The largest header and the four parameters libteec always passes: a buffer up to this size is copied in one go.
    private const int CopiedArgSize = TeeIoctlOpenSessionArg.Size + (4 * TeeIoctlParam.Size);

    // What tee_ioctl_open_session and tee_ioctl_invoke put_user back: session, ret and ret_origin, or
    // ret and ret_origin; each run lies side by side in its header.
    private static readonly (int Offset, int Length) OpenAnswer = FieldRun(TeeIoctlOpenSessionArg.Layout, "session", "ret_origin");
    private static readonly (int Offset, int Length) InvokeAnswer = FieldRun(TeeIoctlInvokeArg.Layout, "ret", "ret_origin");

    // What params_to_user put_user back: a, b and c of a value (side by side), or b, a memref's size.
    private static readonly (int Offset, int Length) ParamValues = FieldRun(TeeIoctlParam.Layout, "a", "c");
    private static readonly (int Offset, int Length) ParamSize = FieldRun(TeeIoctlParam.Layout, "b", "b");

    private int IoctlOpenSession(UserProcess caller, TeeContext context, ulong arg)
    {
        Span<byte> block = stackalloc byte[CopiedArgSize];
        var result = ReadBufData(caller, arg, TeeIoctlOpenSessionArg.Size, block, out var bufPtr, out var numParams, out var paramsCopied);
        if (result < 0)
        {
            return result;
        }

        var open = TeeIoctlOpenSessionArg.Read(block);
        if (open.NumParams != numParams)
        {
            return -Errno.EINVAL;
        }

        var parameters = RentParams(numParams);
        try
        {
            result = ParamsFromUser(caller, context, bufPtr + TeeIoctlOpenSessionArg.Size, paramsCopied ? block[TeeIoctlOpenSessionArg.Size..] : default, parameters);
            if (result < 0)
            {
                return result;
            }

            // tee_ioctl_open_session refuses the REE-kernel range (EPERM) after params_from_user; the
            // driver's tee_session_calc_client_uuid then refuses the rest (EPERM, EINVAL).
            result = TeeClientUuid.Compute(caller.Credentials, open.ClntLogin, open.ClntUuid, out var clientUuid);
            if (result < 0)
            {
                return result;
            }

            result = _driver.OpenSession(context, ref open, clientUuid, parameters);
            if (result < 0)
            {
                return result;
            }

            // put_user of session, ret and ret_origin, which lie side by side.
            Span<byte> bytes = stackalloc byte[TeeIoctlOpenSessionArg.Size];
            open.Write(bytes);
            if (caller.CopyToUser(bufPtr + (ulong)OpenAnswer.Offset, bytes.Slice(OpenAnswer.Offset, OpenAnswer.Length)) < 0
                || ParamsToUser(caller, bufPtr + TeeIoctlOpenSessionArg.Size, parameters) < 0)
            {
                // The caller cannot learn of the session: close it rather than leak it.
                if (open.Ret == 0)
                {
                    _driver.CloseSession(context, open.Session);
                }

                return -Errno.EFAULT;
            }

            return 0;
        }
        finally
        {
            PutParams(parameters);
            ReturnParams(parameters);
        }
    }

    private int IoctlInvoke(UserProcess caller, TeeContext context, ulong arg)
    {
        Span<byte> block = stackalloc byte[CopiedArgSize];
        var result = ReadBufData(caller, arg, TeeIoctlInvokeArg.Size, block, out var bufPtr, out var numParams, out var paramsCopied);
        if (result < 0)
        {
            return result;
        }

        var invoke = TeeIoctlInvokeArg.Read(block);
        if (invoke.NumParams != numParams)
        {
            return -Errno.EINVAL;
        }

        var parameters = RentParams(numParams);
        try
        {
            result = ParamsFromUser(caller, context, bufPtr + TeeIoctlInvokeArg.Size, paramsCopied ? block[TeeIoctlInvokeArg.Size..] : default, parameters);
            if (result < 0)
            {
                return result;
            }

            result = _driver.Invoke(context, ref invoke, parameters);
            if (result < 0)
            {
                return result;
            }

            // put_user of ret and ret_origin, which lie side by side.
            Span<byte> bytes = stackalloc byte[TeeIoctlInvokeArg.Size];
            invoke.Write(bytes);
            return caller.CopyToUser(bufPtr + (ulong)InvokeAnswer.Offset, bytes.Slice(InvokeAnswer.Offset, InvokeAnswer.Length)) < 0
                || ParamsToUser(caller, bufPtr + TeeIoctlInvokeArg.Size, parameters) < 0
                ? -Errno.EFAULT
                : 0;
        }
        finally
        {
            PutParams(parameters);
            ReturnParams(parameters);
        }
    }

    private int IoctlCancel(UserProcess caller, TeeContext context, ulong arg)
    {
        var result = CopyIn(caller, arg, out TeeIoctlCancelArg cancel);
        return result < 0 ? result : _driver.Cancel(context, cancel.CancelId, cancel.Session);
    }

    private int IoctlCloseSession(UserProcess caller, TeeContext context, ulong arg)
    {
        var result = CopyIn(caller, arg, out TeeIoctlCloseSessionArg close);
        return result < 0 ? result : _driver.CloseSession(context, close.Session);
    }

    /// <summary>
    /// tee_ioctl_buf_data: buf_len above TEE_MAX_ARG_SIZE or below the header → EINVAL; the header
    /// (<paramref name="headerSize"/> bytes) is copied to the start of <paramref name="block"/> (EFAULT);
    /// buf_len must be exactly the header plus num_params parameters. The parameters are copied after the
    /// header when the whole buffer fits <paramref name="block"/> and reads in one copy; otherwise <see cref="ParamsFromUser"/> reads them
    /// one by one, as Linux does, so a fault answers in Linux's order.
    /// </summary>
    private static int ReadBufData(UserProcess caller, ulong arg, int headerSize, Span<byte> block, out ulong bufPtr, out int numParams, out bool paramsCopied)
    {
        bufPtr = 0;
        numParams = 0;
        paramsCopied = false;
        var result = CopyIn(caller, arg, out TeeIoctlBufData buf);
        if (result < 0)
        {
            return result;
        }

        if (buf.BufLen > TeeIoctl.TEE_MAX_ARG_SIZE || buf.BufLen < (ulong)headerSize)
        {
            return -Errno.EINVAL;
        }

        // Model: one copy_from_user of the whole buffer where Linux copies the header and then each
        // parameter; the bytes read are the same, and a buffer that faults anywhere takes Linux's path.
        paramsCopied = buf.BufLen <= (ulong)block.Length && caller.CopyFromUser(buf.BufPtr, block[..(int)buf.BufLen]) == 0;
        if (!paramsCopied && caller.CopyFromUser(buf.BufPtr, block[..headerSize]) < 0)
        {
            return -Errno.EFAULT;
        }

        var count = (buf.BufLen - (ulong)headerSize) / TeeIoctlParam.Size;
        if ((ulong)headerSize + (count * TeeIoctlParam.Size) != buf.BufLen)
        {
            return -Errno.EINVAL;
        }

        bufPtr = buf.BufPtr;
        numParams = (int)count;
        return 0;
    }

    /// <summary>
    /// params_from_user: attr bits outside the mask or an unknown type → EINVAL; a memref names a shm of
    /// this context (EINVAL otherwise) and stays inside it (offset + size neither overflowing nor past
    /// its size → EINVAL); a registered dynamic-pool buffer is then rewritten to its lent parent region
    /// plus the buffer's offset.
    /// </summary>
    private int ParamsFromUser(UserProcess caller, TeeContext context, ulong address, ReadOnlySpan<byte> copied, TeeParam[] parameters)
    {
        Span<byte> bytes = stackalloc byte[TeeIoctlParam.Size];
        for (var i = 0; i < parameters.Length; i++)
        {
            if (copied.IsEmpty && caller.CopyFromUser(address + ((ulong)i * TeeIoctlParam.Size), bytes) < 0)
            {
                return -Errno.EFAULT;
            }

            var ip = TeeIoctlParam.Read(copied.IsEmpty ? bytes : copied[(i * TeeIoctlParam.Size)..]);

            if ((ip.Attr & ~TeeIoctl.TEE_IOCTL_PARAM_ATTR_MASK) != 0)
            {
                return -Errno.EINVAL;
            }

            ref var p = ref parameters[i];
            p.Attr = ip.Attr;
            switch (ip.Type)
            {
                case TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_NONE:
                    break;
                case TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT or TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT or TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT:
                    (p.A, p.B, p.C) = (ip.A, ip.B, ip.C);
                    break;
                case TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT or TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT or TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT:
                    var result = MemrefFromUser(context, ip, ref p);
                    if (result < 0)
                    {
                        return result;
                    }

                    break;
                default:
                    return -Errno.EINVAL;
            }
        }

        return 0;
    }

    private int MemrefFromUser(TeeContext context, in TeeIoctlParam ip, ref TeeParam p)
    {
        p.Size = ip.B;
        if (ip.C == TeeIoctl.TEE_MEMREF_NULL)
        {
            return _driver.CapMemrefNull ? 0 : -Errno.EINVAL;
        }

        if (GetShm(context, ip.C) is not { } shm)
        {
            return -Errno.EINVAL;
        }

        if (ip.A + ip.B < ip.A || ip.A + ip.B > shm.Size)
        {
            shm.Put();
            return -Errno.EINVAL;
        }

        var offset = 0UL;
        if (shm.Parent is { } parent)
        {
            parent.Get();
            offset = shm.ParentOffset;
            shm.Put();
            shm = parent;
        }

        p.Shm = shm;
        p.ShmOffset = ip.A + offset;
        return 0;
    }

    /// <summary>params_to_user: values of OUTPUT/INOUT parameters and the sizes of OUTPUT/INOUT memrefs, and nothing else of the parameter.</summary>
    private static int ParamsToUser(UserProcess caller, ulong address, TeeParam[] parameters)
    {
        Span<byte> bytes = stackalloc byte[TeeIoctlParam.Size];
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            (int Offset, int Length) written;
            switch (p.Type)
            {
                case TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT or TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT:
                    new TeeIoctlParam { A = p.A, B = p.B, C = p.C }.Write(bytes);
                    written = ParamValues;
                    break;
                case TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT or TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT:
                    new TeeIoctlParam { B = p.Size }.Write(bytes);
                    written = ParamSize;
                    break;
                default:
                    continue;
            }

            var at = address + ((ulong)i * TeeIoctlParam.Size) + (ulong)written.Offset;
            if (caller.CopyToUser(at, bytes.Slice(written.Offset, written.Length)) < 0)
            {
                return -Errno.EFAULT;
            }
        }

        return 0;
    }

    /// <summary>The bytes from field <paramref name="first"/> to the end of field <paramref name="last"/> of <paramref name="layout"/>.</summary>
    private static (int Offset, int Length) FieldRun(AbiStructLayout layout, string first, string last)
    {
        var from = layout.Field(first);
        var to = layout.Field(last);
        return (from.Offset, to.Offset + to.Width - from.Offset);
    }

    /// <summary>Drops the references params_from_user took.</summary>
    private static void PutParams(TeeParam[] parameters)
    {
        foreach (var p in parameters)
        {
            p.Shm?.Put();
        }
    }

    /// <summary>The ioctl's array goes back for the next call (after <see cref="PutParams"/>).</summary>
    private void ReturnParams(TeeParam[] parameters)
    {
        if (parameters.Length < _paramArrays.Length)
        {
            Array.Clear(parameters);
            _paramArrays[parameters.Length] = parameters;
        }
    }

    /// <summary>
    /// The parameter array of a call (kcalloc in tee_ioctl_invoke). Model: an array of each common length is
    /// kept and reused, cleared, by the next call; a call made while one is out (none is) gets a fresh one.
    /// </summary>
    private TeeParam[] RentParams(int count)
    {
        if (count < _paramArrays.Length && _paramArrays[count] is { } kept)
        {
            _paramArrays[count] = null;
            return kept;
        }

        return new TeeParam[count];
    }
}
