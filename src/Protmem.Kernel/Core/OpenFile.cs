using Protmem.Uapi;

namespace Protmem.Kernel.Core;

/// <summary>
/// An open file (<c>struct file</c>): its operations, private data, flags and an explicit reference
/// count. Every fd that refers to it, every mapping of it and every kernel user holds one reference.
/// 1. <see cref="KernelContext.CreateFile"/> makes it with one reference (alloc_file).
/// 2. <see cref="Get"/> takes another (get_file), paired with <see cref="Put"/> (fput).
/// 3. When the last reference drops, <see cref="IFileOperations.Release"/> runs, once.
/// </summary>
public sealed class OpenFile
{
    private readonly Action<OpenFile> _onRelease;

    internal OpenFile(IFileOperations operations, object? privateData, int flags, Action<OpenFile> onRelease)
    {
        Operations = operations;
        PrivateData = privateData;
        Flags = flags & ~Fcntl.O_CLOEXEC;
        _onRelease = onRelease;
        RefCount = 1;
    }

    public IFileOperations Operations { get; }

    /// <summary>The object behind the file (<c>private_data</c>): a dma-buf, a heap, a sync file...</summary>
    public object? PrivateData { get; }

    /// <summary><c>f_flags</c>: the access mode and status flags (O_CLOEXEC is per fd, not here).</summary>
    public int Flags { get; }

    /// <summary>FMODE_READ: opened for reading.</summary>
    public bool CanRead => (Flags & Fcntl.O_ACCMODE) != Fcntl.O_WRONLY;

    /// <summary>FMODE_WRITE: opened for writing.</summary>
    public bool CanWrite => (Flags & Fcntl.O_ACCMODE) is Fcntl.O_WRONLY or Fcntl.O_RDWR;

    /// <summary><c>f_pos</c>: where the next read or write starts, for files that have one.</summary>
    public long Position { get; set; }

    /// <summary>References held (<c>f_count</c>); 0 once released.</summary>
    public int RefCount { get; private set; }

    /// <summary>True once the last reference dropped and release ran.</summary>
    public bool IsReleased => RefCount == 0;

    /// <summary>The private data as <typeparamref name="T"/>, or null when it is something else.</summary>
    public T? PrivateAs<T>()
        where T : class => PrivateData as T;

    /// <summary>Takes a reference (get_file); paired with <see cref="Put"/>.</summary>
    public OpenFile Get()
    {
        if (RefCount <= 0)
        {
            throw new KernelOopsException("get_file on a released file");
        }

        RefCount++;
        return this;
    }

    /// <summary>Drops a reference (fput); the last one releases the file.</summary>
    public void Put()
    {
        if (RefCount <= 0)
        {
            throw new KernelOopsException("fput on a released file (a reference was dropped twice)");
        }

        if (--RefCount == 0)
        {
            Operations.Release(this);
            _onRelease(this);
        }
    }

    public override string ToString() => $"file({Operations.GetType().Name}, refs {RefCount})";
}
