namespace Protmem.Kernel.Media.V4l2;

/// <summary>struct v4l2_file_operations, narrowed to open and release (ioctl and poll are the core's).</summary>
public interface IV4l2FileOps
{
    /// <summary>open: the driver sets up <paramref name="fh"/> (its context, its m2m context); 0 or -errno.</summary>
    int Open(V4l2Fh fh);

    /// <summary>release: the last reference to the file went; the driver frees what <see cref="Open"/> made.</summary>
    void Release(V4l2Fh fh);
}
