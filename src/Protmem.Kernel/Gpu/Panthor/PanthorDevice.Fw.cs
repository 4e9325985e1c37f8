using Protmem.Hardware;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Gpu.Drm;
using Protmem.Kernel.Mm;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>
/// panthor_fw.c with the protected-mode designs: where the firmware's protected sections and the groups'
/// protected suspend buffers come from, ENABLE_FW_PROT_MODE, and DEV_QUERY.
/// </summary>
public sealed partial class PanthorDevice
{
    private IReadOnlyList<PhysRange> _fwProtBuffer = [];
    private bool[] _suspendSlots = [];
    private IReadOnlyList<PhysRange>? _pendingFwReset;
    private ulong _fwResetRequestedAt;

    /// <summary>
    /// panthor_fw_load: under protected-heap, CSF_FW_BINARY_IFACE_ENTRY_PROT sections go to a buffer from the
    /// heap (dma_heap_buffer_alloc + drm_gem_prime_import); under reserved-memory, to the carveout (the DMA API
    /// over the node's memory-region); under enable-fw-prot-mode (and without a heap) they are skipped.
    /// </summary>
    private int LoadFirmware(DmaHeap? heap)
    {
        IReadOnlyList<PhysRange> sections = [];
        if (FwMemory == PanthorFwMemory.ReservedMemory)
        {
            var region = Pdev.MemoryRegions.First(r => r.NoMap);
            _carveout = new GenPool(HwConstants.PageShift);
            _carveout.AddChunk(region.Range.Start.Value, region.Range.Length);
        }

        if (FwMemory != PanthorFwMemory.EnableFwProtMode && (heap is not null || _carveout is not null))
        {
            var result = AllocProtected(heap, FwProtectedSize, out sections);
            if (result < 0)
            {
                return result;
            }
        }

        Gpu.LoadFirmware(sections);
        return 0;
    }

    /// <summary>Protected memory for the firmware or a suspend buffer, from the design's source: 0 or -errno.</summary>
    private int AllocProtected(DmaHeap? heap, ulong size, out IReadOnlyList<PhysRange> pages)
    {
        pages = [];
        if (_carveout is not null)
        {
            // Model: dma_alloc_coherent from the per-device pool that rmem_dma_device_init declares over the carveout.
            if (!_carveout.TryAlloc(size, out var start))
            {
                return -Errno.ENOMEM;
            }

            pages = [new PhysRange(new PhysAddr(start), size)];
            ProtectedBytesHeld += size;
            return 0;
        }

        if (heap is null && (ProtectedHeapName is null || !Kernel.DmaHeaps.TryGet(ProtectedHeapName, out heap)))
        {
            return -Errno.EINVAL;
        }

        // Model: dma_heap_buffer_alloc, the in-kernel accessor the series carries, is the heap's allocate op.
        var result = heap.Ops.Allocate(heap, size, Fcntl.O_RDWR, 0, out var buffer);
        if (result < 0)
        {
            return result;
        }

        result = Drm.GemPrimeImportDev(buffer!, Pdev, out var obj);
        if (result < 0)
        {
            buffer!.Put();
            return result;
        }

        _heapBuffers.Add(buffer!);
        _kernelBos.Add(obj!);
        pages = [.. obj!.Backing];
        ProtectedBytesHeld += obj.Size;
        return 0;
    }

    /// <summary>A protected suspend buffer for a new PROTECTED group: 0 or -EINVAL without protected memory, -ENOMEM.</summary>
    private int AllocSuspendBuffer(out IReadOnlyList<PhysRange> pages)
    {
        pages = [];
        if (FwMemory != PanthorFwMemory.EnableFwProtMode)
        {
            return Gpu.FirmwareHasProtectedSections ? AllocProtected(null, ProtmSuspendSize, out pages) : -Errno.EINVAL;
        }

        // Model: under ENABLE_FW_PROT_MODE the suspend buffers are slots of the buffer userspace handed over,
        // after the firmware's sections (the review noted suspend buffers have the same problem).
        if (_fwProtBuffer.Count == 0)
        {
            return -Errno.EINVAL;
        }

        var slot = Array.IndexOf(_suspendSlots, false);
        if (slot < 0)
        {
            return -Errno.ENOMEM;
        }

        _suspendSlots[slot] = true;
        pages = Slice(_fwProtBuffer, FwProtectedSize + ((ulong)slot * ProtmSuspendSize), ProtmSuspendSize);
        return 0;
    }

    private void FreeSuspendBuffer(IReadOnlyList<PhysRange> pages)
    {
        if (FwMemory == PanthorFwMemory.EnableFwProtMode && pages.Count > 0)
        {
            for (var slot = 0; slot < _suspendSlots.Length; slot++)
            {
                if (Slice(_fwProtBuffer, FwProtectedSize + ((ulong)slot * ProtmSuspendSize), ProtmSuspendSize)[0].Start == pages[0].Start)
                {
                    _suspendSlots[slot] = false;
                }
            }
        }
        else if (_carveout is not null && pages.Count > 0)
        {
            _carveout.Free(pages[0].Start.Value, pages[0].Length);
            ProtectedBytesHeld -= pages[0].Length;
        }

        // Model: heap suspend buffers stay with the device (in _kernelBos) until unplug.
    }

    private void ReleaseKernelMemory()
    {
        foreach (var obj in _kernelBos)
        {
            obj.Put();
        }

        foreach (var buffer in _heapBuffers)
        {
            buffer.Put();
        }

        _kernelBos.Clear();
        _heapBuffers.Clear();
        ProtectedBytesHeld = 0;
    }

    /// <summary>
    /// DRM_IOCTL_PANTHOR_ENABLE_FW_PROT_MODE (proposed in the review, never merged): only under the
    /// enable-fw-prot-mode design (-EINVAL elsewhere); pad ≠ 0 → -EINVAL; without CAP_SYS_ADMIN → -EPERM; an unknown
    /// handle → -ENOENT; once enabled → -EBUSY; a buffer that is not a PRIME import from a protected heap
    /// (<see cref="DmaBuf.Protection"/>), or smaller than the firmware's sections → -EINVAL, unless the board turned
    /// the check off. Then the firmware is reset with its protected sections in that buffer; running work is
    /// delayed (the event log says by how much).
    /// </summary>
    internal int IoctlEnableFwProtMode(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmPanthorEnableFwProtMode.Read(data);
        if (FwMemory != PanthorFwMemory.EnableFwProtMode || args.Pad != 0)
        {
            return -Errno.EINVAL;
        }

        if (!caller.Credentials.Has(Capabilities.SysAdmin))
        {
            return -Errno.EPERM;
        }

        if (!file.TryLookup(args.Handle, out var obj))
        {
            return -Errno.ENOENT;
        }

        if (_fwProtBuffer.Count > 0 || _pendingFwReset is not null)
        {
            return -Errno.EBUSY;
        }

        if (ChecksFwProtBuffer && (obj.ImportAttach?.Buffer.Protection is null || obj.Size < FwProtectedSize))
        {
            return -Errno.EINVAL;
        }

        _kernelBos.Add(obj.Get());
        _fwProtBuffer = [.. obj.Backing];
        _suspendSlots = new bool[obj.Size > FwProtectedSize ? (obj.Size - FwProtectedSize) / ProtmSuspendSize : 0];
        ProtectedBytesHeld += obj.Size;
        _pendingFwReset = Slice(_fwProtBuffer, 0, Math.Min(FwProtectedSize, obj.Size));
        _fwResetRequestedAt = Kernel.Hardware.Clock.Now;
        Kick();
        return 0;
    }

    /// <summary>The firmware reset ENABLE_FW_PROT_MODE asked for, once the job in flight (if any) has finished.</summary>
    private bool TryResetFirmware()
    {
        if (_pendingFwReset is not { } sections || Gpu.IsBusy)
        {
            return false;
        }

        _pendingFwReset = null;
        Gpu.Reset();
        Stats.Resets++;
        Gpu.LoadFirmware(sections);
        var delay = Kernel.Hardware.Clock.Now - _fwResetRequestedAt + Gpu.BootDelay;
        Report(PanthorEventKind.FirmwareReset, $"firmware reset with protected sections; GPU work delayed by {delay} ns", delay);
        return true;
    }

    /// <summary>
    /// panthor_ioctl_dev_query: pointer 0 → the struct's size in <c>size</c>; else min(size, sizeof) bytes copied.
    /// GPU_INFO, CSIF_INFO, TIMESTAMP_INFO, GROUP_PRIORITIES_INFO, and the proposed PROTECTED_INFO; another type → -EINVAL.
    /// </summary>
    internal int IoctlDevQuery(DrmFile file, UserProcess caller, Span<byte> data)
    {
        var args = DrmPanthorDevQuery.Read(data);
        byte[] answer;
        switch (args.Type)
        {
            case PanthorIoctl.DRM_PANTHOR_DEV_QUERY_GPU_INFO:
                answer = new byte[DrmPanthorGpuInfo.Size];
                new DrmPanthorGpuInfo
                {
                    // Model: the RK3588's Mali-G610 MP4 (arch 10.8) ids; 4 shader cores, one tiler, one L2, 8 address spaces.
                    GpuId = 0xa8670000,
                    CsfId = 0x04a10000,
                    MmuFeatures = 0x2820,
                    AsPresent = 0xff,
                    ShaderPresent = 0x50005,
                    L2Present = 1,
                    TilerPresent = 1,
                    MaxThreads = 2048,
                }.Write(answer);
                break;
            case PanthorIoctl.DRM_PANTHOR_DEV_QUERY_CSIF_INFO:
                answer = new byte[DrmPanthorCsifInfo.Size];
                new DrmPanthorCsifInfo { CsgSlotCount = 1, CsSlotCount = MaxQueues, CsRegCount = 16, ScoreboardSlotCount = 8 }.Write(answer);
                break;
            case PanthorIoctl.DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO:
                answer = new byte[24];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(answer, 1_000_000_000);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(answer.AsSpan(8), Kernel.Hardware.Clock.Now);
                break;
            case PanthorIoctl.DRM_PANTHOR_DEV_QUERY_GROUP_PRIORITIES_INFO:
                answer = new byte[DrmPanthorGroupPrioritiesInfo.Size];
                new DrmPanthorGroupPrioritiesInfo { AllowedMask = (byte)(MayUseHighPriority(caller) ? 0xf : 0x3) }.Write(answer);
                break;
            case PanthorIoctl.DRM_PANTHOR_DEV_QUERY_PROTECTED_INFO:
                answer = new byte[DrmPanthorProtectedInfo.Size];
                new DrmPanthorProtectedInfo { Features = ProtectedSupported ? PanthorIoctl.DRM_PANTHOR_PROTECTED_FEATURE_BASIC : 0 }.Write(answer);
                break;
            default:
                return -Errno.EINVAL;
        }

        if (args.Data == 0)
        {
            args.QuerySize = (uint)answer.Length;
            args.Write(data);
            return 0;
        }

        var count = (int)Math.Min(args.QuerySize, (uint)answer.Length);
        if (caller.CopyToUser(args.Data, answer.AsSpan(0, count)) < 0)
        {
            return -Errno.EFAULT;
        }

        args.QuerySize = (uint)count;
        args.Write(data);
        return 0;
    }

    /// <summary>The byte range [offset, offset+size) of a buffer made of <paramref name="ranges"/>.</summary>
    private static List<PhysRange> Slice(IReadOnlyList<PhysRange> ranges, ulong offset, ulong size)
    {
        var result = new List<PhysRange>();
        foreach (var range in ranges)
        {
            if (size == 0)
            {
                break;
            }

            if (offset >= range.Length)
            {
                offset -= range.Length;
                continue;
            }

            var n = Math.Min(range.Length - offset, size);
            result.Add(new PhysRange(range.Start + offset, n));
            size -= n;
            offset = 0;
        }

        return result;
    }
}
