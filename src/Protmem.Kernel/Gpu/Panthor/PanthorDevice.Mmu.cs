using Protmem.Hardware;
using Protmem.Hardware.Iommu;
using Protmem.Kernel.Core;
using Protmem.Kernel.Gpu.Drm;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>panthor_mmu.c: VM_CREATE, VM_DESTROY, VM_BIND (synchronous map and unmap of BO ranges).</summary>
public sealed partial class PanthorDevice
{
    /// <summary>The GPU VA space of one VM in the model (the page tables' 4 GiB).</summary>
    public const ulong VaLimit = RkIommuPageTable.IovaLimit;

    /// <summary>Model: the default user VA range when VM_CREATE passes 0 (3 GiB, the rest for kernel objects).</summary>
    public const ulong DefaultUserVaRange = 3UL << 30;

    private PanthorVm? _attached;

    /// <summary>panthor_ioctl_vm_create: flags ≠ 0 or a user VA range over the VA space → -EINVAL; no page-table page → -ENOMEM.</summary>
    internal int IoctlVmCreate(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmPanthorVmCreate.Read(data);
        var client = (PanthorFilePriv)file.DriverPriv!;
        if (args.Flags != 0 || args.UserVaRange > VaLimit || (args.UserVaRange & HwConstants.PageMask) != 0)
        {
            return -Errno.EINVAL;
        }

        var domain = Kernel.Iommu.PagingDomainAlloc(Pdev);
        if (domain is null)
        {
            return -Errno.ENOMEM;
        }

        var vm = new PanthorVm(client.NextVmId(), domain, args.UserVaRange == 0 ? DefaultUserVaRange : args.UserVaRange);
        client.AddVm(vm);
        args.Id = vm.Id;
        args.UserVaRange = vm.UserVaRange;
        args.Write(data);
        return 0;
    }

    /// <summary>panthor_ioctl_vm_destroy: pad ≠ 0 or an unknown id → -EINVAL; a VM with groups → -EBUSY (Model: Linux defers the release).</summary>
    internal int IoctlVmDestroy(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmPanthorVmDestroy.Read(data);
        var client = (PanthorFilePriv)file.DriverPriv!;
        if (args.Pad != 0 || !client.Vms.TryGetValue(args.Id, out var vm))
        {
            return -Errno.EINVAL;
        }

        if (vm.Groups > 0)
        {
            return -Errno.EBUSY;
        }

        DestroyVm(client, vm);
        return 0;
    }

    /// <summary>
    /// panthor_ioctl_vm_bind, synchronous: an unknown VM → -EINVAL; DRM_PANTHOR_VM_BIND_ASYNC or sync operations →
    /// -EINVAL (Model: no VM_BIND queue); each op: unaligned offset/VA/size, a range outside the BO or the user VA
    /// range, an overlap, or unknown flags → -EINVAL; a bad handle → -ENOENT; a BO exclusive to another VM → -EINVAL.
    /// Ops run in order; the first failure stops the ioctl (earlier ops stay done, as in Linux).
    /// </summary>
    internal int IoctlVmBind(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmPanthorVmBind.Read(data);
        var client = (PanthorFilePriv)file.DriverPriv!;
        if (!client.Vms.TryGetValue(args.VmId, out var vm))
        {
            return -Errno.EINVAL;
        }

        if (args.Flags != 0)
        {
            return Kernel.NotModelled.Record(caller, "ioctl(DRM_IOCTL_PANTHOR_VM_BIND)", "asynchronous VM_BIND (a VM_BIND queue)", Errno.EINVAL);
        }

        var result = ReadArray(caller, args.Ops, DrmPanthorVmBindOp.Size, DrmPanthorVmBindOp.Size, out var ops);
        if (result < 0)
        {
            return result;
        }

        foreach (var raw in ops)
        {
            result = BindOne(file, vm, DrmPanthorVmBindOp.Read(raw));
            if (result < 0)
            {
                return result;
            }
        }

        return 0;
    }

    private int BindOne(DrmFile file, PanthorVm vm, DrmPanthorVmBindOp op)
    {
        var type = op.Flags & PanthorIoctl.DRM_PANTHOR_VM_BIND_OP_TYPE_MASK;
        const uint mapFlags = PanthorIoctl.DRM_PANTHOR_VM_BIND_OP_MAP_READONLY | PanthorIoctl.DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC | PanthorIoctl.DRM_PANTHOR_VM_BIND_OP_MAP_UNCACHED;
        if (op.Syncs.Count != 0 || ((op.Va | op.OpSize | op.BoOffset) & HwConstants.PageMask) != 0)
        {
            return -Errno.EINVAL;
        }

        var va = new DeviceAddr(op.Va);
        if (type == PanthorIoctl.DRM_PANTHOR_VM_BIND_OP_TYPE_UNMAP)
        {
            if ((op.Flags & ~type) != 0 || op.BoHandle != 0 || op.BoOffset != 0)
            {
                return -Errno.EINVAL;
            }

            if (_current?.Group.Vm == vm)
            {
                // Model: VM ops are synchronous; an unmap under a running job of the VM waits in Linux, here it is refused.
                return -Errno.EBUSY;
            }

            if (!vm.TryRemove(va, op.OpSize, out var removed))
            {
                return -Errno.EINVAL;
            }

            foreach (var (at, size, bo) in removed)
            {
                vm.Domain.Unmap(at, size);
                bo.Put();
            }

            return 0;
        }

        if (type == PanthorIoctl.DRM_PANTHOR_VM_BIND_OP_TYPE_SYNC_ONLY)
        {
            // Only valid with DRM_PANTHOR_VM_BIND_ASYNC.
            return -Errno.EINVAL;
        }

        if (type != PanthorIoctl.DRM_PANTHOR_VM_BIND_OP_TYPE_MAP || (op.Flags & ~(type | mapFlags)) != 0 || op.OpSize == 0)
        {
            return -Errno.EINVAL;
        }

        if (!file.TryLookup(op.BoHandle, out var obj))
        {
            return -Errno.ENOENT;
        }

        if (op.BoOffset > obj.Size || op.OpSize > obj.Size - op.BoOffset || op.Va >= vm.UserVaRange || op.OpSize > vm.UserVaRange - op.Va
            || vm.Overlaps(va, op.OpSize) || (obj is PanthorGemObject { ExclusiveVm: { } exclusive } && exclusive != vm))
        {
            return -Errno.EINVAL;
        }

        var prot = (op.Flags & PanthorIoctl.DRM_PANTHOR_VM_BIND_OP_MAP_READONLY) != 0 ? IommuProt.Read : IommuProt.ReadWrite;
        var iova = va;
        var offset = op.BoOffset;
        var left = op.OpSize;
        foreach (var range in obj.Backing)
        {
            if (left == 0)
            {
                break;
            }

            if (offset >= range.Length)
            {
                offset -= range.Length;
                continue;
            }

            var n = Math.Min(range.Length - offset, left);
            var mapped = vm.Domain.Map(iova, range.Start + offset, n, prot);
            if (mapped < 0)
            {
                if (iova != va)
                {
                    vm.Domain.Unmap(va, iova - va);
                }

                return mapped;
            }

            iova += n;
            left -= n;
            offset = 0;
        }

        vm.AddMapping(va, op.OpSize, obj.Get());
        return 0;
    }

    private void DestroyVm(PanthorFilePriv client, PanthorVm vm)
    {
        EnsureNotRunning(vm);
        foreach (var (at, size, bo) in vm.TakeAll())
        {
            vm.Domain.Unmap(at, size);
            bo.Put();
        }

        if (_attached == vm)
        {
            Kernel.Iommu.DetachDevice(vm.Domain, Pdev);
            _attached = null;
        }

        vm.IsDestroyed = true;
        client.RemoveVm(vm.Id);
        Kernel.Iommu.DomainFree(vm.Domain);
    }

    /// <summary>Attaches the GPU to <paramref name="vm"/>'s page tables (AS_TRANSTAB + UPDATE): 0 or -errno.</summary>
    private int AttachVm(PanthorVm vm)
    {
        if (_attached == vm)
        {
            return 0;
        }

        if (_attached is { } old)
        {
            Kernel.Iommu.DetachDevice(old.Domain, Pdev);
            _attached = null;
        }

        var result = Kernel.Iommu.AttachDevice(vm.Domain, Pdev);
        if (result == 0)
        {
            _attached = vm;
        }

        return result;
    }

    /// <summary>A VM is torn down only while no job of it runs (groups go first, and a destroyed group's running job is stopped).</summary>
    private void EnsureNotRunning(PanthorVm vm)
    {
        if (_current?.Group.Vm == vm)
        {
            throw new KernelOopsException($"panthor: {vm} changes while a job of it runs (Model: no VM_BIND ordering against running jobs)");
        }
    }
}
