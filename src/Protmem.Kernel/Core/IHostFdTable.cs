namespace Protmem.Kernel.Core;

/// <summary>
/// The real fd table of a host process a model process stands for (<c>protmem exec</c>). The model's
/// <see cref="FdTable"/> mirrors it: a model fd has the number of the real fd that stands for the file
/// in the program, so the numbers the model writes into ioctl results are the ones the program can use.
/// </summary>
/// <remarks>
/// Model: Linux has one fd table per process. Here the real kernel owns the numbers: the model asks it
/// for one when it reserves (get_unused_fd_flags), tells it which file to put there when it installs
/// (fd_install), and asks it about an fd the program got some other way (SCM_RIGHTS, fork, exec).
/// </remarks>
public interface IHostFdTable
{
    /// <summary>Reserves the lowest free real fd (O_CLOEXEC in <paramref name="flags"/> is its close-on-exec flag): the fd, or -errno.</summary>
    int ReserveFd(int flags);

    /// <summary>Puts the program's stand-in for <paramref name="file"/> at the reserved <paramref name="fd"/>.</summary>
    void InstallFd(int fd, OpenFile file);

    /// <summary>Gives back a reserved real fd that was not installed.</summary>
    void UnreserveFd(int fd);

    /// <summary>
    /// The model file the program's <paramref name="fd"/> stands for, when the model's table lacks it (the
    /// program received it): a new reference the caller installs, or null when the fd is no model file.
    /// </summary>
    OpenFile? ImportFd(int fd);
}
