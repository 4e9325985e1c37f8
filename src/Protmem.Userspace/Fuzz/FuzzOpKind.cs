namespace Protmem.Userspace.Fuzz;

/// <summary>The syscalls of the fuzzer's grammar, one text word each in a replayable program.</summary>
public enum FuzzOpKind
{
    /// <summary><c>spawn</c>: a process in the slot (and its scratch page for ioctl arguments).</summary>
    Spawn,

    /// <summary><c>exit</c>: the slot's process exits (its fds close, its memory goes).</summary>
    Exit,

    /// <summary><c>open PATH FLAGS</c>.</summary>
    Open,

    /// <summary><c>close FD</c>.</summary>
    Close,

    /// <summary><c>dup FD</c>.</summary>
    Dup,

    /// <summary><c>ioctl FD REQUEST HEX</c>: the bytes staged in the scratch page, its address the argument.</summary>
    Ioctl,

    /// <summary><c>ioctlv FD REQUEST VALUE</c>: an integer (or wild pointer) argument.</summary>
    IoctlValue,

    /// <summary><c>mmap ADDR LEN PROT FLAGS FD OFFSET</c>.</summary>
    Mmap,

    /// <summary><c>munmap ADDR LEN</c>.</summary>
    Munmap,

    /// <summary><c>peek ADDR LEN</c>: the process's CPU reads its memory.</summary>
    Peek,

    /// <summary><c>poke ADDR LEN</c>: the process's CPU writes a pattern.</summary>
    Poke,

    /// <summary><c>lseek FD OFFSET WHENCE</c>.</summary>
    Lseek,

    /// <summary><c>read FD LEN</c> into the scratch page.</summary>
    Read,

    /// <summary><c>write FD LEN</c> from the scratch page.</summary>
    Write,

    /// <summary><c>poll FD EVENTS</c>.</summary>
    Poll,
}
