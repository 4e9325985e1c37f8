namespace Protmem.Hardware.Mmu;

/// <summary>What a CPU mapping allows.</summary>
[Flags]
public enum CpuPermissions
{
    None = 0,
    Read = 1,
    Write = 2,
    Execute = 4,
    ReadWrite = Read | Write,
}

/// <summary>One run of a CPU address space: [Va, +Length) → [Phys, +Length) with <see cref="Permissions"/>.</summary>
public readonly record struct CpuMapping(CpuVirtAddr Va, PhysAddr Phys, ulong Length, CpuPermissions Permissions)
{
    /// <summary>The physical bytes the run maps.</summary>
    public PhysRange PhysRange => new(Phys, Length);
}

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
