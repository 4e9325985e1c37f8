namespace Protmem.Kernel.Core;

/// <summary>
/// A kernel oops: a broken kernel invariant, a bug in the model or in kernel code (a kernel access to
/// memory the hardware refuses, a reference put twice). The message names the invariant. Bad input from
/// a program never raises it: that is an errno.
/// </summary>
public sealed class KernelOopsException : Exception
{
    public KernelOopsException()
        : base("kernel oops")
    {
    }

    public KernelOopsException(string message)
        : base("kernel oops: " + message)
    {
    }

    public KernelOopsException(string message, Exception innerException)
        : base("kernel oops: " + message, innerException)
    {
    }
}
