namespace Protmem.Kernel.Fs;

/// <summary>
/// What an open sysfs file or directory remembers besides its <c>f_pos</c> (<c>struct kernfs_open_file</c>):
/// the node, and an attribute's text as its show callback produced it at the first read
/// from position 0 (seq_file: later reads continue that snapshot).
/// </summary>
internal sealed class SysfsOpenFile(SysfsNode node)
{
    public SysfsNode Node { get; } = node;

    public byte[]? Text { get; set; }
}
