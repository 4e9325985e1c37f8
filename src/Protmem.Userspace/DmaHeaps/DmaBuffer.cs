using System.Text;
using Protmem.Uapi;
using Protmem.Uapi.DmaBuf;

namespace Protmem.Userspace.DmaHeaps;

/// <summary>
/// A dma-buf this process holds by fd: its size, CPU access (mmap + DMA_BUF_IOCTL_SYNC), its
/// name and its implicit fences as sync_files. Disposing closes the fd (paired with
/// <see cref="DmaHeap.Allocate"/>); the buffer lives on while other fds or mappings hold it.
/// </summary>
public sealed class DmaBuffer : IDisposable
{
    private const ulong NameOffset = 1024;

    private readonly DmaHeapLibrary _library;
    private bool _disposed;

    internal DmaBuffer(DmaHeapLibrary library, int fd, ulong size)
    {
        _library = library;
        Fd = fd;
        Size = size;
    }

    /// <summary>The dma-buf fd.</summary>
    public int Fd { get; }

    /// <summary>The size the kernel reports (lseek SEEK_END): the requested length rounded up to pages.</summary>
    public ulong Size { get; }

    private ISyscalls Sys => _library.Syscalls;

    /// <summary>mmap(NULL, Size, prot, MAP_SHARED, fd, 0); throws <see cref="ErrnoException"/> (EINVAL for a protected buffer).</summary>
    public DmaBufMapping Map(int prot = Mman.PROT_READ | Mman.PROT_WRITE)
    {
        TryMap(out var mapping, out var errno, prot);
        ErrnoException.Check(-errno, "mmap(dma-buf)");
        return mapping;
    }

    /// <summary>As <see cref="Map"/>, returning false and the errno instead of throwing.</summary>
    public bool TryMap(out DmaBufMapping mapping, out int errno, int prot = Mman.PROT_READ | Mman.PROT_WRITE)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var address = Sys.Mmap(0, Size, prot, Mman.MAP_SHARED, Fd, 0);
        if (address < 0)
        {
            mapping = null!;
            errno = (int)-address;
            return false;
        }

        mapping = new DmaBufMapping(Sys, (ulong)address, Size);
        errno = 0;
        return true;
    }

    /// <summary>DMA_BUF_IOCTL_SYNC with DMA_BUF_SYNC_START | <paramref name="access"/>: CPU access begins.</summary>
    public void SyncStart(ulong access = DmaBufIoctl.DMA_BUF_SYNC_RW) => Sync(DmaBufIoctl.DMA_BUF_SYNC_START | access);

    /// <summary>DMA_BUF_IOCTL_SYNC with DMA_BUF_SYNC_END | <paramref name="access"/>: CPU access ends.</summary>
    public void SyncEnd(ulong access = DmaBufIoctl.DMA_BUF_SYNC_RW) => Sync(DmaBufIoctl.DMA_BUF_SYNC_END | access);

    /// <summary>DMA_BUF_IOCTL_SYNC with raw <paramref name="flags"/>.</summary>
    public void Sync(ulong flags)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var sync = new DmaBufSync { Flags = flags };
        ErrnoException.Check(_library.Scratch.Ioctl(Fd, DmaBufIoctl.DMA_BUF_IOCTL_SYNC, ref sync), $"ioctl(DMA_BUF_IOCTL_SYNC, 0x{flags:x})");
    }

    /// <summary>DMA_BUF_SET_NAME: the kernel takes at most 31 bytes and a NUL (longer: EINVAL).</summary>
    public void SetName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var bytes = Encoding.UTF8.GetBytes(name + "\0");
        var scratch = _library.Scratch;
        scratch.Write(NameOffset, bytes);
        ErrnoException.Check(Sys.Ioctl(Fd, DmaBufIoctl.DMA_BUF_SET_NAME, scratch.AddressOf(NameOffset)), "ioctl(DMA_BUF_SET_NAME)");
    }

    /// <summary>DMA_BUF_IOCTL_EXPORT_SYNC_FILE: a new sync_file fd for the buffer's current fences (READ, WRITE or both); the caller closes it.</summary>
    public int ExportSyncFile(uint flags)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var export = new DmaBufExportSyncFile { Flags = flags, Fd = -1 };
        ErrnoException.Check(_library.Scratch.Ioctl(Fd, DmaBufIoctl.DMA_BUF_IOCTL_EXPORT_SYNC_FILE, ref export), "ioctl(DMA_BUF_IOCTL_EXPORT_SYNC_FILE)");
        return export.Fd;
    }

    /// <summary>DMA_BUF_IOCTL_IMPORT_SYNC_FILE: adds <paramref name="syncFileFd"/>'s fence as a read or write fence.</summary>
    public void ImportSyncFile(uint flags, int syncFileFd)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var import = new DmaBufImportSyncFile { Flags = flags, Fd = syncFileFd };
        ErrnoException.Check(_library.Scratch.Ioctl(Fd, DmaBufIoctl.DMA_BUF_IOCTL_IMPORT_SYNC_FILE, ref import), "ioctl(DMA_BUF_IOCTL_IMPORT_SYNC_FILE)");
    }

    /// <summary>Closes the fd; paired with <see cref="DmaHeap.Allocate"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Sys.Close(Fd);
    }
}
