namespace Protmem.Hardware.Media;

/// <summary>How a decode job ended, as the decoder's interrupt status reports it.</summary>
public enum VideoDecoderStatus
{
    Done = 0,

    /// <summary>Reading the bitstream failed (an IOMMU page fault or a firewall fault).</summary>
    DmaReadError = 1,

    /// <summary>Writing the picture failed (an IOMMU page fault or a firewall fault).</summary>
    DmaWriteError = 2,

    /// <summary>The bitstream is not a valid PMV1 frame, or the picture does not fit the destination.</summary>
    BitstreamError = 3,

    /// <summary>In secure mode, the picture's destination is not all protected memory: nothing was written.</summary>
    SecureWriteError = 4,
}
