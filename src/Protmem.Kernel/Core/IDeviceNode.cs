namespace Protmem.Kernel.Core;

/// <summary>
/// A character device node (<c>/dev/...</c>): what open(2) of its path does. Implementations create
/// the open file with <see cref="KernelContext.CreateFile"/>.
/// </summary>
public interface IDeviceNode
{
    /// <summary>Opens the node for <paramref name="caller"/>: 0 with a file holding one reference, or -errno.</summary>
    int Open(UserProcess caller, int flags, out OpenFile? file);
}
