namespace Protmem.Hardware.Devices;

/// <summary>How a command stream stopped (the cause of the GPU's job interrupt).</summary>
public enum GpuJobStatus
{
    /// <summary>The stream ran to its end.</summary>
    Done,

    /// <summary>The stream reached a PROT_REGION (CS_PROTM_PENDING); it resumes when the GPU is protected.</summary>
    ProtmPending,

    /// <summary>An access was refused (an MMU or firewall fault) in normal mode.</summary>
    Fault,

    /// <summary>A fault in protected mode (GPU_IRQ_PROTM_FAULT), a write to unprotected memory included.</summary>
    ProtmFault,

    /// <summary>An unknown opcode, a bad register, a PROT_REGION inside a PROT_REGION or past the stream's end.</summary>
    InvalidInstruction,
}
