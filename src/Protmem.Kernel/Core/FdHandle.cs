namespace Protmem.Kernel.Core;

/// <summary>
/// A kernel-held name for one fd of one process: the owner's pid, the fd and the generation of the
/// installation. It resolves only in the owner's table and only while that installation lives, so a
/// handle can never reach another process's file or a later file that reused the number.
/// </summary>
public readonly record struct FdHandle(int OwnerPid, int Fd, uint Generation);
