using Protmem.Hardware;
using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;
using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tee;

/// <summary>
/// The in-kernel TEE client API (include/linux/tee_drv.h): how kernel drivers talk to a TA.
/// 1. <see cref="ClientOpenContext"/> (tee_client_open_context), paired with <see cref="ClientCloseContext"/>.
/// 2. <see cref="ClientOpenSession"/> with the REE-kernel login, paired with <see cref="ClientCloseSession"/>.
/// 3. <see cref="ClientInvokeFunc"/> with value parameters and memrefs into kernel shm
///    (<see cref="ClientAllocKernelShm"/>, paired with <see cref="TeeShm.Put"/>).
/// Results come back as the TEE result and origin; a negative return is the driver's -errno.
/// </summary>
public sealed partial class TeeDevice
{
    /// <summary>tee_client_open_context: a context with no user file behind it.</summary>
    internal TeeContext ClientOpenContext()
    {
        OpenContexts++;
        return new TeeContext(this, null);
    }

    /// <summary>tee_client_close_context: closes the context's sessions; shms keep it alive until put.</summary>
    internal void ClientCloseContext(TeeContext context)
    {
        if (context.Opener is not null || context.Releasing)
        {
            throw new KernelOopsException("tee_client_close_context on a user context or twice");
        }

        context.Releasing = true;
        _driver.Release(context);
        context.Put();
        OpenContexts--;
    }

    /// <summary>tee_client_open_session with TEE_IOCTL_LOGIN_REE_KERNEL: 0 with the session, result and origin, or -errno.</summary>
    internal int ClientOpenSession(TeeContext context, TeeUuid uuid, TeeParam[] parameters, out uint session, out uint ret, out uint origin)
    {
        var arg = new TeeIoctlOpenSessionArg { Uuid = uuid, ClntLogin = TeeIoctl.TEE_IOCTL_LOGIN_REE_KERNEL, NumParams = (uint)parameters.Length };
        try
        {
            var result = _driver.OpenSession(context, ref arg, TeeUuid.Nil, parameters);
            (session, ret, origin) = (arg.Session, arg.Ret, arg.RetOrigin);
            return result;
        }
        finally
        {
            PutParams(parameters);
        }
    }

    /// <summary>tee_client_invoke_func (memref references are dropped after the call): 0 with the TA's result and origin (outputs written into <paramref name="parameters"/>), or -errno.</summary>
    internal int ClientInvokeFunc(TeeContext context, uint session, uint func, TeeParam[] parameters, out uint ret, out uint origin)
    {
        var arg = new TeeIoctlInvokeArg { Func = func, Session = session, NumParams = (uint)parameters.Length };
        try
        {
            var result = _driver.Invoke(context, ref arg, parameters);
            (ret, origin) = (arg.Ret, arg.RetOrigin);
            return result;
        }
        finally
        {
            PutParams(parameters);
        }
    }

    /// <summary>tee_client_close_session: 0 or -EINVAL for a session the context does not hold.</summary>
    internal int ClientCloseSession(TeeContext context, uint session) => _driver.CloseSession(context, session);

    /// <summary>
    /// tee_shm_alloc_kernel_buf: zeroed contiguous kernel pages the TEE may read and write, as a shm of
    /// <paramref name="context"/> (no id); null when memory is exhausted. Paired with <see cref="TeeShm.Put"/>.
    /// </summary>
    internal TeeShm? ClientAllocKernelShm(TeeContext context, ulong size)
    {
        var order = MmConstants.GetOrder(size);
        if (size == 0 || order > BuddyAllocator.MaxOrder || !_kernel.Pages.TryAllocPages(order, MigrateType.Unmovable, null, zero: true, out var phys))
        {
            return null;
        }

        context.Get();
        return new TeeShm(context, TeeShmKind.Allocated, size, TeeIoctl.TEE_SHM_POOL, _ =>
        {
            _kernel.Pages.FreePages(phys, order);
            context.Put();
        })
        {
            Pages = [new PhysRange(phys, HwConstants.PageSize << order)],
        };
    }

    /// <summary>Reads <paramref name="into"/> from a kernel shm through the linear map.</summary>
    internal void ClientReadShm(TeeShm shm, Span<byte> into)
    {
        if (into.Length > (int)shm.Size || !_kernel.Soc.Cpu.TryRead(_kernel.Soc.LinearMap, _kernel.DirectMap.VirtualOf(shm.Paddr), into, SecurityState.NonSecure))
        {
            throw new KernelOopsException($"{shm} is not readable through the linear map");
        }
    }

    /// <summary>A VALUE parameter.</summary>
    internal static TeeParam ClientValue(ulong type, ulong a = 0, ulong b = 0, ulong c = 0) => new() { Attr = type, A = a, B = b, C = c };

    /// <summary>A memref parameter over [offset, +size) of a kernel shm; the call takes its own reference.</summary>
    internal static TeeParam ClientMemref(ulong type, TeeShm shm, ulong offset, ulong size) => new() { Attr = type, Shm = shm.Get(), ShmOffset = offset, Size = size };
}
