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
