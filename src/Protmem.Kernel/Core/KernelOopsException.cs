namespace Protmem.Kernel.Core;

/// <summary>
/// A kernel oops: an invariant of the model is broken, a bug in the model (or in kernel code calling
/// it), never a program's doing. It is the one exception the kernel raises for that; a harness catches
/// it to report the oops. <see cref="Invariant"/> is the rule that does not hold, written as a
/// sentence; the message adds what was involved (a pfn, an address, an object). Bad input from a
/// program never raises this: it gets an errno, and a path the model does not cover gets its errno
/// plus a "not modelled" finding (<see cref="NotModelledLog"/>).
/// </summary>
public sealed class KernelOopsException : Exception
{
    public KernelOopsException()
        : this("an invariant of the model holds", "unspecified")
    {
    }

    /// <summary>An oops whose message says what happened; it is also the <see cref="Invariant"/>.</summary>
    public KernelOopsException(string message)
        : base("kernel oops: " + message)
    {
        Invariant = message;
    }

    public KernelOopsException(string message, Exception innerException)
        : base("kernel oops: " + message, innerException)
    {
        Invariant = message;
    }

    /// <summary>An oops naming the broken <paramref name="invariant"/> and the <paramref name="detail"/> involved.</summary>
    public KernelOopsException(string invariant, string detail)
        : base($"kernel oops: invariant broken: {invariant} ({detail})")
    {
        Invariant = invariant;
    }

    /// <summary>The rule that does not hold, as a sentence.</summary>
    public string Invariant { get; }
}
