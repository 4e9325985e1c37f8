namespace Protmem.Hardware.Devices;

/// <summary>How an NPU task ended, as the core's interrupt status tells it.</summary>
public enum NpuTaskStatus
{
    /// <summary>Every command ran (the DPU_0 done interrupt).</summary>
    Done = 0,

    /// <summary>A read was refused: an IOMMU page fault or a bus fault (DMA_READ_ERROR).</summary>
    DmaReadError = 1,

    /// <summary>A write was refused: an IOMMU page fault or a bus fault (DMA_WRITE_ERROR).</summary>
    DmaWriteError = 2,

    /// <summary>The command list held an unknown opcode or a truncated command.</summary>
    InvalidCommand = 3,
}
