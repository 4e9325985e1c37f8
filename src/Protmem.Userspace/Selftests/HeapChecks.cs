using System.Buffers.Binary;
using Protmem.Uapi;
using Protmem.Uapi.DmaBuf;
using Protmem.Uapi.DmaHeap;
using Protmem.Userspace.DmaHeaps;

namespace Protmem.Userspace.Selftests;

/// <summary>The 11 checks of the dmabuf-heaps selftest on one heap, in the selftest's order.</summary>
internal sealed class HeapChecks(DmaHeapLibrary library, UserBuffer args, TapRecorder tap, string heap, bool isProtected)
{
    private const ulong OneMeg = 1024 * 1024;
    private const int BufferCount = 32;
    private const string ProtectedMmap = "protected heap, mmap -> EINVAL as designed";
    private const int ValidFdFlags = Fcntl.O_RDWR | Fcntl.O_CLOEXEC;

    private ISyscalls Sys => library.Syscalls;

    public void RunAll()
    {
        Guarded(["Import buffer", "test_alloc_and_import dmabuf sync succeeded"], AllocAndImport);
        Guarded(["Allocate and fill a bunch of buffers (4k)", "Allocate and validate all buffers are zeroed (4k)"], () => AllocZeroed(4 * 1024));
        Guarded(["Allocate and fill a bunch of buffers (1024k)", "Allocate and validate all buffers are zeroed (1024k)"], () => AllocZeroed(OneMeg));
        Guarded(["dmabuf_heap_alloc_older", "dmabuf_heap_alloc_newer"], AllocCompat);
        Guarded(["Error expected on invalid fd", "Error expected on invalid heap flags", "Error expected on invalid fd flags"], AllocErrors);
    }

    /// <summary>Runs one test function; a call that fails where the C program would abort fails its unreported checks.</summary>
    private void Guarded(string[] names, Action body)
    {
        var before = tap.Checks.Count;
        try
        {
            body();
        }
        catch (ErrnoException e)
        {
            tap.Message($"FAIL ({e.Message})");
            for (var i = tap.Checks.Count - before; i < names.Length; i++)
            {
                tap.Fail(heap, names[i], e.Message);
            }
        }
    }

    private void AllocAndImport()
    {
        const string import = "Import buffer";
        const string sync = "test_alloc_and_import dmabuf sync succeeded";
        using var heapFd = library.OpenHeap(heap);
        tap.Message("Testing allocation and importing:");
        DmaBuffer buffer;
        try
        {
            buffer = heapFd.Allocate(OneMeg);
        }
        catch (ErrnoException e)
        {
            tap.Fail(heap, import, $"Allocation Failed! {-e.Errno}");
            tap.Fail(heap, sync, "not run: allocation failed");
            return;
        }

        using (buffer)
        {
            if (!MapOrReport(buffer, [import, sync], out var map))
            {
                return;
            }

            using (map)
            {
                SyncIgnoringResult(buffer, DmaBufIoctl.DMA_BUF_SYNC_START);
                map.Fill(1, 0, OneMeg / 2);
                map.Fill(0, OneMeg / 2, OneMeg / 2);
                SyncIgnoringResult(buffer, DmaBufIoctl.DMA_BUF_SYNC_END);

                using var vgem = VgemImporter.TryOpen(Sys, args);
                uint handle = 0;
                if (vgem is null)
                {
                    tap.Skip(heap, import, "Could not open vgem -1");
                }
                else
                {
                    var ret = vgem.Import(buffer.Fd, out handle);
                    tap.Result(ret >= 0, heap, import, $"Import buffer {ret}");
                }

                var syncOk = TrySync(buffer, DmaBufIoctl.DMA_BUF_SYNC_START, "DMA_BUF_SYNC_START");
                if (syncOk)
                {
                    map.Fill(0xff);
                    syncOk = TrySync(buffer, DmaBufIoctl.DMA_BUF_SYNC_END, "DMA_BUF_SYNC_END");
                }

                vgem?.CloseHandle(handle);
                tap.Result(syncOk, heap, sync, "test_alloc_and_import dmabuf sync failed");
            }
        }
    }

    private void AllocZeroed(ulong size)
    {
        var fill = $"Allocate and fill a bunch of buffers ({size / 1024}k)";
        var zeroed = $"Allocate and validate all buffers are zeroed ({size / 1024}k)";
        tap.Message($"Testing alloced {size / 1024}k buffers are zeroed:");
        using var heapFd = library.OpenHeap(heap);
        var buffers = new List<DmaBuffer>();
        try
        {
            for (var i = 0; i < BufferCount; i++)
            {
                if (!TryAllocate(heapFd, size, i, [fill, zeroed], buffers))
                {
                    return;
                }

                if (!MapOrReport(buffers[^1], [fill, zeroed], out var map))
                {
                    return;
                }

                using (map)
                {
                    SyncIgnoringResult(buffers[^1], DmaBufIoctl.DMA_BUF_SYNC_START);
                    map.Fill(0xff);
                    SyncIgnoringResult(buffers[^1], DmaBufIoctl.DMA_BUF_SYNC_END);
                }
            }

            CloseAll(buffers);
            tap.Pass(heap, fill);

            for (var i = 0; i < BufferCount; i++)
            {
                if (!TryAllocate(heapFd, size, i, [zeroed], buffers) || !MapOrReport(buffers[^1], [zeroed], out var map))
                {
                    return;
                }

                using (map)
                {
                    SyncIgnoringResult(buffers[^1], DmaBufIoctl.DMA_BUF_SYNC_START);
                    var dirty = map.IndexOfOtherThan(0);
                    SyncIgnoringResult(buffers[^1], DmaBufIoctl.DMA_BUF_SYNC_END);
                    if (dirty >= 0)
                    {
                        tap.Message($"FAIL (Allocated buffer not zeroed @ {dirty})");
                        tap.Fail(heap, zeroed, $"buffer {i} not zeroed at byte {dirty}");
                        return;
                    }
                }
            }

            tap.Pass(heap, zeroed);
        }
        finally
        {
            CloseAll(buffers);
        }
    }

    private void AllocCompat()
    {
        using var heapFd = library.OpenHeap(heap);
        tap.Message("Testing (theoretical) older alloc compat:");
        var older = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(older, OneMeg);
        BinaryPrimitives.WriteUInt32LittleEndian(older.AsSpan(12), ValidFdFlags);
        var ret = RawAlloc(heapFd.Fd, older);
        tap.Result(ret == 0, heap, "dmabuf_heap_alloc_older", $"returned {Describe(ret)}");

        tap.Message("Testing (theoretical) newer alloc compat:");
        var newer = new byte[48];
        BinaryPrimitives.WriteUInt64LittleEndian(newer, OneMeg);
        BinaryPrimitives.WriteUInt32LittleEndian(newer.AsSpan(12), ValidFdFlags);
        BinaryPrimitives.WriteUInt64LittleEndian(newer.AsSpan(24), 0xffffffff);
        BinaryPrimitives.WriteUInt64LittleEndian(newer.AsSpan(32), 0x88888888);
        BinaryPrimitives.WriteUInt64LittleEndian(newer.AsSpan(40), 0x11111111);
        ret = RawAlloc(heapFd.Fd, newer);
        tap.Result(ret == 0, heap, "dmabuf_heap_alloc_newer", $"returned {Describe(ret)}");
    }

    private void AllocErrors()
    {
        using var heapFd = library.OpenHeap(heap);
        tap.Message("Testing expected error cases:");
        var ret = StructAlloc(0, ValidFdFlags, 0x111111);
        tap.Result(ret != 0, heap, "Error expected on invalid fd", "the allocation on fd 0 succeeded");
        ret = StructAlloc(heapFd.Fd, ValidFdFlags, 0x111111);
        tap.Result(ret != 0, heap, "Error expected on invalid heap flags", "heap_flags 0x111111 was accepted");
        ret = StructAlloc(heapFd.Fd, ~ValidFdFlags, 0);
        tap.Result(ret != 0, heap, "Error expected on invalid fd flags", "fd_flags ~(O_RDWR|O_CLOEXEC) was accepted");
    }

    /// <summary>DMA_HEAP_IOCTL_ALLOC of 1 MiB with the given flags; a surprise success's fd is closed.</summary>
    private int StructAlloc(int fd, int fdFlags, ulong heapFlags)
    {
        var data = new DmaHeapAllocationData { Len = OneMeg, FdFlags = unchecked((uint)fdFlags), HeapFlags = heapFlags };
        var ret = args.Ioctl(fd, DmaHeapIoctl.DMA_HEAP_IOCTL_ALLOC, ref data);
        if (ret == 0)
        {
            Sys.Close((int)data.Fd);
        }

        return ret;
    }

    /// <summary>An allocation ioctl whose size is the struct's: _IOWR('H', 0, bytes.Length).</summary>
    private int RawAlloc(int fd, byte[] argument)
    {
        args.Write(0, argument);
        var ret = Sys.Ioctl(fd, Ioctl._IOWR(DmaHeapIoctl.DMA_HEAP_IOC_MAGIC, 0, (uint)argument.Length), args.AddressOf(0));
        if (ret == 0)
        {
            Span<byte> newFd = stackalloc byte[4];
            args.Read(8, newFd);
            Sys.Close(BinaryPrimitives.ReadInt32LittleEndian(newFd));
        }

        return ret;
    }

    private bool TryAllocate(DmaHeap heapFd, ulong size, int index, string[] remaining, List<DmaBuffer> buffers)
    {
        try
        {
            buffers.Add(heapFd.Allocate(size));
            return true;
        }
        catch (ErrnoException e)
        {
            foreach (var name in remaining)
            {
                tap.Fail(heap, name, $"Allocation ({index}) failed {-e.Errno}");
            }

            return false;
        }
    }

    /// <summary>mmap; on failure reports <paramref name="remaining"/>: SKIP for a protected heap's EINVAL, else not ok.</summary>
    private bool MapOrReport(DmaBuffer buffer, string[] remaining, out DmaBufMapping map)
    {
        var mapped = buffer.TryMap(out map, out var errno);
        if (mapped && isProtected)
        {
            map.Dispose();
            foreach (var name in remaining)
            {
                tap.Fail(heap, name, "protected heap allowed mmap: its memory is reachable by the CPU");
            }

            return false;
        }

        if (mapped)
        {
            return true;
        }

        foreach (var name in remaining)
        {
            if (isProtected && errno == Errno.EINVAL)
            {
                tap.Skip(heap, name, ProtectedMmap);
            }
            else
            {
                tap.Fail(heap, name, $"mmap() failed: {Errno.Describe(errno)}");
            }
        }

        return false;
    }

    private bool TrySync(DmaBuffer buffer, ulong startOrEnd, string what)
    {
        try
        {
            buffer.Sync(startOrEnd | DmaBufIoctl.DMA_BUF_SYNC_RW);
            return true;
        }
        catch (ErrnoException e)
        {
            tap.Message($"FAIL ({what} failed!) {-e.Errno}");
            return false;
        }
    }

    /// <summary>The selftest ignores these syncs' results (it checks only the ones around the 0xff fill of the first test).</summary>
    private void SyncIgnoringResult(DmaBuffer buffer, ulong startOrEnd)
    {
        var sync = new DmaBufSync { Flags = startOrEnd | DmaBufIoctl.DMA_BUF_SYNC_RW };
        args.Ioctl(buffer.Fd, DmaBufIoctl.DMA_BUF_IOCTL_SYNC, ref sync);
    }

    private static void CloseAll(List<DmaBuffer> buffers)
    {
        foreach (var buffer in buffers)
        {
            buffer.Dispose();
        }

        buffers.Clear();
    }

    private static string Describe(int ret) => ret < 0 ? Errno.Describe(-ret) : ret.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
