using Protmem.Hardware;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Mm;
using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tee;

/// <summary>The shm ioctls: SHM_ALLOC, SHM_REGISTER, SHM_REGISTER_FD and the seed design's RSTMEM_ALLOC.</summary>
public sealed partial class TeeDevice
{
    /// <summary>TEE_IOC_SHM_ALLOC: flags must be 0; page-rounded kernel pages; returns an mmap-able fd.</summary>
    private int IoctlShmAlloc(UserProcess caller, TeeContext context, ulong arg)
    {
        var result = CopyIn(caller, arg, out TeeIoctlShmAllocData data);
        if (result < 0)
        {
            return result;
        }

        if (data.Flags != 0 || data.ShmSize == 0)
        {
            return -Errno.EINVAL;
        }

        var size = unchecked(data.ShmSize + HwConstants.PageMask) & ~HwConstants.PageMask;
        var order = Optee.KernelPages.OrderOf(size);
        if (size == 0 || order > BuddyAllocator.MaxOrder
            || !_kernel.Pages.TryAllocPages(order, MigrateType.Unmovable, null, zero: true, out var phys))
        {
            return -Errno.ENOMEM;
        }

        context.Get();
        var shm = new TeeShm(context, TeeShmKind.Allocated, size, TeeIoctl.TEE_SHM_DYNAMIC | TeeIoctl.TEE_SHM_POOL, _releaseAllocated);
        shm.SetContiguousPages(new PhysRange(phys, size));
        return PublishShm(caller, shm, arg, new TeeIoctlShmAllocData { ShmSize = size, Flags = shm.Flags },
            static (data, id) => data with { Id = id });
    }

    /// <summary>
    /// TEE_IOC_SHM_REGISTER: flags must be 0; [addr, addr + length) must be the caller's writable memory
    /// (EFAULT otherwise). The pages are looked up again at every use, so memory the process unmapped
    /// is never reached through a stale address.
    /// </summary>
    private int IoctlShmRegister(UserProcess caller, TeeContext context, ulong arg)
    {
        var result = CopyIn(caller, arg, out TeeIoctlShmRegisterData data);
        if (result < 0)
        {
            return result;
        }

        if (data.Flags != 0 || data.Length == 0)
        {
            return -Errno.EINVAL;
        }

        if (data.Addr + data.Length < data.Addr || !caller.Memory.Vmas.CanAccess(data.Addr, data.Length, write: true))
        {
            return -Errno.EFAULT;
        }

        context.Get();
        var shm = new TeeShm(context, TeeShmKind.UserRegistered, data.Length, TeeIoctl.TEE_SHM_USER_MAPPED | TeeIoctl.TEE_SHM_DYNAMIC, s =>
        {
            RemoveId(s);
            context.Put();
        })
        {
            UserAddress = data.Addr,
            Owner = caller,
        };
        return PublishShm(caller, shm, arg, new TeeIoctlShmRegisterData { Addr = data.Addr, Length = data.Length, Flags = shm.Flags },
            static (data, id) => data with { Id = id });
    }

    /// <summary>
    /// TEE_IOC_SHM_REGISTER_FD: flags must be 0; the fd must be a dma-buf from this device's protected
    /// heaps; every failure is EINVAL. The shm holds its own dma-buf reference; flags out 0x10.
    /// </summary>
    private int IoctlShmRegisterFd(UserProcess caller, TeeContext context, ulong arg)
    {
        var result = CopyIn(caller, arg, out TeeIoctlShmRegisterFdData data);
        if (result < 0)
        {
            return result;
        }

        if (data.Flags != 0)
        {
            return -Errno.EINVAL;
        }

        // The handler passes the __s64 to an int parameter: the low 32 bits name the fd.
        var fd = unchecked((int)data.Fd);
        if (!caller.Files.TryGet(fd, out var file) || file.PrivateData is not DmaBuf buffer)
        {
            return -Errno.EINVAL;
        }

        // tee_shm_register_fd: only an exporter that recognises the buffer as its own can describe it.
        var exporter = _kernel.TeeShmExporters.FirstOrDefault(e => e.Owns(buffer));
        if (exporter is null)
        {
            return -Errno.EINVAL;
        }

        buffer.Get();
        context.Get();
        var shm = new TeeShm(context, TeeShmKind.DmaBuf, buffer.Size, TeeIoctl.TEE_SHM_DMA_BUF, s =>
        {
            RemoveId(s);
            buffer.Put();
            context.Put();
        })
        {
            Buffer = buffer,
        };
        if (exporter.UpdateShm(this, buffer, shm) < 0)
        {
            shm.Put();
            return -Errno.EINVAL;
        }

        return PublishShm(caller, shm, arg, new TeeIoctlShmRegisterFdData { Fd = data.Fd, ShmSize = buffer.Size, Flags = shm.Flags },
            static (data, id) => data with { Id = id });
    }

    /// <summary>Whether SHM_REGISTER_FD takes buffers of <paramref name="heap"/>: some registered exporter says so.</summary>
    internal bool CanRegisterFd(DmaHeap heap) => _kernel.TeeShmExporters.Any(e => e.TeeTakes(this, heap));

    /// <summary>
    /// TEE_IOC_RSTMEM_ALLOC (seed design): use case 0, non-zero flags, a zero size or a use case without a
    /// pool → EINVAL; the pool's error as is; returns a dma-buf fd (O_CLOEXEC) and writes the shm id.
    /// </summary>
    private int IoctlRstmemAlloc(UserProcess caller, TeeContext context, ulong arg)
    {
        var result = CopyIn(caller, arg, out TeeIoctlRstmemAllocData data);
        if (result < 0)
        {
            return result;
        }

        var size = unchecked(data.ShmSize + HwConstants.PageMask) & ~HwConstants.PageMask;
        if (data.UseCase == TeeIoctl.TEE_IOC_UC_RESERVED || data.Flags != 0 || size == 0 || !_pools.TryGetValue(data.UseCase, out var pool))
        {
            return -Errno.EINVAL;
        }

        result = TeeHeap.AllocateBuffer(_kernel, this, pool, size, Fcntl.O_RDWR, "tee-rstmem", out var buffer);
        if (result < 0)
        {
            return result;
        }

        var protectedBuffer = (TeeHeapBuffer)buffer!.ExporterPrivate!;
        context.Get();
        var shm = new TeeShm(context, TeeShmKind.Restricted, size, TeeIoctl.TEE_SHM_DMA_BUF, s =>
        {
            RemoveId(s);
            context.Put();
        })
        {
            Buffer = buffer,
        };
        pool.UpdateShm(protectedBuffer.Range, protectedBuffer.Offset, shm, out var parent);
        shm.Parent = parent;
        shm.ParentOffset = parent is null ? 0 : protectedBuffer.Offset;
        protectedBuffer.OwnedShm = shm;
        if (AllocateId(shm) < 0)
        {
            buffer.Put();
            return -Errno.ENOSPC;
        }

        var fd = caller.Files.ReserveFd(Fcntl.O_CLOEXEC);
        if (fd < 0)
        {
            buffer.Put();
            return fd;
        }

        data.Id = shm.Id;
        data.ShmSize = size;
        if (CopyOut(caller, arg, data) < 0)
        {
            caller.Files.Unreserve(fd);
            buffer.Put();
            return -Errno.EFAULT;
        }

        caller.Files.Install(fd, buffer.File);
        return fd;
    }

    /// <summary>
    /// The common tail of the shm ioctls: an id, the copy-out, then the fd. The creation reference is
    /// dropped at the end, so the fd's file holds the only one (or the shm is freed at once on failure).
    /// </summary>
    private int PublishShm<T>(UserProcess caller, TeeShm shm, ulong arg, T answer, Func<T, int, T> withId)
        where T : struct, IUapiStruct<T>
    {
        try
        {
            var id = AllocateId(shm);
            if (id < 0)
            {
                return id;
            }

            if (CopyOut(caller, arg, withId(answer, id)) < 0)
            {
                return -Errno.EFAULT;
            }

            return InstallShmFd(caller, shm, 0);
        }
        finally
        {
            shm.Put();
        }
    }
}
