using Protmem.Hardware;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.Iommu;
using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// A dma-buf (<c>struct dma_buf</c>): a buffer shared between devices and processes through an fd.
/// Its lifetime is its file's reference count: every fd, every VMA mapping it, every attachment and
/// every kernel <see cref="Get"/> holds one.
/// 1. Export: an exporter calls <see cref="Export"/> with its <see cref="DmaBufOps"/>; the buffer
///    starts with one reference, the exporter's.
/// 2. Fd: <see cref="InstallFd"/> (or the heap's ALLOC) gives that reference to an fd.
/// 3. Attach: <see cref="Attach"/> a device (a reference), paired with <see cref="Detach"/>.
/// 4. Map: <see cref="MapAttachment"/> gives an sg table of device addresses, paired with
///    <see cref="UnmapAttachment"/>.
/// 5. CPU access: <see cref="BeginCpuAccess"/> / <see cref="EndCpuAccess"/>, <see cref="Mmap"/> into a
///    process, <see cref="Vmap"/> / <see cref="Vunmap"/> into the kernel.
/// 6. Put: when the last reference drops (<see cref="Put"/>, close, munmap, detach) the exporter's
///    release runs and the buffer leaves the kernel's list.
/// </summary>
public sealed class DmaBuf
{
    private readonly KernelContext _kernel;
    private readonly List<DmaBufAttachment> _attachments = [];
    private int _vmapCount;
    private CpuVirtAddr _vmapAddress;

    private DmaBuf(KernelContext kernel, DmaBufOps ops, ulong size, object? exporterPrivate, string exporterName)
    {
        _kernel = kernel;
        Ops = ops;
        Size = size;
        ExporterPrivate = exporterPrivate;
        ExporterName = exporterName;
        Resv = new DmaResv();
        File = null!;
    }

    /// <summary>Bytes, page aligned.</summary>
    public ulong Size { get; }

    public DmaBufOps Ops { get; }

    /// <summary>The exporter's object (<c>priv</c>).</summary>
    public object? ExporterPrivate { get; }

    /// <summary><c>exp_name</c>: who exported it (the heap's name).</summary>
    public string ExporterName { get; }

    /// <summary>The name user space set with DMA_BUF_SET_NAME, or null.</summary>
    public string? Name { get; private set; }

    /// <summary>The reservation object.</summary>
    public DmaResv Resv { get; }

    /// <summary>The buffer's file; its reference count is the buffer's.</summary>
    public OpenFile File { get; private set; }

    /// <summary>The attachments, in attach order.</summary>
    public IReadOnlyList<DmaBufAttachment> Attachments => _attachments;

    /// <summary>Live kernel mappings from <see cref="Vmap"/>.</summary>
    public int VmapCount => _vmapCount;

    /// <summary>True once released.</summary>
    public bool IsReleased => File.IsReleased;

    /// <summary>
    /// dma_buf_export: a new buffer of <paramref name="size"/> bytes (page aligned, non-zero) holding
    /// one reference; its file takes the access mode of <paramref name="fileFlags"/>.
    /// </summary>
    public static DmaBuf Export(KernelContext kernel, DmaBufOps ops, ulong size, int fileFlags, object? exporterPrivate, string exporterName)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(ops);
        if (size == 0 || (size & HwConstants.PageMask) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"a dma-buf of 0x{size:x} bytes: the size must be a non-zero multiple of the page size");
        }

        var buffer = new DmaBuf(kernel, ops, size, exporterPrivate, exporterName);
        buffer.File = kernel.CreateFile(kernel.DmaBufFileOperations, buffer, fileFlags & (Fcntl.O_ACCMODE | Fcntl.O_NONBLOCK));
        kernel.OnDmaBufExported(buffer);
        return buffer;
    }

    /// <summary>dma_buf_fd: installs the caller's reference at the lowest free fd of <paramref name="process"/>; the fd or -EMFILE (then the caller keeps its reference).</summary>
    public int InstallFd(UserProcess process, int flags)
    {
        ArgumentNullException.ThrowIfNull(process);
        return process.Files.InstallAtLowest(File, flags);
    }

    /// <summary>get_dma_buf: takes a reference; paired with <see cref="Put"/>.</summary>
    public DmaBuf Get()
    {
        File.Get();
        return this;
    }

    /// <summary>dma_buf_put: drops a reference; the last one releases the buffer.</summary>
    public void Put() => File.Put();

    /// <summary>dma_buf_attach: 0 and an attachment holding a reference, or the exporter's -errno.</summary>
    public int Attach(PlatformDevice device, DmaDataDirection direction, out DmaBufAttachment? attachment)
    {
        ArgumentNullException.ThrowIfNull(device);
        var candidate = new DmaBufAttachment(this, device, direction);
        var result = Ops.Attach(this, candidate);
        if (result < 0)
        {
            attachment = null;
            return result;
        }

        Get();
        _attachments.Add(candidate);
        attachment = candidate;
        return 0;
    }

    /// <summary>dma_buf_detach: unmaps if still mapped, then drops the attachment's reference.</summary>
    public void Detach(DmaBufAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (!attachment.IsAttached || !_attachments.Remove(attachment))
        {
            throw new KernelOopsException($"detach of an attachment of {attachment.Device} that is not attached to this dma-buf");
        }

        if (attachment.Table is { } table)
        {
            UnmapAttachment(attachment, table, attachment.Direction);
        }

        Ops.Detach(this, attachment);
        attachment.IsAttached = false;
        Put();
    }

    /// <summary>dma_buf_map_attachment: 0 and an sg table of device addresses, or -errno.</summary>
    public int MapAttachment(DmaBufAttachment attachment, DmaDataDirection direction, out SgTable? table)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (!attachment.IsAttached || attachment.Buffer != this)
        {
            throw new KernelOopsException("map of an attachment that is not attached to this dma-buf");
        }

        if (attachment.Table is not null)
        {
            table = null;
            return -Errno.EBUSY;
        }

        var result = Ops.MapDmaBuf(attachment, direction, out table);
        if (result == 0)
        {
            attachment.Table = table ?? throw new KernelOopsException($"exporter '{ExporterName}' mapped without an sg table");
        }

        return result;
    }

    /// <summary>dma_buf_unmap_attachment; paired with <see cref="MapAttachment"/>.</summary>
    public void UnmapAttachment(DmaBufAttachment attachment, SgTable table, DmaDataDirection direction)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (attachment.Table != table)
        {
            throw new KernelOopsException("unmap of an sg table the attachment did not map");
        }

        Ops.UnmapDmaBuf(attachment, table, direction);
        attachment.Table = null;
    }

    /// <summary>dma_buf_begin_cpu_access: waits for the fences a CPU access of that direction must wait for, then the exporter's hook.</summary>
    public int BeginCpuAccess(DmaDataDirection direction)
    {
        var result = _kernel.WaitForFences(Resv, DmaResv.UsageRw(direction != DmaDataDirection.FromDevice));
        return result < 0 ? result : Ops.BeginCpuAccess(this, direction);
    }

    /// <summary>dma_buf_end_cpu_access.</summary>
    public int EndCpuAccess(DmaDataDirection direction) => Ops.EndCpuAccess(this, direction);

    /// <summary>
    /// dma_buf_mmap_internal: -EINVAL without an exporter mmap or when the range passes the end of the
    /// buffer; else the exporter maps the pages.
    /// </summary>
    public int Mmap(UserMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        if (!Ops.HasMmap)
        {
            return -Errno.EINVAL;
        }

        var pgoff = mapping.Offset >> HwConstants.PageShift;
        var pages = mapping.Length >> HwConstants.PageShift;
        if (pgoff + pages < pgoff || pgoff + pages > Size >> HwConstants.PageShift)
        {
            return -Errno.EINVAL;
        }

        return Ops.Mmap(this, mapping);
    }

    /// <summary>dma_buf_vmap: the kernel address of the whole buffer (shared by nested calls); 0 or -errno.</summary>
    public int Vmap(out CpuVirtAddr address)
    {
        if (_vmapCount > 0)
        {
            _vmapCount++;
            address = _vmapAddress;
            return 0;
        }

        var result = Ops.Vmap(this, out address);
        if (result == 0)
        {
            _vmapAddress = address;
            _vmapCount = 1;
        }

        return result;
    }

    /// <summary>dma_buf_vunmap; paired with <see cref="Vmap"/>.</summary>
    public void Vunmap(CpuVirtAddr address)
    {
        if (_vmapCount == 0 || address != _vmapAddress)
        {
            throw new KernelOopsException($"vunmap of {address}, which is not this dma-buf's vmap");
        }

        if (--_vmapCount == 0)
        {
            Ops.Vunmap(this, address);
        }
    }

    /// <summary>
    /// The importer check: the heap and use case when the buffer is protected memory, else null. Asks the
    /// exporter (each recognises its own buffers), never the buffer's type.
    /// </summary>
    public DmaBufProtection? Protection => Ops.Protection(this);

    /// <summary>DMA_BUF_SET_NAME: replaces the name.</summary>
    public void SetName(string name) => Name = name;

    /// <summary>The release hook of the buffer's file: the exporter frees the storage.</summary>
    internal void Release()
    {
        if (_attachments.Count != 0 || _vmapCount != 0)
        {
            throw new KernelOopsException($"dma-buf '{ExporterName}' released with {_attachments.Count} attachments and {_vmapCount} vmaps");
        }

        Ops.Release(this);
        Resv.Fini();
        _kernel.OnDmaBufReleased(this);
    }

    public override string ToString() => $"dma-buf({ExporterName}, 0x{Size:x} bytes{(Name is null ? "" : ", " + Name)})";
}
