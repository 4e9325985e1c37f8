namespace Protmem.Kernel.Mm;

/// <summary>
/// A broken memory-management invariant: a bug in the model (or in kernel code calling it), the
/// model's "kernel oops". <see cref="Invariant"/> is the rule that was broken, written as a sentence;
/// the message adds the pfn or address involved. Bad input from a program never raises this.
/// </summary>
public sealed class MmInvariantException : Exception
{
    public MmInvariantException()
        : this("an mm invariant holds", "unspecified")
    {
    }

    public MmInvariantException(string message)
        : this(message, "unspecified")
    {
    }

    public MmInvariantException(string message, Exception innerException)
        : base(message, innerException)
    {
        Invariant = message;
    }

    public MmInvariantException(string invariant, string detail)
        : base($"mm invariant broken: {invariant} ({detail})")
    {
        Invariant = invariant;
    }

    /// <summary>The rule that does not hold, as a sentence.</summary>
    public string Invariant { get; }
}
