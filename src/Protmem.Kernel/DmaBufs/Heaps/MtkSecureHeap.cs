using System.Buffers.Binary;
using Protmem.Hardware;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Tee;
using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.DmaBufs.Heaps;

/// <summary>
/// The MediaTek-style secure-world-managed heap (Yong Wu's restricted_heap_mtk.c, not merged):
/// <c>/dev/dma_heap/restricted_mtk_cm</c>, whose memory the secure world's secmem TA owns.
/// 1. Registered at TEE probe; the first allocation opens a kernel TEE context and a session to the
///    secmem TA (heap_init: "TEE probe may be late"), closed again when the last buffer is freed.
/// 2. ALLOC aligns the size to 4 KiB, asks the TA for a zeroed block (SECMEM_ZALLOC, CM_TZ) and builds
///    the sg table from the TA's list of physical ranges (SECMEM_RETRIEVE_SG).
/// 3. No CPU access (mmap, vmap: EINVAL); any device attaches (<see cref="ProtectedBufferOps"/>); one the firewall refuses faults on access.
/// 4. User space registers the buffer with the TEE (SHM_REGISTER_FD); it travels by physical address.
/// 5. Release: SECMEM_FREE (the TA scrubs the block).
/// A failing TEE call is -EOPNOTSUPP at allocation, except the TA's OUT_OF_MEMORY, which is -ENOMEM.
/// </summary>
public sealed class MtkSecureHeap : IDmaHeapOps, ITeeShmExporter
{
    /// <summary>The heap's name.</summary>
    public const string HeapName = "restricted_mtk_cm";

    /// <summary>The secmem TA.</summary>
    public static readonly TeeUuid SecmemTa = TeeUuid.Parse("4477588a-8476-11e2-ad15-e41f1390d676");

    internal const uint SECMEM_ZALLOC = 0x10000;
    internal const uint SECMEM_FREE = 0x10001;
    internal const uint SECMEM_RETRIEVE_SG = 0x10002;
    internal const uint MTK_SECURE_MEMORY_TYPE_CM_TZ = 1;
    private const uint TEEC_SUCCESS = 0;
    private const uint TEEC_ERROR_OUT_OF_MEMORY = 0xFFFF_000C;

    /// <summary>struct mtk_tee_scatterlist { u64 pa; u32 length; } __packed.</summary>
    private const int SgEntrySize = 12;
    private const ulong SgBufferSize = HwConstants.PageSize;

    private readonly KernelContext _kernel;
    private readonly TeeDevice _tee;
    private readonly ProtectedBufferOps _ops;
    private TeeContext? _context;
    private uint _session;

    private MtkSecureHeap(KernelContext kernel, TeeDevice tee)
    {
        _kernel = kernel;
        _tee = tee;
        _ops = new ProtectedBufferOps(kernel);
    }

    /// <summary>The TEE the heap calls through.</summary>
    public TeeDevice Tee => _tee;

    /// <summary>Buffers alive (blocks the TA holds for this heap).</summary>
    public int LiveBuffers { get; private set; }

    /// <summary>The secmem TA's CM_TZ memory serves secure video (use case 1); a buffer may be several ranges.</summary>
    public DmaHeapProperties Properties => DmaHeapProperties.ProtectedMemory(1, contiguous: false);

    /// <summary>The secmem TA's carveout admits the masters the TEE node names (<see cref="TeeConfig.StaticProtmemDevices"/>).</summary>
    public bool CanImport(PlatformDevice device) => device.Master is not null && _kernel.Config.Tee is { } tee && tee.StaticProtmemDevices.Contains(device.Name);

    /// <summary>dma_heap_add of <see cref="HeapName"/>: 0, or the framework's -errno.</summary>
    internal static int Register(KernelContext kernel, TeeDevice tee)
    {
        var heap = new MtkSecureHeap(kernel, tee);
        var result = kernel.DmaHeaps.Add(HeapName, heap, tee, out _);
        if (result == 0)
        {
            kernel.RegisterTeeShmExporter(heap);
        }

        return result;
    }

    public bool Owns(DmaBuf buffer) => _ops.Owns(buffer);

    /// <summary>
    /// The TEE passes the buffer by physical address: only a contiguous block of this heap's own TEE's
    /// secmem TA fits one shm; anything else is -EINVAL.
    /// </summary>
    public int UpdateShm(TeeDevice tee, DmaBuf buffer, TeeShm shm)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(shm);
        var secure = (MtkSecureBuffer)buffer.ExporterPrivate!;
        if (tee != _tee || secure.Ranges.Count != 1)
        {
            return -Errno.EINVAL;
        }

        shm.Pages = [secure.Ranges[0]];
        return 0;
    }

    /// <summary>This heap's TEE takes its buffers (a buffer of more than one range is still refused at registration).</summary>
    public bool TeeTakes(TeeDevice tee, DmaHeap heap)
    {
        ArgumentNullException.ThrowIfNull(heap);
        return ReferenceEquals(heap.Ops, this) && tee == _tee;
    }

    /// <summary>restricted_heap_allocate: SECMEM_ZALLOC then SECMEM_RETRIEVE_SG.</summary>
    public int Allocate(DmaHeap heap, ulong length, uint fdFlags, ulong heapFlags, out DmaBuf? buffer)
    {
        buffer = null;
        var size = unchecked(length + HwConstants.PageMask) & ~HwConstants.PageMask;
        if (size == 0 || size > uint.MaxValue)
        {
            return -Errno.EINVAL;
        }

        if (_context is null && !OpenSession())
        {
            return -Errno.EOPNOTSUPP;
        }

        var zalloc = new[]
        {
            TeeDevice.ClientValue(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT, size, 0),
            TeeDevice.ClientValue(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT, MTK_SECURE_MEMORY_TYPE_CM_TZ),
            TeeDevice.ClientValue(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT),
            TeeDevice.ClientValue(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT),
        };
        if (_tee.ClientInvokeFunc(_context!, _session, SECMEM_ZALLOC, zalloc, out var ret, out _) < 0 || ret != TEEC_SUCCESS)
        {
            CloseSessionIfIdle();
            return ret == TEEC_ERROR_OUT_OF_MEMORY ? -Errno.ENOMEM : -Errno.EOPNOTSUPP;
        }

        var handle = (uint)zalloc[3].A;
        var result = RetrieveSg(handle, size, out var ranges);
        if (result < 0)
        {
            FreeBlock(handle);
            CloseSessionIfIdle();
            return result;
        }

        LiveBuffers++;
        buffer = DmaBuf.Export(_kernel, _ops, size, (int)fdFlags, new MtkSecureBuffer(this, handle, ranges), heap.Name);
        return 0;
    }

    /// <summary>SECMEM_FREE; paired with the ZALLOC of <see cref="Allocate"/>.</summary>
    internal void Free(MtkSecureBuffer buffer)
    {
        LiveBuffers--;
        FreeBlock(buffer.Handle);
        CloseSessionIfIdle();
    }

    /// <summary>No buffer left: the session and the context go (paired with <see cref="OpenSession"/>).</summary>
    private void CloseSessionIfIdle()
    {
        if (LiveBuffers == 0 && _context is { } context)
        {
            _tee.ClientCloseSession(context, _session);
            _tee.ClientCloseContext(context);
            _context = null;
        }
    }

    private bool OpenSession()
    {
        var context = _tee.ClientOpenContext();
        if (_tee.ClientOpenSession(context, SecmemTa, [], out var session, out var ret, out _) < 0 || ret != TEEC_SUCCESS)
        {
            _tee.ClientCloseContext(context);
            return false;
        }

        (_context, _session) = (context, session);
        return true;
    }

    /// <summary>The block's physical ranges; they must cover exactly <paramref name="size"/> bytes.</summary>
    private int RetrieveSg(uint handle, ulong size, out IReadOnlyList<PhysRange> ranges)
    {
        ranges = [];
        if (_tee.ClientAllocKernelShm(_context!, SgBufferSize) is not { } shm)
        {
            return -Errno.ENOMEM;
        }

        try
        {
            var sg = new[]
            {
                TeeDevice.ClientValue(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT, handle),
                TeeDevice.ClientMemref(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, shm, 0, SgBufferSize),
            };
            if (_tee.ClientInvokeFunc(_context!, _session, SECMEM_RETRIEVE_SG, sg, out var ret, out _) < 0 || ret != TEEC_SUCCESS
                || sg[1].Size > SgBufferSize || sg[1].Size == 0 || sg[1].Size % SgEntrySize != 0)
            {
                return -Errno.EOPNOTSUPP;
            }

            var bytes = new byte[sg[1].Size];
            _tee.ClientReadShm(shm, bytes);
            var list = new List<PhysRange>();
            var total = 0UL;
            for (var offset = 0; offset < bytes.Length; offset += SgEntrySize)
            {
                var pa = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset));
                var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8));
                if (length == 0 || (pa & HwConstants.PageMask) != 0 || (length & HwConstants.PageMask) != 0 || pa > HwConstants.PhysAddressLimit - length)
                {
                    return -Errno.EOPNOTSUPP;
                }

                list.Add(new PhysRange(new PhysAddr(pa), length));
                total += length;
            }

            if (total != size)
            {
                return -Errno.EOPNOTSUPP;
            }

            ranges = list;
            return 0;
        }
        finally
        {
            shm.Put();
        }
    }

    private void FreeBlock(uint handle)
    {
        var free = new[] { TeeDevice.ClientValue(TeeIoctl.TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT, handle) };
        if (_tee.ClientInvokeFunc(_context!, _session, SECMEM_FREE, free, out var ret, out _) < 0 || ret != TEEC_SUCCESS)
        {
            throw new KernelOopsException($"the secmem TA refused to free its block {handle} (0x{ret:x})");
        }
    }
}
