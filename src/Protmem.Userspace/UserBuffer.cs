using Protmem.Uapi;

namespace Protmem.Userspace;

/// <summary>
/// A private anonymous mapping in the calling process, used as C programs use their stack and
/// heap: to stage ioctl arguments at a user address. Lifecycle:
/// <list type="number">
/// <item><see cref="Map"/>: mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0).</item>
/// <item><see cref="Put{T}"/> writes a uapi struct at an offset; <see cref="AddressOf"/> gives the user address to pass.</item>
/// <item><see cref="Ioctl{T}"/> does both, calls ioctl(2) and reads the struct back.</item>
/// <item><see cref="Dispose"/>: munmap (paired with <see cref="Map"/>).</item>
/// </list>
/// </summary>
public sealed class UserBuffer : IDisposable
{
    private readonly ISyscalls _sys;
    private bool _disposed;

    private UserBuffer(ISyscalls sys, ulong address, ulong length)
    {
        _sys = sys;
        Address = address;
        Length = length;
    }

    /// <summary>The user address of byte 0.</summary>
    public ulong Address { get; }

    /// <summary>The mapped length: the requested length rounded up to whole pages.</summary>
    public ulong Length { get; }

    /// <summary>Maps at least <paramref name="length"/> bytes; throws <see cref="ErrnoException"/> if mmap fails.</summary>
    public static UserBuffer Map(ISyscalls sys, ulong length)
    {
        ArgumentNullException.ThrowIfNull(sys);
        ArgumentOutOfRangeException.ThrowIfZero(length);
        const ulong page = Mman.PAGE_SIZE;
        var rounded = (length + page - 1) / page * page;
        ArgumentOutOfRangeException.ThrowIfLessThan(rounded, length);
        var address = ErrnoException.Check(
            sys.Mmap(0, rounded, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0),
            "mmap(MAP_ANONYMOUS)");
        return new UserBuffer(sys, (ulong)address, rounded);
    }

    /// <summary>The user address of byte <paramref name="offset"/>; <paramref name="offset"/> may equal <see cref="Length"/> (one past the end).</summary>
    public ulong AddressOf(ulong offset)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, Length);
        return Address + offset;
    }

    /// <summary>Writes <paramref name="bytes"/> at <paramref name="offset"/>.</summary>
    public void Write(ulong offset, ReadOnlySpan<byte> bytes)
    {
        RequireRange(offset, bytes.Length);
        ErrnoException.Check(_sys.WriteMemory(Address + offset, bytes), "write to user memory");
    }

    /// <summary>Reads <paramref name="into"/>.Length bytes from <paramref name="offset"/>.</summary>
    public void Read(ulong offset, Span<byte> into)
    {
        RequireRange(offset, into.Length);
        ErrnoException.Check(_sys.ReadMemory(Address + offset, into), "read from user memory");
    }

    /// <summary>Writes <paramref name="value"/>'s bytes at <paramref name="offset"/> and returns its user address.</summary>
    public ulong Put<T>(ulong offset, in T value)
        where T : struct, IUapiStruct<T>
    {
        Span<byte> bytes = stackalloc byte[T.Layout.Size];
        value.Write(bytes);
        Write(offset, bytes);
        return Address + offset;
    }

    /// <summary>Reads a <typeparamref name="T"/> from <paramref name="offset"/>.</summary>
    public T Get<T>(ulong offset)
        where T : struct, IUapiStruct<T>
    {
        Span<byte> bytes = stackalloc byte[T.Layout.Size];
        Read(offset, bytes);
        return T.Read(bytes);
    }

    /// <summary>
    /// Stages <paramref name="argument"/> at <paramref name="offset"/>, calls ioctl(fd, request, address),
    /// and reads the struct back into <paramref name="argument"/> whatever the result (the kernel
    /// copies out only what it wrote). Returns the raw result: non-negative, or -errno.
    /// </summary>
    public int Ioctl<T>(int fd, uint request, ref T argument, ulong offset = 0)
        where T : struct, IUapiStruct<T>
    {
        var address = Put(offset, argument);
        var result = _sys.Ioctl(fd, request, address);
        argument = Get<T>(offset);
        return result;
    }

    /// <summary>munmap; paired with <see cref="Map"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _sys.Munmap(Address, Length);
    }

    private void RequireRange(ulong offset, int count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset > Length || (ulong)count > Length - offset)
        {
            ThrowOutside(offset, count);
        }
    }

    // Out of line, so the range check inlines into every staged read and write.
    private void ThrowOutside(ulong offset, int count) =>
        throw new ArgumentOutOfRangeException(nameof(offset), $"{count} bytes at offset {offset} do not fit in a {Length}-byte user buffer");
}
