namespace Protmem.Kernel.Core;

/// <summary>The POSIX capabilities the model checks (include/uapi/linux/capability.h), as a set.</summary>
[Flags]
public enum Capabilities : ulong
{
    None = 0,

    /// <summary>CAP_SYS_RAWIO (17).</summary>
    SysRawIo = 1UL << 17,

    /// <summary>CAP_SYS_ADMIN (21).</summary>
    SysAdmin = 1UL << 21,

    /// <summary>CAP_IPC_LOCK (14).</summary>
    IpcLock = 1UL << 14,

    /// <summary>Every capability the model knows.</summary>
    All = SysRawIo | SysAdmin | IpcLock,
}
