namespace Protmem.Kernel.Fs;

/// <summary>
/// What an open sysfs file or directory remembers (<c>struct kernfs_open_file</c> and <c>f_pos</c>):
/// the node, the position, and an attribute's text as its show callback produced it at the first read
/// from position 0 (seq_file: later reads continue that snapshot).
/// </summary>
internal sealed class SysfsOpenFile(SysfsNode node)
{
    public SysfsNode Node { get; } = node;

    public long Position { get; set; }

    public byte[]? Text { get; set; }
}
