namespace Protmem.Hardware.Mmu;

/// <summary>One run of a CPU address space: [Va, +Length) → [Phys, +Length) with <see cref="Permissions"/>.</summary>
public readonly record struct CpuMapping(CpuVirtAddr Va, PhysAddr Phys, ulong Length, CpuPermissions Permissions)
{
    /// <summary>The physical bytes the run maps.</summary>
    public PhysRange PhysRange => new(Phys, Length);
}
