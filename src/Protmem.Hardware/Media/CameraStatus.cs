namespace Protmem.Hardware.Media;

/// <summary>How a captured frame ended, as the camera's interrupt status reports it.</summary>
public enum CameraStatus
{
    /// <summary>The whole frame was written to the buffer.</summary>
    Done = 0,

    /// <summary>Writing the frame failed (an IOMMU page fault or a firewall fault): the rest of the frame was not written.</summary>
    DmaWriteError = 1,

    /// <summary>In secure mode, the buffer is not all protected memory: nothing was written.</summary>
    SecureWriteError = 2,
}
