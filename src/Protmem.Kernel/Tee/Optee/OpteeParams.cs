using System.Buffers.Binary;
using Protmem.Hardware;
using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tee.Optee;

/// <summary>
/// optee_to_msg_param / optee_from_msg_param: the core's validated parameters as optee_msg_params and
/// back. Values keep their numbers; a memref into kernel pages or a static protected buffer is TMEM by
/// physical address; into a lent region RMEM (SMC) or FMEM (FF-A) by handle; into user-registered memory
/// a NONCONTIG page list built from the process's page tables at this call. The page lists are kernel
/// pages freed by <see cref="Dispose"/> after the call.
/// </summary>
internal sealed class OpteeParams(KernelPages pages, IOpteeTransport transport) : IDisposable
{
    private List<PhysAddr>? _lists;

    /// <summary>0 with the message parameters, or -errno (EFAULT: user-registered memory no longer mapped; ENOMEM).</summary>
    public int ToMsg(TeeParam[] parameters, OpteeMsgParam[] into, int first)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (!p.IsMemref)
            {
                into[first + i] = new OpteeMsgParam(p.Type, p.A, p.B, p.C);
                continue;
            }

            var tmem = OpteeMsgAbi.ATTR_TYPE_TMEM_INPUT + (p.Type - TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT);
            switch (p.Shm)
            {
                case null:
                    into[first + i] = new OpteeMsgParam(tmem, 0, p.Size, 0);
                    break;
                case { Kind: TeeShmKind.LentRegion } region:
                    into[first + i] = transport.RegionMemref(p.Type, region.SecureWorldHandle, p.ShmOffset, p.Size);
                    break;
                case { Kind: TeeShmKind.UserRegistered } user:
                    var result = PageList(user, p.ShmOffset, p.Size, out var bufPtr);
                    if (result < 0)
                    {
                        return result;
                    }

                    into[first + i] = new OpteeMsgParam(tmem | OpteeMsgAbi.ATTR_NONCONTIG, bufPtr, p.Size, (ulong)user.Id);
                    break;
                case var shm:
                    into[first + i] = new OpteeMsgParam(tmem, (shm.Paddr + p.ShmOffset).Value, p.Size, (ulong)(long)shm.Id);
                    break;
            }
        }

        return 0;
    }

    /// <summary>Copies the secure world's outputs back: values of OUTPUT/INOUT, sizes of OUTPUT/INOUT memrefs.</summary>
    public static void FromMsg(OpteeMsgParam[] from, int first, TeeParam[] parameters)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            ref var p = ref parameters[i];
            var m = from[first + i];
            switch (p.Type)
            {
                case TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT or TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT:
                    (p.A, p.B, p.C) = (m.A, m.B, m.C);
                    break;
                case TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT or TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT:
                    p.Size = m.B;
                    break;
            }
        }
    }

    public void Dispose()
    {
        if (_lists is null)
        {
            return;
        }

        foreach (var list in _lists)
        {
            pages.Free(list);
        }

        _lists.Clear();
    }

    /// <summary>
    /// The NONCONTIG page list of [offset, +size) of a user-registered shm: 511 page addresses and a
    /// next-list link per 4 KiB page; buf_ptr = first list | offset in the first page.
    /// </summary>
    private int PageList(TeeShm shm, ulong offset, ulong size, out ulong bufPtr)
    {
        bufPtr = 0;
        var space = shm.Owner!.Memory.Space;
        var start = shm.UserAddress + offset;
        var firstPage = start & ~HwConstants.PageMask;
        var pageCount = Math.Max(1, ((start + size + HwConstants.PageMask) & ~HwConstants.PageMask) - firstPage >> HwConstants.PageShift);
        const int entriesPerList = 511;
        PhysAddr? previous = null;
        var list = new byte[HwConstants.PageSize];
        for (ulong done = 0; done < pageCount; done += entriesPerList)
        {
            if (pages.Alloc() is not { } listPage)
            {
                return -Errno.ENOMEM;
            }

            (_lists ??= []).Add(listPage);
            list.AsSpan().Clear();
            for (ulong i = 0; i < entriesPerList && done + i < pageCount; i++)
            {
                if (shm.Owner.HasExited || !space.TryTranslate(new CpuVirtAddr(firstPage + ((done + i) << HwConstants.PageShift)), out var phys, out _))
                {
                    return -Errno.EFAULT;
                }

                BinaryPrimitives.WriteUInt64LittleEndian(list.AsSpan((int)i * 8), phys.Value & ~HwConstants.PageMask);
            }

            pages.Write(listPage, list);
            if (previous is { } link)
            {
                var next = new byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(next, listPage.Value);
                pages.Write(link + (entriesPerList * 8UL), next);
            }
            else
            {
                bufPtr = listPage.Value | (start & HwConstants.PageMask);
            }

            previous = listPage;
        }

        return 0;
    }
}
