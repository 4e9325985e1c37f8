using Protmem.Uapi;

namespace Protmem.Userspace.DmaHeaps;

/// <summary>
/// A shared CPU mapping of a dma-buf in this process: bytes read and written through the
/// process's own memory accesses. Disposing unmaps (paired with <see cref="DmaBuffer.Map"/>).
/// </summary>
public sealed class DmaBufMapping : IDisposable
{
    private const int Chunk = 64 * 1024;

    private readonly ISyscalls _sys;
    private bool _disposed;

    internal DmaBufMapping(ISyscalls sys, ulong address, ulong length)
    {
        _sys = sys;
        Address = address;
        Length = length;
    }

    /// <summary>The user address of the mapping.</summary>
    public ulong Address { get; }

    /// <summary>The mapped length (the dma-buf size).</summary>
    public ulong Length { get; }

    /// <summary>Reads bytes at <paramref name="offset"/>; throws <see cref="ErrnoException"/> (EFAULT) if the CPU cannot read them.</summary>
    public void Read(ulong offset, Span<byte> into)
    {
        RequireRange(offset, (ulong)into.Length);
        ErrnoException.Check(_sys.ReadMemory(Address + offset, into), "read from dma-buf mapping");
    }

    /// <summary>Writes bytes at <paramref name="offset"/>; throws <see cref="ErrnoException"/> (EFAULT) if the CPU cannot write them.</summary>
    public void Write(ulong offset, ReadOnlySpan<byte> bytes)
    {
        RequireRange(offset, (ulong)bytes.Length);
        ErrnoException.Check(_sys.WriteMemory(Address + offset, bytes), "write to dma-buf mapping");
    }

    /// <summary>memset(p + offset, value, count); the whole mapping by default.</summary>
    public void Fill(byte value, ulong offset = 0, ulong? count = null)
    {
        var total = count ?? (Length - Math.Min(offset, Length));
        RequireRange(offset, total);
        var chunk = new byte[(int)Math.Min(total, Chunk)];
        chunk.AsSpan().Fill(value);
        for (ulong done = 0; done < total;)
        {
            var n = (int)Math.Min((ulong)chunk.Length, total - done);
            Write(offset + done, chunk.AsSpan(0, n));
            done += (ulong)n;
        }
    }

    /// <summary>The offset of the first byte that is not <paramref name="value"/>, or -1 if every byte is.</summary>
    public long IndexOfOtherThan(byte value)
    {
        var chunk = new byte[(int)Math.Min(Length, Chunk)];
        for (ulong done = 0; done < Length;)
        {
            var n = (int)Math.Min((ulong)chunk.Length, Length - done);
            Read(done, chunk.AsSpan(0, n));
            var index = chunk.AsSpan(0, n).IndexOfAnyExcept(value);
            if (index >= 0)
            {
                return (long)done + index;
            }

            done += (ulong)n;
        }

        return -1;
    }

    /// <summary>munmap; paired with <see cref="DmaBuffer.Map"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _sys.Munmap(Address, Length);
    }

    private void RequireRange(ulong offset, ulong count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset > Length || count > Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"{count} bytes at offset {offset} do not fit in a {Length}-byte mapping");
        }
    }
}
