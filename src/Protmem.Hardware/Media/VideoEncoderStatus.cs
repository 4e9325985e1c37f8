namespace Protmem.Hardware.Media;

/// <summary>How an encode job ended, as the encoder's interrupt status reports it.</summary>
public enum VideoEncoderStatus
{
    Done = 0,

    /// <summary>Reading the picture failed (an IOMMU page fault or a firewall fault).</summary>
    DmaReadError = 1,

    /// <summary>Writing the bitstream failed (an IOMMU page fault or a firewall fault).</summary>
    DmaWriteError = 2,

    /// <summary>The picture size is not one PMV1 codes (an even size up to 3840 × 2160): nothing was read.</summary>
    FormatError = 3,

    /// <summary>The encoded frame is larger than the bitstream buffer's capacity: nothing was written.</summary>
    BufferFull = 4,

    /// <summary>In secure mode, the bitstream's destination is not all protected memory: nothing was written.</summary>
    SecureWriteError = 5,
}
