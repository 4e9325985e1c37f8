using Protmem.Uapi;

namespace Protmem.Userspace.TeeClient;

/// <summary>
/// A TEEC_SharedMemory: memory the TEE may read (TEEC_MEM_INPUT) and/or write (TEEC_MEM_OUTPUT),
/// known to the kernel by its shm id. Either allocated (<see cref="TeecContext.AllocateSharedMemory"/>:
/// TEE_IOC_SHM_ALLOC, mapped into this process) or a registered dma-buf
/// (<see cref="TeecContext.RegisterSharedMemoryFileDescriptor"/>: no buffer in this process).
/// Disposing releases it (TEEC_ReleaseSharedMemory; paired with the allocation or registration).
/// </summary>
public sealed class TeecSharedMemory : IDisposable
{
    private readonly ISyscalls _sys;
    private readonly ulong _mappedLength;
    private int _registeredFd;
    private bool _released;

    internal TeecSharedMemory(ISyscalls sys, int id, ulong size, uint flags, ulong? buffer, ulong mappedLength, int registeredFd)
    {
        _sys = sys;
        Id = id;
        Size = size;
        Flags = flags;
        Buffer = buffer;
        _mappedLength = mappedLength;
        _registeredFd = registeredFd;
    }

    /// <summary>The kernel's shm id (memref parameters carry it in c).</summary>
    public int Id { get; }

    /// <summary>The size: as allocated, or as the kernel reported for a registered dma-buf.</summary>
    public ulong Size { get; }

    /// <summary>TEEC_MEM_INPUT and/or TEEC_MEM_OUTPUT.</summary>
    public uint Flags { get; }

    /// <summary>The user address of the memory, or null when this process has no mapping (a registered dma-buf).</summary>
    public ulong? Buffer { get; }

    /// <summary>The fd of a registration (TEE_IOC_SHM_REGISTER_FD), held until release; -1 otherwise.</summary>
    public int RegisteredFd => _registeredFd;

    /// <summary>Writes bytes into the mapped buffer; throws if this shared memory has no buffer here.</summary>
    public void Write(ulong offset, ReadOnlySpan<byte> bytes)
    {
        var address = RequireBuffer(offset, bytes.Length);
        ErrnoException.Check(_sys.WriteMemory(address, bytes), "write to shared memory");
    }

    /// <summary>Reads bytes from the mapped buffer; throws if this shared memory has no buffer here.</summary>
    public void Read(ulong offset, Span<byte> into)
    {
        var address = RequireBuffer(offset, into.Length);
        ErrnoException.Check(_sys.ReadMemory(address, into), "read from shared memory");
    }

    /// <summary>TEEC_ReleaseSharedMemory: unmaps the buffer or closes the registration fd.</summary>
    public void Dispose()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        if (Buffer is { } address)
        {
            _sys.Munmap(address, _mappedLength);
        }

        if (_registeredFd >= 0)
        {
            _sys.Close(_registeredFd);
            _registeredFd = -1;
        }
    }

    private ulong RequireBuffer(ulong offset, int count)
    {
        ObjectDisposedException.ThrowIf(_released, this);
        if (Buffer is not { } address || offset > Size || (ulong)count > Size - offset)
        {
            ThrowNotMapped(offset, count);
            return 0;
        }

        return address + offset;
    }

    // Out of line, so the check above inlines into every read and write of the buffer.
    private void ThrowNotMapped(ulong offset, int count) => throw (Buffer is null
        ? new InvalidOperationException($"shared memory {Id} is a registered dma-buf: this process has no mapping of it")
        : new ArgumentOutOfRangeException(nameof(offset), $"{count} bytes at offset {offset} do not fit in {Size}-byte shared memory"));
}
