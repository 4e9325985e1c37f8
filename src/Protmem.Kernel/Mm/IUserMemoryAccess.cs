namespace Protmem.Kernel.Mm;

/// <summary>
/// Where copy_from_user and copy_to_user of a process reach when its program runs outside the model
/// (<c>protmem exec</c>): the real process's memory.
/// </summary>
/// <remarks>
/// Model: Linux has one kind of user memory, reached through the process's page tables. A model process
/// that stands for a host process keeps its page tables for the mappings of model files (the oracle
/// sees them), but its ioctl arguments live in the host process, so the accessors are pluggable.
/// </remarks>
public interface IUserMemoryAccess
{
    /// <summary>copy_from_user: 0, or -EFAULT when a byte is not readable in the host process.</summary>
    int CopyFromUser(ulong addr, Span<byte> into);

    /// <summary>copy_to_user: 0, or -EFAULT when a byte is not writable in the host process.</summary>
    int CopyToUser(ulong addr, ReadOnlySpan<byte> from);
}
