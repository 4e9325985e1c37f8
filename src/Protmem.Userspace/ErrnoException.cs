using Protmem.Uapi;

namespace Protmem.Userspace;

/// <summary>
/// A system call failed: which call, and the errno it returned. The C#-idiomatic libraries
/// (<see cref="DmaHeaps.DmaHeapLibrary"/> and friends) turn a <c>-errno</c> into this exception in
/// one place, <see cref="Check(long, string)"/>; programs that need the raw value call
/// <see cref="ISyscalls"/> directly.
/// </summary>
public sealed class ErrnoException : Exception
{
    public ErrnoException(int errno, string call)
        : base($"{call}: {Uapi.Errno.Describe(errno)}")
    {
        Errno = Math.Abs(errno);
        Call = call;
    }

    public ErrnoException()
        : this(Uapi.Errno.EINVAL, "unknown call")
    {
    }

    public ErrnoException(string message)
        : base(message)
    {
        Errno = Uapi.Errno.EINVAL;
        Call = "unknown call";
    }

    public ErrnoException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errno = Uapi.Errno.EINVAL;
        Call = "unknown call";
    }

    /// <summary>The positive errno value (EINVAL = 22).</summary>
    public int Errno { get; }

    /// <summary>The call that failed, as a C programmer would write it ("ioctl(DMA_HEAP_IOCTL_ALLOC)").</summary>
    public string Call { get; }

    /// <summary>The one place a syscall result becomes an exception: returns <paramref name="result"/> if it is not negative.</summary>
    public static long Check(long result, string call) =>
        result < 0 ? throw new ErrnoException((int)-result, call) : result;

    /// <summary>As <see cref="Check(long, string)"/>, for the calls that return int.</summary>
    public static int Check(int result, string call) =>
        result < 0 ? throw new ErrnoException(-result, call) : result;
}
