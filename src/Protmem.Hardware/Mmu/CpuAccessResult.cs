namespace Protmem.Hardware.Mmu;

/// <summary>How a CPU access ended.</summary>
public enum CpuAccessResult
{
    Ok = 0,

    /// <summary>No mapping for a page of the access (an abort; the kernel answers -EFAULT or SIGSEGV).</summary>
    TranslationFault = 1,

    /// <summary>The mapping does not allow the access.</summary>
    PermissionFault = 2,

    /// <summary>The firewall denied the physical access.</summary>
    FirewallDenied = 3,

    /// <summary>The physical address is not DRAM.</summary>
    NoMemory = 4,
}
