namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>What the driver reports in its event log (dev_warn/dev_err lines of panthor, as records).</summary>
public enum PanthorEventKind
{
    /// <summary>A group's stream faulted in normal mode (an MMU or bus fault): the group is killed.</summary>
    GroupFault,

    /// <summary>GPU_IRQ_PROTM_FAULT: the protected group is killed and the GPU reset.</summary>
    ProtmFault,

    /// <summary>A PROT_REGION in a group not created PROTECTED, or without protected support: the group is killed.</summary>
    ProtmRefused,

    /// <summary>The GPU was reset.</summary>
    GpuReset,

    /// <summary>The firmware was reset (ENABLE_FW_PROT_MODE); the detail says by how much running work was delayed.</summary>
    FirmwareReset,

    /// <summary>Fatal: GLB_PROTM_ENTER was never acknowledged (the firmware's protected sections are not protected memory): on hardware the platform hangs.</summary>
    PlatformHang,
}
