using Protmem.Hardware;
using Protmem.Hardware.Crypto;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Iommu;
using Protmem.Uapi;

namespace Protmem.Kernel.Crypto;

/// <summary>
/// A job's source or destination as the engine sees it, for the length of one RUN: a caller's dma-buf,
/// attached and mapped for the engine; or a caller's user buffer, staged through kernel bounce pages.
/// Paired with <see cref="Release"/>.
/// </summary>
/// <remarks>
/// Model: a real driver would pin the user pages (pin_user_pages) and map them; the model copies through
/// single kernel pages instead, which gives the engine the same kind of descriptor list.
/// </remarks>
internal sealed class RkCryptoJobBuffer
{
    private readonly KernelContext _kernel;
    private readonly DmaBuf? _buffer;
    private readonly DmaBufAttachment? _attachment;
    private readonly SgTable? _table;
    private readonly DmaDataDirection _direction;
    private readonly List<PhysAddr> _pages = [];

    private RkCryptoJobBuffer(KernelContext kernel, DmaBuf? buffer, DmaBufAttachment? attachment, SgTable? table, DmaDataDirection direction)
    {
        _kernel = kernel;
        _buffer = buffer;
        _attachment = attachment;
        _table = table;
        _direction = direction;
    }

    /// <summary>The engine's descriptor list.</summary>
    public List<CryptoSegment> Segments { get; } = [];

    /// <summary>
    /// A dma-buf fd: -EBADF for no such fd, -EINVAL for a file that is not a dma-buf, a protected buffer (the
    /// engine's data path never touches protected memory: it would turn a key buffer into data), or one
    /// smaller than <paramref name="length"/>; else the attach/map error.
    /// </summary>
    public static int FromDmaBuf(KernelContext kernel, UserProcess caller, PlatformDevice device, ulong fd, ulong length, DmaDataDirection direction, out RkCryptoJobBuffer? result)
    {
        result = null;
        if (fd > int.MaxValue || !caller.Files.TryGet((int)fd, out var file))
        {
            return -Errno.EBADF;
        }

        if (file.PrivateData is not DmaBuf buffer || !ReferenceEquals(file.Operations, kernel.DmaBufFileOperations))
        {
            return -Errno.EINVAL;
        }

        if (buffer.Protection is not null || buffer.Size < length)
        {
            return -Errno.EINVAL;
        }

        var attached = buffer.Attach(device, direction, out var attachment);
        if (attached < 0)
        {
            return attached;
        }

        var mapped = buffer.MapAttachment(attachment!, direction, out var table);
        if (mapped < 0)
        {
            buffer.Detach(attachment!);
            return mapped;
        }

        buffer.Get();
        result = new RkCryptoJobBuffer(kernel, buffer, attachment, table, direction);
        var left = length;
        foreach (var entry in table!.Entries)
        {
            if (left == 0)
            {
                break;
            }

            var count = Math.Min(entry.Length, left);
            result.Segments.Add(new CryptoSegment(entry.DmaAddress, count));
            left -= count;
        }

        return 0;
    }

    /// <summary>
    /// A user buffer of <paramref name="length"/> bytes at <paramref name="address"/>: kernel pages, filled from it
    /// when it is the source. -ENOMEM without pages, -EFAULT when the source cannot be read.
    /// </summary>
    public static int FromUser(KernelContext kernel, UserProcess caller, ulong address, ulong length, bool isSource, out RkCryptoJobBuffer? result)
    {
        result = new RkCryptoJobBuffer(kernel, null, null, null, isSource ? DmaDataDirection.ToDevice : DmaDataDirection.FromDevice);
        var page = new byte[HwConstants.PageSize];
        for (var done = 0UL; done < length; done += HwConstants.PageSize)
        {
            var count = (int)Math.Min(HwConstants.PageSize, length - done);
            if (!kernel.Pages.TryAllocPage(out var phys))
            {
                result.Release();
                result = null;
                return -Errno.ENOMEM;
            }

            result._pages.Add(phys);
            result.Segments.Add(new CryptoSegment(new DeviceAddr(phys.Value), (ulong)count));
            if (isSource && (caller.CopyFromUser(address + done, page.AsSpan(0, count)) < 0 || !kernel.Hardware.Cpu.TryWrite(kernel.Hardware.LinearMap, kernel.DirectMap.VirtualOf(phys), page.AsSpan(0, count))))
            {
                result.Release();
                result = null;
                return -Errno.EFAULT;
            }
        }

        return 0;
    }

    /// <summary>Copies a bounce destination's <paramref name="length"/> bytes to user <paramref name="address"/>: 0 or -EFAULT.</summary>
    public int CopyToUser(UserProcess caller, ulong address, ulong length)
    {
        var page = new byte[HwConstants.PageSize];
        for (var i = 0; i < _pages.Count; i++)
        {
            var done = (ulong)i * HwConstants.PageSize;
            var count = (int)Math.Min(HwConstants.PageSize, length - done);
            if (!_kernel.Hardware.Cpu.TryRead(_kernel.Hardware.LinearMap, _kernel.DirectMap.VirtualOf(_pages[i]), page.AsSpan(0, count))
                || caller.CopyToUser(address + done, page.AsSpan(0, count)) < 0)
            {
                return -Errno.EFAULT;
            }
        }

        return 0;
    }

    /// <summary>Unmaps and detaches the dma-buf and drops its reference, or frees the bounce pages (zeroed first).</summary>
    public void Release()
    {
        if (_buffer is not null)
        {
            _buffer.UnmapAttachment(_attachment!, _table!, _direction);
            _buffer.Detach(_attachment!);
            _buffer.Put();
            return;
        }

        foreach (var phys in _pages)
        {
            _kernel.Hardware.Cpu.TryZero(_kernel.Hardware.LinearMap, _kernel.DirectMap.VirtualOf(phys), HwConstants.PageSize, out _);
            _kernel.Pages.FreePage(phys);
        }

        _pages.Clear();
    }
}
